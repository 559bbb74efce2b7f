"""Demo catalogue of the fictional Bluepeak Digital: services, case studies, solutions.

Keyed by slug and created only when missing, so running it again changes nothing and
never overwrites what an editor has changed since.

Longer than 400 lines on purpose: most of it is the demo's text (services, cases,
solutions), which reads best in one place.
"""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageChops, ImageDraw, ImageFont
from taggit.models import Tag

from .models import (
    CaseStudy,
    CaseStudyImage,
    CaseStudyResult,
    Industry,
    Service,
    Solution,
)

INDUSTRIES = [
    ("food-beverage", "Food & beverage"),
    ("retail", "Retail"),
    ("healthcare", "Healthcare"),
    ("education", "Education"),
    ("manufacturing", "Manufacturing"),
    ("hospitality", "Tourism & hospitality"),
]

# slug, name, parent slug, icon, colours, featured, tags, summary, body, deliverables,
# steps, price note
SERVICES = [
    {
        "slug": "h5-development",
        "name": "H5 Development",
        "icon": "code",
        "colors": ("#ff7a1a", "#ffb347"),
        "featured": True,
        "tags": ["H5", "Content Marketing"],
        "summary": "Campaign pages, quizzes and light games that open instantly in "
        "WeChat and any phone browser, and are built to be shared.",
        "body": "<p>An H5 page is the fastest way to put an idea in front of people on "
        "their phones: no install, one tap from a chat or a poster. We write the "
        "story, design every screen and build pages that load in under two seconds on "
        "a busy subway.</p><h2>Good for</h2><ul><li>Product launches and seasonal "
        "campaigns</li><li>Lucky draws, quizzes and personality tests</li><li>Event "
        "invitations with sign-up</li></ul>",
        "deliverables": "Campaign concept and storyboard\nDesign of every screen\n"
        "Front-end build with sharing cards for WeChat\nLucky-draw or form back end\n"
        "Visit and share statistics",
        "steps": "Brief: one call to agree on the goal and the audience\n"
        "Concept: two storyboards to choose from\nDesign: screens and motion\n"
        "Build: front end and back end, tested on twenty phones\n"
        "Launch: go live and watch the figures with you",
        "price_note": "From ¥18,000",
    },
    {
        "slug": "wechat-development",
        "name": "WeChat Development",
        "icon": "chat",
        "colors": ("#07a35a", "#3ddc84"),
        "featured": True,
        "tags": ["WeChat", "Public Account"],
        "summary": "Official accounts, menus, membership and payments: the WeChat "
        "presence your customers expect, connected to your own systems.",
        "body": "<p>WeChat is where your customers already spend their day. We set up "
        "and extend official accounts, connect them to your shop, CRM or ERP, and "
        "build the mini programs that turn followers into customers.</p>",
        "deliverables": "Official account set-up and verification help\n"
        "Custom menus and automatic replies\nMembership cards and coupons\n"
        "WeChat Pay integration\nConnection to your CRM or ERP",
        "steps": "Audit: what you have and what your customers ask for\n"
        "Plan: accounts, features and integrations\nBuild: configuration and custom "
        "development\nHand-over: training for your team",
        "price_note": "From ¥25,000",
    },
    {
        "slug": "mini-program",
        "parent": "wechat-development",
        "name": "Mini Program",
        "icon": "phone",
        "colors": ("#1249d6", "#4f7dff"),
        "featured": True,
        "tags": ["Mini Program"],
        "summary": "Booking, ordering, membership and service apps that run inside "
        "WeChat, with no download and a native feel.",
        "body": "<p>A mini program opens from a QR code, a chat or a search, and stays "
        "one swipe away afterwards. We design and build mini programs for bookings, "
        "orders, loyalty and customer service, and look after them once they are "
        "live.</p>",
        "deliverables": "User research and a clickable prototype\nUI design\n"
        "Mini program front end and back end\nAdmin panel for your staff\n"
        "Review submission and launch\nThree months of care after launch",
        "steps": "Discovery: a workshop on goals, users and features\n"
        "Prototype: clickable screens to test with real customers\n"
        "Design: the full interface\nBuild: two-week sprints with a demo each time\n"
        "Launch: review, go live and measure",
        "price_note": "From ¥40,000",
    },
    {
        "slug": "mini-program-mall",
        "parent": "wechat-development",
        "name": "Mini Program Mall",
        "icon": "bag",
        "colors": ("#7c3aed", "#a78bfa"),
        "featured": False,
        "tags": ["E-commerce", "Payments"],
        "summary": "A complete shop inside WeChat: catalogue, cart, WeChat Pay, "
        "coupons, group buying and distribution.",
        "body": "<p>Sell where your customers chat. Our mall is built on a tested core "
        "and shaped to your range, your promotions and your warehouse.</p>",
        "deliverables": "Catalogue, cart and checkout with WeChat Pay\n"
        "Coupons, flash sales and group buying\nDistribution and referral rewards\n"
        "Order and stock admin\nSales reports",
        "steps": "Range: products, prices and promotions\nSet-up: the mall on our core\n"
        "Custom work: what makes your shop yours\nLaunch: first campaign with you",
        "price_note": "From ¥60,000",
    },
    {
        "slug": "app-development",
        "name": "APP Development",
        "icon": "app",
        "colors": ("#0ea5e9", "#67e8f9"),
        "featured": True,
        "tags": ["App", "Flutter"],
        "summary": "iOS and Android apps for customers and teams, from the first "
        "sketch to the app stores and beyond.",
        "body": "<p>When a product needs the whole phone (notifications, offline use, "
        "the camera, Bluetooth) an app is the right tool. We build cross-platform "
        "apps that feel native and publish them in Chinese and international "
        "stores.</p>",
        "deliverables": "Product workshop and feature map\nUX and UI design\n"
        "iOS and Android apps from one code base\nAPI and admin back end\n"
        "Store listings in China and abroad",
        "steps": "Discovery: goals, users and must-haves\nDesign: flows and screens\n"
        "Build: sprints with a test build every two weeks\n"
        "Release: app stores and monitoring",
        "price_note": "From ¥120,000",
    },
    {
        "slug": "website-development",
        "name": "Website Development",
        "icon": "browser",
        "colors": ("#0b2f91", "#1249d6"),
        "featured": True,
        "tags": ["Performance", "Cross-border"],
        "summary": "Fast, bilingual company websites that rank, load well in China and "
        "are easy for your team to edit.",
        "body": "<p>Your website is often the first thing a buyer checks. We build "
        "sites that load quickly behind the Great Firewall and abroad, speak both "
        "English and Chinese, and bring in enquiries.</p>",
        "deliverables": "Site map and content plan\nResponsive design\n"
        "Content management for your team\nHosting in or outside China\n"
        "Basic SEO and analytics",
        "steps": "Plan: pages, content and goals\nDesign: home page first, then the rest\n"
        "Build: content management and integrations\nLaunch: hosting, ICP filing help "
        "and training",
        "price_note": "From ¥30,000",
    },
    {
        "slug": "seo-optimization",
        "name": "SEO Optimization",
        "icon": "search",
        "colors": ("#0f766e", "#2dd4bf"),
        "featured": True,
        "tags": ["SEO", "Baidu"],
        "summary": "Be found on Baidu and Google by the people who are already "
        "looking for what you sell.",
        "body": "<p>We fix what holds your site back, write the pages your buyers are "
        "searching for and report every month in plain words.</p>",
        "deliverables": "Technical audit and fixes\nKeyword research in English and "
        "Chinese\nNew and improved pages\nMonthly ranking and traffic report",
        "steps": "Audit: speed, structure and content\nFix: the technical issues first\n"
        "Write: pages for the searches that matter\nReport: monthly figures and next "
        "steps",
        "price_note": "From ¥6,000 a month",
    },
    {
        "slug": "short-video",
        "name": "Short Video",
        "icon": "play",
        "colors": ("#e11d48", "#fb7185"),
        "featured": True,
        "tags": ["Douyin", "Live Streaming"],
        "summary": "Scripts, shooting and editing for Douyin, Channels and "
        "Xiaohongshu, planned as a series rather than one-offs.",
        "body": "<p>Short video is where attention is. We plan series that fit each "
        "platform, shoot them in our studio or on location, and edit versions for "
        "every channel.</p>",
        "deliverables": "Channel plan and content calendar\nScripts\n"
        "Shooting and editing\nSubtitles in Chinese and English\nMonthly performance "
        "review",
        "steps": "Plan: themes and calendar\nScript: hooks and stories\n"
        "Shoot: one day for a month of videos\nPublish: and learn from the figures",
        "price_note": "From ¥15,000 a month",
    },
    {
        "slug": "digital-marketing",
        "name": "Digital Marketing",
        "icon": "megaphone",
        "colors": ("#f59e0b", "#fcd34d"),
        "featured": True,
        "tags": ["Content Marketing", "Analytics"],
        "summary": "Campaigns, paid media and content that bring customers to your "
        "mini program, app or website, measured end to end.",
        "body": "<p>Building something is half of the work; the other half is bringing "
        "people to it. We plan and run campaigns across WeChat, Douyin, Baidu and "
        "Xiaohongshu, and report on the customers they bring.</p>",
        "deliverables": "Marketing plan\nPaid campaigns on WeChat, Baidu and Douyin\n"
        "Content production\nTracking and monthly reports",
        "steps": "Goals: the figures that matter to you\nPlan: channels, budget and "
        "calendar\nRun: campaigns and content\nReview: monthly, with changes",
        "price_note": "From ¥20,000 a month",
    },
    {
        "slug": "social-media",
        "parent": "digital-marketing",
        "name": "Social Media",
        "icon": "people",
        "colors": ("#db2777", "#f472b6"),
        "featured": False,
        "tags": ["Social Media", "Xiaohongshu"],
        "summary": "Day-to-day management of your WeChat, Weibo and Xiaohongshu "
        "accounts, with content your followers want to share.",
        "body": "<p>We run your accounts as if they were ours: a calendar agreed with "
        "you, posts written and designed in-house, replies within hours and a "
        "monthly review of what worked.</p>",
        "deliverables": "Content calendar\nPosts and visuals\nCommunity replies\n"
        "Influencer (KOL) campaigns\nMonthly report",
        "steps": "Audit: your accounts and your competitors'\nCalendar: a month ahead\n"
        "Publish: posts, replies and campaigns\nReview: every month",
        "price_note": "From ¥12,000 a month",
    },
]

