"""Demo content of the articles app: a fictional agency's magazine.

Idempotent: categories, authors and articles are keyed by slug or username, and an
article that already exists is left exactly as it is (views, likes and all).
"""

import random
from datetime import timedelta
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont
from taggit.models import Tag

from .models import (
    Article,
    ArticleDailyView,
    ArticleLike,
    AuthorProfile,
    Category,
)
from .models.slugs import SLUG_MAX_LENGTH

CATEGORIES = [
    # (slug, name, parent slug, description)
    (
        "news",
        "News",
        None,
        "What moves the Chinese digital market, and what it means for brands.",
    ),
    (
        "industry-analysis",
        "Industry Analysis",
        "news",
        "Figures, trends and our reading of them, for decision makers.",
    ),
    (
        "wechat-mini-program",
        "WeChat Mini Program Development",
        None,
        "Designing, building and growing mini programs inside WeChat.",
    ),
    (
        "public-account",
        "Public Account Development",
        None,
        "Official accounts: menus, H5 pages, messages and the fans behind them.",
    ),
    (
        "app-development",
        "APP Development",
        None,
        "Native and cross-platform apps, from idea to store.",
    ),
    ("seo", "SEO", None, "Being found on Baidu, Google and in WeChat search."),
    (
        "digital-marketing",
        "Digital Marketing",
        None,
        "Campaigns, social media and short video that bring customers in.",
    ),
]

AUTHORS = [
    # (username, display name, bio)
    (
        "demo-mei",
        "Mei Chen",
        "Product lead at Bluepeak. Has shipped mini programs for retailers, clinics and "
        "schools since the first version of the platform.",
    ),
    (
        "demo-tom",
        "Tom Hartley",
        "Runs search and content at Bluepeak. Believes most SEO problems are really "
        "site-structure problems.",
    ),
    (
        "demo-lina",
        "Lina Zhou",
        "Mobile engineer. Writes about apps, performance and what users actually tap.",
    ),
]

TAGS = [
    "WeChat", "Mini Program", "Public Account", "H5", "App", "iOS", "Android", "Flutter",
    "SEO", "Baidu", "Content Marketing", "Social Media", "Douyin", "Xiaohongshu",
    "E-commerce", "Payments", "Analytics", "UX", "Cross-border", "Compliance",
    "Live Streaming", "CRM", "AI", "Performance", "Retail",
]  # fmt: skip

