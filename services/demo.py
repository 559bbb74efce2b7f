"""Demo catalogue of the fictional Bluepeak Digital: services, case studies, solutions,
in English and Chinese.

Every service (top-level and sub), case study and solution has a Chinese translation
(same translation key, a pinyin slug, its own text, image and tags); a Chinese
sub-service's parent is the Chinese parent, and Chinese case studies and solutions link
Chinese services and case studies only. Chinese case studies have their own results,
labelled in Chinese. One piece is deliberately in one language only:

- Chinese only: the case study "连锁茶饮品牌的企业微信私域运营" (/zh-hans/cases/
  chayu-shiguang-qiwei-siyu/), a domestic brand's 企业微信 project, listed by the
  Chinese fresh-food solution.

Industries are shared, with their Chinese names in `name_zh_hans`.

Keyed by slug and created only when missing, so running it again changes nothing and
never overwrites what an editor has changed since (an empty Chinese name is filled in).

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

CHINESE = "zh-hans"

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


# --- The Chinese catalogue ---------------------------------------------------------------
# Written for Chinese clients (企业微信, 抖音, 小红书, 跨境电商独立站 ...), not word for word.
# Slugs are pinyin: the catalogue's slugs are ASCII.

INDUSTRIES_ZH = {
    "food-beverage": "餐饮食品",
    "retail": "零售",
    "healthcare": "医疗健康",
    "education": "教育培训",
    "manufacturing": "制造业",
    "hospitality": "文旅酒店",
}

# The Chinese translation of each service, by the English slug. Tags are Chinese, so
# a Chinese service page lists Chinese articles as related reading. A step's name ends
# with an ASCII colon, which `Service.step_list` splits on (visitors never see it).
SERVICES_ZH = {
    "h5-development": {
        "slug": "h5-kaifa",
        "name": "H5开发",
        "tags": ["H5", "内容营销"],
        "summary": "活动页、答题测试、互动小游戏，在微信和手机浏览器里秒开，天生适合"
        "转发传播。",
        "body": "<p>想让一个创意最快触达用户，H5是首选：不用安装，从聊天、朋友圈或海报"
        "扫码一点就开。我们负责策划故事线、设计每一屏、开发上线，保证在地铁里信号一般"
        "也能两秒内打开。</p><h2>适合这些场景</h2><ul><li>新品发布、节日营销活动</li>"
        "<li>抽奖、答题、性格测试等互动玩法</li><li>活动邀请函与在线报名</li></ul>",
        "deliverables": "活动创意与分镜脚本\n全部页面视觉设计\n前端开发与微信分享卡片配置\n"
        "抽奖或表单后台\n访问与分享数据统计",
        "steps": "需求沟通:一次会议明确目标和人群\n创意提案:两版分镜供你挑选\n"
        "视觉设计:页面与动效\n开发测试:前后端开发，二十款机型实测\n"
        "上线复盘:上线后和你一起盯数据",
        "price_note": "¥18,000 起",
    },
    "wechat-development": {
        "slug": "weixin-kaifa",
        "name": "微信开发",
        "tags": ["微信生态", "公众号"],
        "summary": "公众号、自定义菜单、会员体系、微信支付、企业微信：搭好客户期待的微信"
        "阵地，并和你自己的系统打通。",
        "body": "<p>你的客户每天都泡在微信里。我们帮你搭建和扩展公众号，打通商城、CRM、"
        "ERP和企业微信，再用小程序把粉丝变成客户，把客户沉淀为私域。</p>",
        "deliverables": "公众号注册与认证协助\n自定义菜单与自动回复\n会员卡与优惠券\n"
        "微信支付接入\n对接CRM、ERP与企业微信",
        "steps": "现状诊断:梳理现有账号和客户最常问的问题\n方案规划:账号、功能与系统"
        "对接\n开发配置:后台配置与定制开发\n交付培训:手把手教会你的团队",
        "price_note": "¥25,000 起",
    },
    "mini-program": {
        "slug": "xiaochengxu-kaifa",
        "name": "小程序开发",
        "tags": ["小程序"],
        "summary": "预约、点单、会员、客服类微信小程序，即开即用，体验接近原生App。",
        "body": "<p>小程序可以从二维码、聊天和微信搜一搜打开，用过一次就留在下拉栏里。"
        "我们为预约、点单、会员积分和客户服务等场景设计开发小程序，上线后持续维护"
        "迭代。</p>",
        "deliverables": "用户调研与可点击原型\nUI设计\n小程序前端与后端开发\n"
        "门店员工使用的管理后台\n提交审核与上线\n上线后三个月免费维护",
        "steps": "需求调研:一场工作坊，对齐目标、用户和功能\n原型验证:先让真实顾客试用"
        "可点击原型\n视觉设计:完整界面\n迭代开发:两周一个迭代，每次都有演示\n"
        "上线运营:提交审核、发布并跟踪数据",
        "price_note": "¥40,000 起",
    },
    "mini-program-mall": {
        "slug": "xiaochengxu-shangcheng",
        "name": "小程序商城",
        "tags": ["电商", "微信支付"],
        "summary": "在微信里开一家完整的店：商品、购物车、微信支付、优惠券、拼团和分销。",
        "body": "<p>客户在哪里聊天，就在哪里卖货。我们的小程序商城基于成熟的核心系统，再按"
        "你的商品结构、促销玩法和仓储流程定制。</p>",
        "deliverables": "商品、购物车与微信支付下单\n优惠券、秒杀与拼团\n分销与推荐奖励\n"
        "订单与库存管理后台\n销售数据报表",
        "steps": "梳理商品:商品、价格与促销规则\n搭建商城:基于成熟核心快速部署\n"
        "定制开发:做出你店铺的特色\n上线首发:陪你一起做第一场活动",
        "price_note": "¥60,000 起",
    },
    "app-development": {
        "slug": "app-kaifa",
        "name": "APP开发",
        "tags": ["App开发", "Flutter"],
        "summary": "面向客户和内部团队的iOS、安卓App，从第一张草图到应用市场上架，再到"
        "持续迭代。",
        "body": "<p>当产品需要用到手机的全部能力，比如消息推送、离线使用、相机和蓝牙，App"
        "才是合适的选择。我们用跨平台技术开发体验接近原生的App，并负责在华为、小米、"
        "OPPO、vivo等安卓应用市场和App Store上架。</p>",
        "deliverables": "产品工作坊与功能地图\n交互与视觉设计\n一套代码同时输出iOS与安卓\n"
        "接口与管理后台\n软著申请协助与各应用市场上架",
        "steps": "需求梳理:目标、用户与核心功能\n设计:流程与界面\n开发:按迭代推进，"
        "每两周一个测试包\n发布:应用市场上架与线上监控",
        "price_note": "¥120,000 起",
    },
    "website-development": {
        "slug": "wangzhan-jianshe",
        "name": "网站建设",
        "tags": ["性能优化", "跨境电商"],
        "summary": "打开快、排名好、团队自己就能维护的中英文企业官网，也做跨境电商独立站。",
        "body": "<p>官网往往是客户了解你的第一站。我们做的网站国内外访问都快，中英文双语，"
        "既能承接百度和谷歌的搜索流量，也能带来实实在在的询盘。做外贸的客户，我们还可以"
        "搭建跨境电商独立站，对接海外支付和物流。</p>",
        "deliverables": "网站结构与内容规划\n响应式设计\n团队可自行维护的内容管理后台\n"
        "国内或海外服务器部署\n基础SEO与访问统计",
        "steps": "规划:页面、内容与目标\n设计:先定首页，再铺开其他页面\n开发:内容管理"
        "与系统对接\n上线:服务器部署、ICP备案协助与培训",
        "price_note": "¥30,000 起",
    },
    "seo-optimization": {
        "slug": "seo-youhua",
        "name": "SEO优化",
        "tags": ["SEO", "百度优化"],
        "summary": "在百度和谷歌上，被正在搜索你的产品的人找到。",
        "body": "<p>我们先解决拖累网站的技术问题，再围绕客户真正在搜的词写内容，每月用大白话"
        "给你汇报进展：排名、流量和带来的询盘。</p>",
        "deliverables": "技术诊断与修复\n中英文关键词研究\n新增与优化页面\n每月排名与流量报告",
        "steps": "诊断:速度、结构与内容\n修复:先解决技术问题\n内容:为关键搜索词写页面\n"
        "汇报:每月数据和下一步计划",
        "price_note": "¥6,000/月 起",
    },
    "short-video": {
        "slug": "duanshipin",
        "name": "短视频",
        "tags": ["抖音运营", "直播带货"],
        "summary": "抖音、视频号、小红书短视频的策划、拍摄与剪辑，按系列规划，而不是拍一条"
        "算一条。",
        "body": "<p>用户的注意力在短视频上。我们按抖音、视频号和小红书各自的调性规划系列"
        "内容，在自有影棚或外景拍摄，并为每个渠道剪辑不同版本，也可以配合直播带货。</p>",
        "deliverables": "账号定位与内容日历\n脚本撰写\n拍摄与剪辑\n中英文字幕\n每月数据复盘",
        "steps": "策划:选题方向与排期\n脚本:开头钩子与故事\n拍摄:一天拍够一个月的内容\n"
        "发布:根据数据持续优化",
        "price_note": "¥15,000/月 起",
    },
    "digital-marketing": {
        "slug": "shuzi-yingxiao",
        "name": "数字营销",
        "tags": ["内容营销", "数据分析"],
        "summary": "投放、内容和活动，把客户带到你的小程序、App或官网，全链路可追踪。",
        "body": "<p>产品做出来只是一半，另一半是把人带进来。我们在微信、抖音、百度和小红书"
        "上策划并执行营销活动，最终汇报的是带来了多少客户，而不只是曝光量。</p>",
        "deliverables": "营销方案\n微信广告、百度推广、巨量引擎投放\n内容制作\n"
        "数据追踪与月度报告",
        "steps": "定目标:明确你最在意的指标\n做规划:渠道、预算与排期\n执行:投放与内容\n"
        "复盘:每月复盘并调整",
        "price_note": "¥20,000/月 起",
    },
    "social-media": {
        "slug": "shejiao-meiti-yunying",
        "name": "社交媒体运营",
        "tags": ["社交媒体", "小红书"],
        "summary": "公众号、微博、小红书账号的日常代运营，做粉丝愿意转发的内容。",
        "body": "<p>我们像运营自己的账号一样运营你的账号：和你一起定好内容日历，文案和设计"
        "都由自己团队完成，评论私信几小时内回复，每月复盘哪些内容真正有效。</p>",
        "deliverables": "内容日历\n图文与视觉设计\n评论与私信互动\n达人（KOL/KOC）合作\n"
        "月度运营报告",
        "steps": "诊断:你的账号和竞品账号\n排期:提前一个月定好内容\n发布:内容、互动与"
        "活动\n复盘:每月一次",
        "price_note": "¥12,000/月 起",
    },
}

# The Chinese translation of each case study, by the English slug, with its own results.
CASES_ZH = {
    "greenbasket-fresh-food-mall": {
        "slug": "lvlanzi-shengxian-shangcheng",
        "title": "生鲜商城小程序：把电话订单搬到线上",
        "client_name": "绿篮子生鲜",
        "summary": "一家社区生鲜店过去靠电话和微信接单。现在，小程序商城承接了每天的订单、"
        "配送时段预约和社区团购。",
        "body": "<p>绿篮子的店员每天上午都在把微信聊天里的订单抄进表格。我们为他们搭建了"
        "小程序商城，支持选择配送时段、次日达预订，并按小区开团。</p><h2>关键在哪里</h2>"
        "<p>每个小区的团长分享同一个链接，邻居一起下单、集中自提，既降低了配送成本，又"
        "每周都带来新客户。</p>",
        "results": [
            ("+320%", "线上订单量"),
            ("41%", "复购用户占比"),
            ("6周", "开发上线"),
        ],
    },
    "brightsmile-clinic-booking": {
        "slug": "mingchi-kouqiang-yuyue",
        "title": "连锁口腔诊所的在线预约小程序",
        "client_name": "明齿口腔",
        "summary": "八家诊所共用一个预约小程序：患者自选医生和时间，在微信里收到提醒，"
        "在线支付定金。",
        "body": "<p>明齿口腔的前台每天都在回答同样的问题。小程序展示每位医生的可约时段，"
        "收取少量定金，并通过服务号发送就诊提醒；患者添加诊所的企业微信后，复诊提醒和"
        "术后回访也都自动完成。</p>",
        "results": [("-60%", "爽约率"), ("12,000", "月预约量"), ("4.9", "患者评分")],
    },
    "lumen-tea-spring-campaign": {
        "slug": "luming-chashe-chunji-h5",
        "title": "春茶H5互动，被玩了120万次",
        "client_name": "鹿鸣茶舍",
        "summary": "一个H5小游戏：玩家调配属于自己的春茶，领取门店兑换券，在微信群之间一传"
        "十、十传百。",
        "body": "<p>鹿鸣茶舍希望春季新品被“尝到”，而不只是被看到。玩家挑选茶叶和花材，生成"
        "一张可以分享的性格卡片，同时获得一张在任意门店都能使用的兑换券。</p>",
        "results": [
            ("120万", "参与次数"),
            ("8.6万", "分享次数"),
            ("23%", "兑换券核销率"),
        ],
    },
    "northgate-valves-export-website": {
        "slug": "beimen-famen-waimao-guanwang",
        "title": "外贸阀门企业的双语官网，持续带来海外询盘",
        "client_name": "北门阀门",
        "summary": "一个打开快的中英文产品站，产品目录可搜索，页面内容围绕海外工程师的真实"
        "搜索需求来写。",
        "body": "<p>北门阀门原来的官网只是一个加载缓慢的PDF产品手册。新网站把每一款阀门的"
        "规格参数都做成了独立页面，国内外打开都在一秒左右，并回答了海外采购最常问的"
        "问题。</p>",
        "results": [("+210%", "自然搜索流量"), ("35", "每月海外询盘")],
    },
    "maple-leaf-language-app": {
        "slug": "fengye-yuyan-app",
        "title": "语言培训学校的课程App",
        "client_name": "枫叶语言学校",
        "summary": "直播课、作业和学习报告集中在一个App里，学生、家长和老师都能用。",
        "body": "<p>家长想看到孩子的进步，老师想少填表格。App把课表、支持语音提交的作业和"
        "月度学习报告整合在一起，家长每周都能收到孩子的学习情况。</p>",
        "results": [
            ("4.8万", "下载量"),
            ("4.8", "应用商店评分"),
            ("-5小时", "每位老师每周行政工作"),
        ],
    },
    "harbour-lane-hotel-short-video": {
        "slug": "gangwanli-jiudian-duanshipin",
        "title": "短视频让一家精品酒店淡季不淡",
        "client_name": "港湾里酒店",
        "summary": "每周一条短视频，拍酒店所在的街区、美食和人，在抖音和小红书同步发布。",
        "body": "<p>我们没有拍千篇一律的房间展示，而是拍街区：隔壁的面馆、清晨的菜市场、"
        "日落时的天台。观众为这条街而来，顺手订下了酒店。</p>",
        "results": [("340万", "播放量"), ("+28%", "官方渠道直订量")],
    },
    "ivy-oak-membership": {
        "slug": "ivy-oak-huiyuan-xiaochengxu",
        "title": "服装品牌的会员小程序",
        "client_name": "Ivy & Oak",
        "summary": "十二家门店和线上商城共用一张会员卡，积分、生日礼和新品抢先购一应俱全。",
        "body": "<p>Ivy &amp; Oak的会员过去要随身带纸质会员卡。现在，一张微信会员卡在所有"
        "门店和线上商城通用，导购还能通过企业微信了解每位会员的喜好。</p>",
        "results": [("9.5万", "会员数"), ("+18%", "客单价")],
    },
}

# Deliberately Chinese only (see the module's docstring): a domestic brand's 企业微信
# private-traffic project. Its services are the Chinese translations of these.
CHINESE_ONLY_CASES = [
    {
        "slug": "chayu-shiguang-qiwei-siyu",
        "title": "连锁茶饮品牌的企业微信私域运营",
        "client_name": "茶语时光",
        "industry": "food-beverage",
        "services": ["wechat-development", "mini-program", "social-media"],
        "colors": ("#9a3412", "#fdba74"),
        "featured": True,
        # First among the Chinese cases, so the Chinese home page shows it.
        "order": 5,
        "summary": "120家门店的店员用企业微信添加顾客、建立社群，配合小程序点单，把一次性"
        "顾客变成常客。",
        "body": "<p>茶语时光的门店每天接待上万名顾客，但大多数人买完就走，品牌连联系方式"
        "都没留下。我们和他们一起设计了一套企业微信私域方案：顾客扫码点单时添加门店"
        "企业微信，领取新人券，并按门店加入社群。</p><h2>我们做了什么</h2><ul>"
        "<li>企业微信对接小程序点单和会员系统，每位好友都有消费标签</li>"
        "<li>社群每周固定节奏：周二新品试饮、周五拼单、月底会员日</li>"
        "<li>店员手机端的话术库和群发任务，总部统一策划、门店一键执行</li></ul>"
        "<h2>结果</h2><p>半年时间沉淀了18万企业微信好友，私域顾客的月复购率明显高于"
        "普通顾客，社群也成了新品上市时最快的试水渠道。</p>",
        "results": [
            ("18万", "企业微信好友"),
            ("32%", "私域顾客月复购率"),
            ("+45%", "社群渠道销售额"),
        ],
    },
]

# The Chinese translation of each solution, by the English slug; its case studies
# may include Chinese-only ones (by their own slug).
SOLUTIONS_ZH = {
    "fresh-food-mini-program": {
        "slug": "shengxian-xiaochengxu",
        "title": "生鲜与茶饮小程序解决方案",
        "extra_cases": ["chayu-shiguang-qiwei-siyu"],
        "summary": "生鲜店、烘焙店、茶饮店线上卖货需要的一切：带配送时段的小程序商城、社区"
        "团购，以及让顾客常来的企业微信社群。",
        "body": "<p>生鲜靠的是信任和时效。这套方案把支持配送时段与预售的小程序商城、按小区"
        "组织的社区团购，以及让顾客持续回购的社群运营结合在一起。</p><ul><li>配送时段"
        "与自提点</li><li>团长制社区团购</li><li>按当日到货更新库存</li><li>企业微信"
        "社群与会员复购</li></ul>",
    },
    "clinic-booking": {
        "slug": "zhensuo-yuyue",
        "title": "诊所在线预约解决方案",
        "summary": "为口腔、医美和各类门诊提供预约、提醒和定金收取，对接你正在用的排班系统。",
        "body": "<p>患者在微信里一分钟完成预约，前台的时间被解放出来。就诊提醒和预约定金"
        "有效降低爽约率，本地搜索优化则持续为你带来周边的新患者。</p>",
    },
    "export-manufacturer-website": {
        "slug": "waimao-qiye-guanwang",
        "title": "制造业外贸官网解决方案",
        "summary": "一个让海外采购找得到、信得过、愿意联系的双语产品站，再配上展示工厂实力的"
        "短视频。",
        "body": "<p>海外采购在发询盘之前，早已在网上比较过一轮供应商。这套方案提供打开快的"
        "产品目录、工程师关心的技术参数，以及来自生产车间的短视频，也可以延伸为跨境电商"
        "独立站。</p>",
    },
}


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


def _service(slug, spec, *, icon, colors, tags, **extra):
    service = Service(slug=slug, **spec, **extra)
    service.image.save(f"{slug}.jpg", service_image(icon, colors), save=False)
    service.save()
    service.tags.add(*[_tag(name) for name in tags])
    return service


def _case(slug, spec, *, colors, seed, logo_name, results, services, caption):
    case = CaseStudy(slug=slug, **spec)
    case.cover.save(f"{slug}.jpg", case_cover(colors, seed), save=False)
    case.client_logo.save(
        f"{slug}-logo.png", client_logo(logo_name, colors[0]), save=False
    )
    case.save()
    case.services.set(services)
    for order, (value, label) in enumerate(results, start=1):
        CaseStudyResult.objects.create(
            case_study=case, value=value, label=label, order=order * 10
        )
    for variant in range(2):
        item = CaseStudyImage(
            case_study=case,
            caption=caption.format(client=spec["client_name"], n=variant + 1),
            order=(variant + 1) * 10,
        )
        item.image.save(
            f"{slug}-{variant + 1}.jpg", screen_image(colors, variant), save=False
        )
        item.save()
    return case


def _solution(slug, spec, *, colors, seed, services, cases):
    solution = Solution(slug=slug, **spec)
    solution.cover.save(f"{slug}.jpg", case_cover(colors, seed), save=False)
    solution.save()
    solution.services.set(services)
    solution.case_studies.set(cases)
    return solution


def _chinese(model, original, slug):
    """The Chinese translation of `original` (or None), and whether to make it: not
    when it exists, nor when its slug is taken (by a row an editor unlinked)."""
    translation = original.translations().get(CHINESE)
    if translation is not None:
        return translation, False
    return None, not model.objects.filter(slug=slug).exists()


def _present(rows):
    return [row for row in rows if row is not None]


def build():
    created = 0
    industries = {}
    for order, (slug, name) in enumerate(INDUSTRIES, start=1):
        industry, was_created = Industry.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "order": order * 10,
                "name_zh_hans": INDUSTRIES_ZH[slug],
            },
        )
        if not industry.name_zh_hans:
            industry.name_zh_hans = INDUSTRIES_ZH[slug]
            industry.save(update_fields=["name_zh_hans"])
        industries[slug] = industry
        created += was_created

    # By English slug: the English rows and their Chinese translations.
    services, services_zh = {}, {}
    for spec in SERVICES:
        spec = dict(spec)
        slug = spec.pop("slug")
        icon, colors, tags = spec.pop("icon"), spec.pop("colors"), spec.pop("tags")
        parent_slug = spec.pop("parent", None)
        service = Service.objects.filter(slug=slug).first()
        if service is None:
            service = _service(
                slug,
                spec,
                icon=icon,
                colors=colors,
                tags=tags,
                parent=services[parent_slug] if parent_slug else None,
            )
            created += 1
        services[slug] = service
        zh = dict(SERVICES_ZH[slug])
        zh_slug, zh_tags = zh.pop("slug"), zh.pop("tags")
        translation, make = _chinese(Service, service, zh_slug)
        # A Chinese sub-service goes under the Chinese parent, never to the top.
        zh_parent = services_zh.get(parent_slug) if parent_slug else None
        if make and (zh_parent is not None or not parent_slug):
            translation = _service(
                zh_slug,
                zh,
                icon=icon,
                colors=colors,
                tags=zh_tags,
                parent=zh_parent,
                language=CHINESE,
                translation_key=service.translation_key,
                order=service.order,
                featured=service.featured,
            )
            created += 1
        services_zh[slug] = translation

    cases, cases_zh = {}, {}
    for index, spec in enumerate(CASES):
        spec = dict(spec)
        slug = spec.pop("slug")
        colors, results = spec.pop("colors"), spec.pop("results")
        service_slugs = spec.pop("services")
        spec["industry"] = industries[spec["industry"]]
        case = CaseStudy.objects.filter(slug=slug).first()
        if case is None:
            case = _case(
                slug,
                spec,
                colors=colors,
                seed=index,
                logo_name=spec["client_name"],
                results=results,
                services=[services[s] for s in service_slugs],
                caption="{client}: screens, round {n}",
            )
            created += 1
        cases[slug] = case
        zh = dict(CASES_ZH[slug])
        zh_slug, zh_results = zh.pop("slug"), zh.pop("results")
        translation, make = _chinese(CaseStudy, case, zh_slug)
        if make:
            translation = _case(
                zh_slug,
                {
                    **zh,
                    "industry": case.industry,
                    "featured": case.featured,
                    "language": CHINESE,
                    "translation_key": case.translation_key,
                    "order": case.order,
                },
                colors=colors,
                seed=index,
                # A logo is the brand's mark: the one the English case draws.
                logo_name=case.client_name,
                results=zh_results,
                services=_present(services_zh.get(s) for s in service_slugs),
                caption="{client}：项目界面（第{n}组）",
            )
            created += 1
        cases_zh[slug] = translation
    for index, spec in enumerate(CHINESE_ONLY_CASES, start=len(CASES)):
        spec = dict(spec)
        slug = spec.pop("slug")
        colors, results = spec.pop("colors"), spec.pop("results")
        service_slugs = spec.pop("services")
        spec["industry"] = industries[spec["industry"]]
        case = CaseStudy.objects.filter(slug=slug).first()
        if case is None:
            case = _case(
                slug,
                {**spec, "language": CHINESE},
                colors=colors,
                seed=index,
                logo_name=slug.split("-")[0].title(),
                results=results,
                services=_present(services_zh.get(s) for s in service_slugs),
                caption="{client}：项目界面（第{n}组）",
            )
            created += 1
        cases_zh[slug] = case

    for index, spec in enumerate(SOLUTIONS):
        spec = dict(spec)
        slug = spec.pop("slug")
        colors = spec.pop("colors")
        service_slugs, case_slugs = spec.pop("services"), spec.pop("cases")
        spec["industry"] = industries[spec["industry"]]
        solution = Solution.objects.filter(slug=slug).first()
        if solution is None:
            solution = _solution(
                slug,
                spec,
                colors=colors,
                seed=index + 3,
                services=[services[s] for s in service_slugs],
                cases=[cases[s] for s in case_slugs],
            )
            created += 1
        zh = dict(SOLUTIONS_ZH[slug])
        zh_slug, extra_cases = zh.pop("slug"), zh.pop("extra_cases", [])
        if _chinese(Solution, solution, zh_slug)[1]:
            _solution(
                zh_slug,
                {
                    **zh,
                    "industry": solution.industry,
                    "language": CHINESE,
                    "translation_key": solution.translation_key,
                    "order": solution.order,
                },
                colors=colors,
                seed=index + 3,
                services=_present(services_zh.get(s) for s in service_slugs),
                cases=_present(cases_zh.get(s) for s in case_slugs + extra_cases),
            )
            created += 1

    return f"{created} objects created"