CASES = [
    {
        "slug": "greenbasket-fresh-food-mall",
        "title": "A fresh-food mall that moved orders off the phone",
        "client_name": "Greenbasket Market",
        "industry": "food-beverage",
        "services": ["mini-program-mall", "social-media"],
        "colors": ("#15803d", "#86efac"),
        "featured": True,
        "summary": "A neighbourhood grocer took orders by phone and chat. Their mini "
        "program mall now handles daily orders, delivery slots and group buying.",
        "body": "<p>Greenbasket's staff spent their mornings copying orders from chats "
        "into a spreadsheet. We built a mall with delivery slots, a next-day "
        "pre-order window and group buying for each housing compound.</p><h2>What "
        "made the difference</h2><p>Group leaders in each compound share one link; "
        "neighbours join the order and pick up together, which cut delivery costs "
        "and brought in new customers every week.</p>",
        "results": [
            ("+320%", "online orders"),
            ("41%", "repeat buyers"),
            ("6 weeks", "to launch"),
        ],
    },
    {
        "slug": "brightsmile-clinic-booking",
        "title": "Online booking for a chain of dental clinics",
        "client_name": "Brightsmile Dental",
        "industry": "healthcare",
        "services": ["mini-program", "wechat-development"],
        "colors": ("#0284c7", "#7dd3fc"),
        "featured": True,
        "summary": "Eight clinics, one booking mini program: patients pick a dentist "
        "and a time, get reminders in WeChat and pay deposits online.",
        "body": "<p>Brightsmile's receptionists answered the same questions all day. "
        "The mini program shows each dentist's free slots, takes a small deposit "
        "and sends reminders through the official account.</p>",
        "results": [
            ("-60%", "missed appointments"),
            ("12,000", "bookings a month"),
            ("4.9", "patient rating"),
        ],
    },
    {
        "slug": "lumen-tea-spring-campaign",
        "title": "A spring tea campaign played 1.2 million times",
        "client_name": "Lumen Tea House",
        "industry": "food-beverage",
        "services": ["h5-development", "social-media"],
        "colors": ("#ca8a04", "#fde68a"),
        "featured": True,
        "summary": "An H5 game where players blend their own spring tea and win a "
        "voucher for the real one, shared from chat to chat.",
        "body": "<p>Lumen wanted its new spring blends tasted, not just seen. Players "
        "pick leaves and flowers, get a personality card to share and a voucher "
        "they can spend in any of the tea house's shops.</p>",
        "results": [("1.2M", "plays"), ("86,000", "shares"), ("23%", "vouchers used")],
    },
    {
        "slug": "northgate-valves-export-website",
        "title": "A bilingual website that brings a valve maker export leads",
        "client_name": "Northgate Valves",
        "industry": "manufacturing",
        "services": ["website-development", "seo-optimization"],
        "colors": ("#334155", "#94a3b8"),
        "featured": False,
        "summary": "A fast English and Chinese product site, with a searchable "
        "catalogue and pages written for the searches engineers make.",
        "body": "<p>Northgate's old site was a PDF catalogue behind a slow page. The "
        "new site lists every valve with its specifications, loads in a second "
        "abroad and in China, and answers the questions buyers ask.</p>",
        "results": [("+210%", "organic visits"), ("35", "export enquiries a month")],
    },
    {
        "slug": "maple-leaf-language-app",
        "title": "A course app for a language school",
        "client_name": "Maple Leaf Language School",
        "industry": "education",
        "services": ["app-development"],
        "colors": ("#b91c1c", "#fca5a5"),
        "featured": True,
        "summary": "Live classes, homework and progress reports in one app for "
        "students, parents and teachers.",
        "body": "<p>Parents wanted to see progress; teachers wanted less paperwork. "
        "The app brings class schedules, homework with voice recordings and "
        "monthly reports together.</p>",
        "results": [
            ("48,000", "downloads"),
            ("4.8", "store rating"),
            ("-5 h", "admin a week per teacher"),
        ],
    },
    {
        "slug": "harbour-lane-hotel-short-video",
        "title": "Short videos that filled a boutique hotel's quiet season",
        "client_name": "Harbour Lane Hotel",
        "industry": "hospitality",
        "services": ["short-video", "digital-marketing"],
        "colors": ("#0e7490", "#67e8f9"),
        "featured": False,
        "summary": "A weekly video series about the hotel's street, its food and its "
        "people, published on Douyin and Xiaohongshu.",
        "body": "<p>Instead of room tours, we filmed the neighbourhood: the noodle "
        "shop next door, the morning market, the rooftop at sunset. Viewers came "
        "for the street and booked the hotel.</p>",
        "results": [("3.4M", "views"), ("+28%", "direct bookings")],
    },
    {
        "slug": "ivy-oak-membership",
        "title": "A membership mini program for a fashion label",
        "client_name": "Ivy & Oak",
        "industry": "retail",
        "services": ["mini-program", "wechat-development"],
        "colors": ("#4d7c0f", "#bef264"),
        "featured": False,
        "summary": "One membership card for twelve stores and the online shop, with "
        "points, birthday gifts and early access to new collections.",
        "body": "<p>Ivy &amp; Oak's members used to carry paper cards. Now a WeChat "
        "membership card works in every store and online, and tells the team what "
        "each member likes.</p>",
        "results": [("95,000", "members"), ("+18%", "average basket")],
    },
]