# (title, category slug, author username, tags, featured)
ARTICLES = [
    ("Mini program or public account: which one should you build first?", "wechat-mini-program", "demo-mei", ["WeChat", "Mini Program", "Public Account"], True),
    ("Ten checks before a mini program mall goes live", "wechat-mini-program", "demo-mei", ["Mini Program", "E-commerce", "Payments"], False),
    ("How community group buying runs on mini programs", "wechat-mini-program", "demo-mei", ["Mini Program", "Retail", "E-commerce"], False),
    ("Growing a mini program without paid ads", "wechat-mini-program", "demo-tom", ["Mini Program", "Social Media", "Content Marketing"], False),
    ("What a mini program really costs in 2026", "wechat-mini-program", "demo-mei", ["Mini Program", "WeChat"], True),
    ("Mini program login, phone numbers and privacy rules", "wechat-mini-program", "demo-lina", ["Mini Program", "Compliance"], False),
    ("Designing mini program pages for one-handed use", "wechat-mini-program", "demo-lina", ["Mini Program", "UX"], False),
    ("Booking mini programs for clinics and salons", "wechat-mini-program", "demo-mei", ["Mini Program", "CRM"], False),
    ("小程序商城上线前的十项检查", "wechat-mini-program", "demo-mei", ["Mini Program", "E-commerce"], False),
    ("Official account menus that people actually use", "public-account", "demo-tom", ["Public Account", "UX"], False),
    ("Service account or subscription account?", "public-account", "demo-tom", ["Public Account", "WeChat"], False),
    ("Template messages after the rule changes", "public-account", "demo-mei", ["Public Account", "Compliance", "CRM"], False),
    ("H5 campaigns inside an official account", "public-account", "demo-lina", ["Public Account", "H5", "Social Media"], False),
    ("Connecting an official account to your CRM", "public-account", "demo-tom", ["Public Account", "CRM", "Analytics"], False),
    ("Turning articles into leads on WeChat", "public-account", "demo-tom", ["Public Account", "Content Marketing"], False),
    ("Native, Flutter or mini program: choosing how to build an app", "app-development", "demo-lina", ["App", "Flutter", "Mini Program"], True),
    ("Getting an app into Chinese Android stores", "app-development", "demo-lina", ["App", "Android", "Compliance"], False),
    ("Five things to settle before an app project starts", "app-development", "demo-lina", ["App", "UX"], False),
    ("Why your app's first screen takes three seconds", "app-development", "demo-lina", ["App", "Performance", "iOS", "Android"], False),
    ("Payments in apps for foreign companies in China", "app-development", "demo-mei", ["App", "Payments", "Cross-border"], False),
    ("Keeping an education app alive after launch", "app-development", "demo-lina", ["App", "Analytics"], False),
    ("Social features in apps: what is worth building", "app-development", "demo-lina", ["App", "Social Media", "UX"], False),
    ("Baidu SEO for foreign brands: the basics", "seo", "demo-tom", ["SEO", "Baidu", "Cross-border"], True),
    ("Hosting, ICP and why Baidu cannot see your site", "seo", "demo-tom", ["SEO", "Baidu", "Compliance", "Performance"], False),
    ("Titles and descriptions that earn the click", "seo", "demo-tom", ["SEO", "Content Marketing"], False),
    ("Being found in WeChat search", "seo", "demo-tom", ["SEO", "WeChat", "Mini Program"], False),
    ("Site speed is an SEO problem", "seo", "demo-lina", ["SEO", "Performance"], False),
    ("Multilingual sites without duplicate content", "seo", "demo-tom", ["SEO", "Cross-border"], False),
    ("A Xiaohongshu plan for a new brand", "digital-marketing", "demo-mei", ["Xiaohongshu", "Social Media", "Content Marketing"], False),
    ("Short video on Douyin for B2B companies", "digital-marketing", "demo-tom", ["Douyin", "Social Media"], False),
    ("Live streaming sales: what to prepare", "digital-marketing", "demo-mei", ["Live Streaming", "E-commerce", "Douyin"], False),
    ("Landing pages that turn ad clicks into enquiries", "digital-marketing", "demo-tom", ["Content Marketing", "Analytics", "H5"], False),
    ("Measuring campaigns across WeChat, Douyin and the web", "digital-marketing", "demo-tom", ["Analytics", "WeChat", "Douyin"], False),
    ("Key opinion consumers and why small beats big", "digital-marketing", "demo-mei", ["Xiaohongshu", "Social Media"], False),
    ("China's digital market in numbers, this year", "industry-analysis", "demo-tom", ["WeChat", "E-commerce", "Analytics"], True),
    ("Where mini programs are heading", "industry-analysis", "demo-mei", ["Mini Program", "AI"], False),
    ("AI assistants inside WeChat: first impressions", "industry-analysis", "demo-lina", ["AI", "WeChat"], False),
    ("Cross-border e-commerce after the new rules", "industry-analysis", "demo-tom", ["Cross-border", "E-commerce", "Compliance"], False),
    ("Retail in lower-tier cities goes mobile", "industry-analysis", "demo-mei", ["Retail", "Mini Program"], False),
    ("What app users in China expect in 2026", "industry-analysis", "demo-lina", ["App", "UX"], False),
]  # fmt: skip

DRAFT_TITLES = {
    "Keeping an education app alive after launch",
    "Multilingual sites without duplicate content",
    "Key opinion consumers and why small beats big",
}
SCHEDULED_TITLE = "What app users in China expect in 2026"