SOLUTIONS = [
    {
        "slug": "fresh-food-mini-program",
        "title": "Fresh-food mini program",
        "industry": "food-beverage",
        "services": ["mini-program-mall", "mini-program", "social-media"],
        "cases": ["greenbasket-fresh-food-mall", "lumen-tea-spring-campaign"],
        "colors": ("#16a34a", "#bbf7d0"),
        "summary": "Everything a grocer, bakery or tea shop needs to sell online: a "
        "mall with delivery slots, group buying and a community to keep it busy.",
        "body": "<p>Fresh food sells on trust and timing. This solution combines a "
        "mall with delivery slots and pre-orders, group buying by neighbourhood, "
        "and the social content that keeps customers coming back.</p><ul><li>Delivery "
        "slots and pick-up points</li><li>Group buying with group leaders</li><li>Stock "
        "that follows the day's deliveries</li></ul>",
    },
    {
        "slug": "clinic-booking",
        "title": "Online booking for clinics",
        "industry": "healthcare",
        "services": ["mini-program", "wechat-development", "seo-optimization"],
        "cases": ["brightsmile-clinic-booking"],
        "colors": ("#0369a1", "#bae6fd"),
        "summary": "Bookings, reminders and deposits for dental, beauty and medical "
        "clinics, connected to the schedules you already use.",
        "body": "<p>Patients book in WeChat in under a minute; your front desk gets "
        "its time back. Reminders and deposits cut no-shows, and search pages bring "
        "new patients from your district.</p>",
    },
    {
        "slug": "export-manufacturer-website",
        "title": "Export website for manufacturers",
        "industry": "manufacturing",
        "services": ["website-development", "seo-optimization", "short-video"],
        "cases": ["northgate-valves-export-website"],
        "colors": ("#1e293b", "#cbd5e1"),
        "summary": "A bilingual product site that buyers abroad find, trust and "
        "contact, with factory videos that show how you work.",
        "body": "<p>Buyers compare suppliers online long before they write. This "
        "solution gives them a fast catalogue, the answers engineers look for and "
        "short videos from your factory floor.</p>",
    },
]