PARAGRAPHS = {
    "wechat-mini-program": [
        "A mini program opens inside WeChat in about a second, with no download and no "
        "account to create. That alone changes what a first visit costs your customer.",
        "Most of the work is not in the code. It is in deciding which three things a "
        "visitor must be able to do on the first screen, and cutting everything else.",
        "Reviews by the platform take one to seven days. Plan releases around them, and "
        "keep a version ready that can be approved without the newest feature.",
        "Sharing into chats is the strongest channel a mini program has. Give people a "
        "reason to send it: a group price, a booking for two, a shared list.",
    ],
    "public-account": [
        "An official account is a relationship channel first. The articles bring people "
        "in; the menu and the messages keep them.",
        "Three menu entries, each one a verb the reader understands, beat fifteen entries "
        "named after departments.",
        "Every message competes with friends and family in the same chat list. Send less, "
        "and make each one useful enough to open.",
        "Link the account to a CRM early, so a follower who asks a question becomes a lead "
        "with a history rather than a name in a chat window.",
    ],
    "app-development": [
        "An app earns its place on a phone only if people come back to it weekly. Decide "
        "what brings them back before deciding how to build it.",
        "Cross-platform toolkits are mature enough for most business apps. The exceptions "
        "are heavy graphics, deep hardware access and very large teams.",
        "Android in China means a dozen stores, each with its own review and its own "
        "paperwork. Budget weeks, not days, for the first release.",
        "Measure the first launch on a mid-range phone over a slow network. That is the "
        "experience most of your users will have.",
    ],
    "seo": [
        "Search engines reward sites that answer a question clearly and load quickly. "
        "Everything else is detail on top of those two.",
        "Baidu crawls sites hosted in mainland China faster and more often. A licence and a "
        "local host are often the biggest single improvement.",
        "Write the title for the person scanning a results page: the topic first, the "
        "brand last, and nothing a reader would not type.",
        "Internal links tell search engines which pages matter. Link from your strongest "
        "pages to the ones you want found.",
    ],
    "digital-marketing": [
        "A campaign is only as good as the page it lands on. Spend as long on the landing "
        "page as on the creative.",
        "Short video rewards consistency over polish. Twelve honest clips beat one "
        "expensive film posted once.",
        "Small creators with engaged audiences often sell more than big names, at a "
        "fraction of the cost, and their reviews stay searchable for years.",
        "Decide how you will measure a campaign before it starts: which number must move, "
        "and where you will read it.",
    ],
    "industry-analysis": [
        "Mobile is not a channel in China; it is the market. Nearly every purchase journey "
        "now starts and ends on a phone.",
        "The platforms keep converging: chat apps sell, shopping apps entertain and video "
        "apps take payments. Brands follow their customers across all of them.",
        "Regulation moves quickly and usually in the direction of user privacy. Building "
        "for consent from the start is cheaper than retrofitting it.",
        "Growth now comes from smaller cities, older users and services rather than goods. "
        "The winners design for all three.",
    ],
}
CHECKLIST = {
    "wechat-mini-program": ["Registration and verification", "Payment account", "Privacy notice", "Review-ready build"],
    "public-account": ["Account type", "Menu", "Welcome message", "CRM link"],
    "app-development": ["Platforms", "Store accounts", "Analytics", "Crash reporting"],
    "seo": ["Hosting and licence", "Titles", "Internal links", "Speed"],
    "digital-marketing": ["Goal", "Audience", "Landing page", "Measurement"],
    "industry-analysis": ["Market size", "Channels", "Rules", "Opportunities"],
}  # fmt: skip
COLORS = {
    "wechat-mini-program": ((7, 153, 92), (18, 73, 214)),
    "public-account": ((22, 163, 74), (13, 148, 136)),
    "app-development": ((79, 70, 229), (236, 72, 153)),
    "seo": ((14, 116, 144), (59, 130, 246)),
    "digital-marketing": ((234, 88, 12), (219, 39, 119)),
    "industry-analysis": ((15, 23, 42), (18, 73, 214)),
}


def _body(category_slug, title, rng):
    paragraphs = PARAGRAPHS[category_slug][:]
    rng.shuffle(paragraphs)
    items = "".join(f"<li>{item}</li>" for item in CHECKLIST[category_slug])
    return (
        f"<p>{paragraphs[0]}</p><p>{paragraphs[1]}</p>"
        f"<h2>What to look at first</h2><ul>{items}</ul>"
        f"<p>{paragraphs[2]}</p>"
        f"<blockquote><p>{paragraphs[3]}</p></blockquote>"
        "<h2>How we approach it</h2>"
        "<p>We start every project with a short workshop, agree on the figures that must "
        "move, and ship a first version within weeks rather than months. If you are "
        "weighing a similar decision, we are happy to talk it through.</p>"
    )


def _cover(title, category_slug, caption=""):
    """A 1200 x 675 JPEG: a diagonal gradient in the category's colours, the title."""
    width, height = 1200, 675
    start, end = COLORS[category_slug]
    across = Image.linear_gradient("L").rotate(90).resize((width, height))
    down = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(
        Image.new("RGB", (width, height), start),
        Image.new("RGB", (width, height), end),
        Image.blend(across, down, 0.5),
    )
    draw = ImageDraw.Draw(image)
    for i, radius in enumerate((420, 300, 180)):
        draw.ellipse(
            (width - radius - 60 * i, -radius // 2, width + radius, radius),
            outline=(255, 255, 255),
            width=2,
        )
    font = ImageFont.load_default(size=60)
    # The built-in font has Latin letters only: other scripts get the caption.
    text = title if title.isascii() else caption
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) > width - 160 and line:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    y = height - 90 - 74 * len(lines)
    for text_line in lines[:4]:
        draw.text((80, y), text_line, font=font, fill=(255, 255, 255))
        y += 74
    draw.rectangle((80, 80, 200, 88), fill=(255, 255, 255))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue())


def _tag(name):
    """Return the tag called `name` in any case: other apps' demos tag too."""
    tag = Tag.objects.filter(name__iexact=name).order_by("pk").first()
    return tag or Tag.objects.create(name=name)


def _authors():
    User = get_user_model()
    users = {}
    for username, display_name, bio in AUTHORS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "is_staff": True,
                "first_name": display_name.split()[0],
                "last_name": display_name.split()[-1],
                "email": f"{username}@example.com",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        AuthorProfile.objects.get_or_create(
            user=user, defaults={"display_name": display_name, "bio": bio}
        )
        users[username] = user
    return users


def _categories():
    categories = {}
    for order, (slug, name, parent, description) in enumerate(CATEGORIES, start=1):
        category, _created = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": categories.get(parent),
                "description": description,
                "order": order * 10,
            },
        )
        categories[slug] = category
    return categories


def _views_and_likes(article, rng, today):
    """Spread views over the last 60 days (more when new), and add matching likes."""
    age = (today - timezone.localtime(article.published_at).date()).days
    popularity = rng.uniform(0.5, 3.0)
    rows = []
    for days_ago in range(min(age, 59), -1, -1):
        freshness = max(0.15, 1 - (age - days_ago) / 30)
        views = int(rng.expovariate(1 / (12 * popularity * freshness)))
        if views:
            rows.append(
                ArticleDailyView(
                    article=article, day=today - timedelta(days=days_ago), views=views
                )
            )
    ArticleDailyView.objects.bulk_create(rows)
    older = int(max(0, age - 60) * popularity * 2)
    total = sum(r.views for r in rows) + older
    likes = int(total * rng.uniform(0.01, 0.05))
    ArticleLike.objects.bulk_create(
        ArticleLike(article=article, visitor_key=f"demo:{article.pk}:{n}")
        for n in range(likes)
    )
    Article.objects.filter(pk=article.pk).update(view_count=total, like_count=likes)


def build():
    rng = random.Random(2026)  # noqa: S311 - demo figures, not secrets
    users = _authors()
    categories = _categories()
    now = timezone.now()
    today = timezone.localdate()
    created = 0
    for index, (title, category_slug, username, tags, featured) in enumerate(ARTICLES):
        # Older first: a few days apart, at office hours, the newest yesterday.
        published_at = (now - timedelta(days=2 + (len(ARTICLES) - index) * 3)).replace(
            hour=9 + index % 9, minute=(index * 17) % 60, second=0, microsecond=0
        )
        status = Article.Status.PUBLISHED
        if title in DRAFT_TITLES:
            status = Article.Status.DRAFT
        if title == SCHEDULED_TITLE:
            published_at = now + timedelta(days=3)
        slug = slugify(title, allow_unicode=True)[:SLUG_MAX_LENGTH].strip("-")
        if Article.objects.filter(slug=slug).exists():
            continue
        article = Article(
            slug=slug,
            title=title,
            category=categories[category_slug],
            author=users[username],
            body=_body(category_slug, title, rng),
            status=status,
            published_at=published_at,
            featured=featured,
        )
        cover_name = f"{slugify(title)[:40] or 'cover'}.jpg"
        cover = _cover(title, category_slug, caption=categories[category_slug].name)
        article.cover.save(cover_name, cover, save=False)
        article.save()
        article.tags.set([_tag(name) for name in tags])
        if article.is_live:
            _views_and_likes(article, rng, today)
        created += 1
    return f"{created} articles created"