# --- Generated images -------------------------------------------------------------------


def _hex(color):
    color = color.lstrip("#")
    return tuple(int(color[i : i + 2], 16) for i in (0, 2, 4))


def _gradient(size, start, end):
    width, height = size
    base = Image.new("RGB", size, _hex(start))
    top = Image.new("RGB", size, _hex(end))
    # A diagonal blend: half the horizontal ramp plus half the vertical one.
    across = Image.linear_gradient("L").rotate(90).resize(size)
    down = Image.linear_gradient("L").resize(size)
    mask = ImageChops.add(across, down, scale=2.0)
    image = Image.composite(top, base, mask)
    draw = ImageDraw.Draw(image, "RGBA")
    # Soft circles give the flat gradient some depth.
    draw.ellipse(
        (width * 0.55, -height * 0.4, width * 1.3, height * 0.9),
        fill=(255, 255, 255, 28),
    )
    draw.ellipse(
        (-width * 0.2, height * 0.55, width * 0.35, height * 1.5),
        fill=(255, 255, 255, 20),
    )
    return image


def _icon(draw, kind, cx, cy, s):
    """Draw a simple white line icon of `kind`, centred on (cx, cy), `s` wide."""
    white = (255, 255, 255, 255)
    w = max(int(s / 14), 3)
    h = s / 2
    if kind == "phone" or kind == "app":
        draw.rounded_rectangle(
            (cx - h * 0.55, cy - h, cx + h * 0.55, cy + h),
            s / 9,
            outline=white,
            width=w,
        )
        draw.line(
            (cx - h * 0.15, cy - h * 0.8, cx + h * 0.15, cy - h * 0.8),
            fill=white,
            width=w,
        )
        if kind == "app":
            for dx in (-0.25, 0.25):
                for dy in (-0.35, 0.15):
                    x, y = cx + h * dx, cy + h * dy
                    draw.rounded_rectangle(
                        (x - h * 0.15, y - h * 0.15, x + h * 0.15, y + h * 0.15),
                        6,
                        fill=white,
                    )
        else:
            draw.ellipse(
                (cx - h * 0.1, cy + h * 0.7, cx + h * 0.1, cy + h * 0.9), fill=white
            )
            for dy in (-0.4, -0.1, 0.2):
                draw.rounded_rectangle(
                    (cx - h * 0.38, cy + h * dy, cx + h * 0.38, cy + h * (dy + 0.2)),
                    6,
                    fill=(255, 255, 255, 150),
                )
    elif kind == "code":
        draw.line(
            (cx - h * 0.3, cy - h * 0.6, cx - h, cy, cx - h * 0.3, cy + h * 0.6),
            fill=white,
            width=w,
            joint="curve",
        )
        draw.line(
            (cx + h * 0.3, cy - h * 0.6, cx + h, cy, cx + h * 0.3, cy + h * 0.6),
            fill=white,
            width=w,
            joint="curve",
        )
        draw.line(
            (cx + h * 0.15, cy - h * 0.8, cx - h * 0.15, cy + h * 0.8),
            fill=white,
            width=w,
        )
    elif kind == "chat":
        draw.ellipse(
            (cx - h, cy - h * 0.8, cx + h * 0.3, cy + h * 0.3), outline=white, width=w
        )
        draw.ellipse((cx - h * 0.2, cy - h * 0.2, cx + h, cy + h * 0.8), fill=white)
        for dx in (-0.65, -0.3):
            draw.ellipse(
                (cx + h * dx - 6, cy - h * 0.3 - 6, cx + h * dx + 6, cy - h * 0.3 + 6),
                fill=white,
            )
    elif kind == "bag":
        draw.rounded_rectangle(
            (cx - h * 0.8, cy - h * 0.4, cx + h * 0.8, cy + h),
            12,
            outline=white,
            width=w,
        )
        draw.arc(
            (cx - h * 0.4, cy - h, cx + h * 0.4, cy - h * 0.1),
            180,
            360,
            fill=white,
            width=w,
        )
        draw.line(
            (cx - h * 0.4, cy - h * 0.55, cx - h * 0.4, cy - h * 0.25),
            fill=white,
            width=w,
        )
        draw.line(
            (cx + h * 0.4, cy - h * 0.55, cx + h * 0.4, cy - h * 0.25),
            fill=white,
            width=w,
        )
    elif kind == "browser":
        draw.rounded_rectangle(
            (cx - h, cy - h * 0.75, cx + h, cy + h * 0.75), 12, outline=white, width=w
        )
        draw.line((cx - h, cy - h * 0.4, cx + h, cy - h * 0.4), fill=white, width=w)
        for i in range(3):
            x = cx - h * 0.85 + i * h * 0.18
            draw.ellipse((x - 5, cy - h * 0.6 - 5, x + 5, cy - h * 0.6 + 5), fill=white)
        draw.rectangle(
            (cx - h * 0.8, cy - h * 0.2, cx - h * 0.1, cy + h * 0.5),
            fill=(255, 255, 255, 150),
        )
        for dy in (-0.2, 0.05, 0.3):
            draw.line(
                (cx, cy + h * dy, cx + h * 0.8, cy + h * dy),
                fill=white,
                width=max(w // 2, 2),
            )
    elif kind == "search":
        draw.ellipse(
            (cx - h * 0.8, cy - h * 0.8, cx + h * 0.3, cy + h * 0.3),
            outline=white,
            width=w,
        )
        draw.line(
            (cx + h * 0.15, cy + h * 0.15, cx + h * 0.85, cy + h * 0.85),
            fill=white,
            width=int(w * 1.6),
        )
    elif kind == "play":
        draw.rounded_rectangle(
            (cx - h, cy - h * 0.7, cx + h, cy + h * 0.7), 18, outline=white, width=w
        )
        draw.polygon(
            (
                (cx - h * 0.25, cy - h * 0.35),
                (cx - h * 0.25, cy + h * 0.35),
                (cx + h * 0.4, cy),
            ),
            fill=white,
        )
    elif kind == "megaphone":
        draw.polygon(
            (
                (cx - h * 0.8, cy - h * 0.25),
                (cx + h * 0.6, cy - h * 0.8),
                (cx + h * 0.6, cy + h * 0.8),
                (cx - h * 0.8, cy + h * 0.25),
            ),
            outline=white,
            width=w,
        )
        draw.line(
            (cx - h * 0.5, cy + h * 0.3, cx - h * 0.3, cy + h * 0.9),
            fill=white,
            width=w,
        )
        for dy in (-0.4, 0, 0.4):
            draw.line(
                (cx + h * 0.8, cy + h * dy * 0.6, cx + h, cy + h * dy),
                fill=white,
                width=max(w // 2, 2),
            )
    elif kind == "people":
        for dx, r in ((-0.62, 0.19), (0.62, 0.19), (0, 0.26)):
            x = cx + h * dx
            draw.ellipse(
                (x - h * r, cy - h * 0.6 - h * r, x + h * r, cy - h * 0.6 + h * r),
                fill=white,
            )
            draw.chord(
                (x - h * r * 1.8, cy - h * 0.1, x + h * r * 1.8, cy + h * 0.9),
                180,
                360,
                fill=white,
            )


def _jpeg(image):
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue())


def service_image(icon, colors, size=(960, 540)):
    image = _gradient(size, *colors)
    draw = ImageDraw.Draw(image, "RGBA")
    _icon(draw, icon, size[0] / 2, size[1] / 2, min(size) * 0.5)
    return _jpeg(image)


def case_cover(colors, seed=0, size=(960, 540)):
    """A phone showing an app screen over the client's colours."""
    image = _gradient(size, *colors)
    draw = ImageDraw.Draw(image, "RGBA")
    width, height = size
    px, py, pw, ph = width * 0.58, height * 0.12, width * 0.24, height * 0.95
    draw.rounded_rectangle((px, py, px + pw, py + ph), 36, fill=(15, 23, 42, 235))
    draw.rounded_rectangle(
        (px + 12, py + 14, px + pw - 12, py + ph), 28, fill=(255, 255, 255, 255)
    )
    accent = _hex(colors[0])
    draw.rounded_rectangle(
        (px + 26, py + 34, px + pw - 26, py + 120), 14, fill=(*accent, 255)
    )
    for row in range(3):
        y = py + 140 + row * 78
        draw.rounded_rectangle(
            (px + 26, y, px + 86, y + 60), 10, fill=(*_hex(colors[1]), 255)
        )
        draw.rounded_rectangle(
            (px + 98, y + 8, px + pw - 26, y + 20), 5, fill=(203, 213, 225, 255)
        )
        draw.rounded_rectangle(
            (px + 98, y + 32, px + pw - 60 - seed * 6, y + 42),
            5,
            fill=(226, 232, 240, 255),
        )
    # A results chart on the left.
    bars = [0.35, 0.5, 0.45, 0.7, 0.9]
    for i, value in enumerate(bars):
        x = width * 0.1 + i * 58
        draw.rounded_rectangle(
            (x, height * 0.8 - value * height * 0.5, x + 40, height * 0.8),
            8,
            fill=(255, 255, 255, 200),
        )
    return _jpeg(image)


def screen_image(colors, variant, size=(800, 500)):
    image = Image.new("RGB", size, (241, 245, 249))
    draw = ImageDraw.Draw(image, "RGBA")
    accent, soft = _hex(colors[0]), _hex(colors[1])
    width, height = size
    for i in range(3):
        x = 70 + i * 240
        draw.rounded_rectangle(
            (x, 40, x + 180, height - 40), 28, fill=(15, 23, 42, 255)
        )
        draw.rounded_rectangle(
            (x + 10, 52, x + 170, height - 50), 20, fill=(255, 255, 255, 255)
        )
        draw.rounded_rectangle(
            (x + 22, 70, x + 158, 130 + variant * 10), 10, fill=(*accent, 255)
        )
        for row in range(4):
            y = 150 + variant * 10 + row * 62
            if y + 48 > height - 60:
                break
            draw.rounded_rectangle((x + 22, y, x + 68, y + 46), 8, fill=(*soft, 255))
            draw.rounded_rectangle(
                (x + 78, y + 8, x + 158, y + 18), 4, fill=(203, 213, 225, 255)
            )
            draw.rounded_rectangle(
                (x + 78, y + 28, x + 140 - i * 8, y + 36), 4, fill=(226, 232, 240, 255)
            )
    return _jpeg(image)


def client_logo(name, color, size=(320, 160)):
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    initials = "".join(word[0] for word in name.replace("&", "").split()[:2]).upper()
    draw.ellipse((20, 30, 120, 130), fill=_hex(color))
    font = ImageFont.load_default(size=40)
    draw.text((70, 80), initials, fill=(255, 255, 255), font=font, anchor="mm")
    word = name.split()[0]
    draw.text(
        (135, 80),
        word,
        fill=(15, 23, 42),
        font=ImageFont.load_default(size=30),
        anchor="lm",
    )
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return ContentFile(buffer.getvalue())


def _tag(name):
    """Return the tag called `name` in any case: the articles demo uses the same ones."""
    return Tag.objects.filter(name__iexact=name).order_by("pk").first() or (
        Tag.objects.create(name=name)
    )


# --- Build ------------------------------------------------------------------------------


def build():
    created = 0
    industries = {}
    for order, (slug, name) in enumerate(INDUSTRIES, start=1):
        industries[slug], was_created = Industry.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order * 10}
        )
        created += was_created

    services = {}
    for spec in SERVICES:
        spec = dict(spec)
        slug = spec.pop("slug")
        icon, colors, tags = spec.pop("icon"), spec.pop("colors"), spec.pop("tags")
        parent = services[spec.pop("parent")] if "parent" in spec else None
        service = Service.objects.filter(slug=slug).first()
        if service is None:
            service = Service(slug=slug, parent=parent, **spec)
            service.image.save(f"{slug}.jpg", service_image(icon, colors), save=False)
            service.save()
            service.tags.add(*[_tag(name) for name in tags])
            created += 1
        services[slug] = service

    cases = {}
    for index, spec in enumerate(CASES):
        spec = dict(spec)
        slug = spec.pop("slug")
        colors, results = spec.pop("colors"), spec.pop("results")
        service_slugs = spec.pop("services")
        spec["industry"] = industries[spec["industry"]]
        case = CaseStudy.objects.filter(slug=slug).first()
        if case is None:
            case = CaseStudy(slug=slug, **spec)
            case.cover.save(f"{slug}.jpg", case_cover(colors, index), save=False)
            case.client_logo.save(
                f"{slug}-logo.png",
                client_logo(spec["client_name"], colors[0]),
                save=False,
            )
            case.save()
            case.services.set([services[s] for s in service_slugs])
            for order, (value, label) in enumerate(results, start=1):
                CaseStudyResult.objects.create(
                    case_study=case, value=value, label=label, order=order * 10
                )
            for variant in range(2):
                item = CaseStudyImage(
                    case_study=case,
                    caption=f"{spec['client_name']}: screens, round {variant + 1}",
                    order=(variant + 1) * 10,
                )
                item.image.save(
                    f"{slug}-{variant + 1}.jpg",
                    screen_image(colors, variant),
                    save=False,
                )
                item.save()
            created += 1
        cases[slug] = case

    solutions = {}
    for index, spec in enumerate(SOLUTIONS):
        spec = dict(spec)
        slug = spec.pop("slug")
        colors = spec.pop("colors")
        service_slugs, case_slugs = spec.pop("services"), spec.pop("cases")
        spec["industry"] = industries[spec["industry"]]
        solution = Solution.objects.filter(slug=slug).first()
        if solution is None:
            solution = Solution(slug=slug, **spec)
            solution.cover.save(
                f"{slug}.jpg", case_cover(colors, index + 3), save=False
            )
            solution.save()
            solution.services.set([services[s] for s in service_slugs])
            solution.case_studies.set([cases[s] for s in case_slugs])
            created += 1
        solutions[slug] = solution

    return f"{created} objects created"
