"""Demo content of the articles app: a fictional agency's magazine, in English and
Chinese.

Every article is written in both languages (the Chinese one the translation of the
English: same translation key, its own Chinese slug, title, body and tags, published a
few hours later in the same state: draft, scheduled or live), except two, on purpose:

- English only: "Entering China: a first-year digital plan for foreign brands" (for
  foreign clients; a Chinese reader needs no such guide).
- Chinese only: "视频号怎么做：微信私域的新入口" (a domestic platform topic).

Categories are shared, with their Chinese wording in the `_zh_hans` columns. Tags are
per language: Chinese articles carry Chinese tags (小程序, 抖音运营, 私域流量 ...), a few
Latin ones (H5, SEO, AI) being what Chinese writers use too.

Idempotent: categories, authors and articles are keyed by slug or username, and an
article that already exists is left exactly as it is (views, likes and all); a
translation is added only where the original has none.
"""

import os
import random
from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont
from taggit.models import Tag

from agency.core import cards
from agency.core.translation import DEFAULT_LANGUAGE as ENGLISH

from .models import (
    Article,
    ArticleDailyView,
    ArticleLike,
    AuthorProfile,
    Category,
)
from .models.slugs import SLUG_MAX_LENGTH

CHINESE = "zh-hans"

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
    # (username, display name, bio, Chinese bio)
    (
        "demo-mei",
        "Mei Chen",
        "Product lead at Bluepeak. Has shipped mini programs for retailers, clinics and "
        "schools since the first version of the platform.",
        "蓝峰数字产品负责人。从小程序平台上线第一版起，就为零售、诊所和学校做小程序。",
    ),
    (
        "demo-tom",
        "Tom Hartley",
        "Runs search and content at Bluepeak. Believes most SEO problems are really "
        "site-structure problems.",
        "负责蓝峰数字的搜索与内容。他认为，大多数 SEO 问题其实是网站结构问题。",
    ),
    (
        "demo-lina",
        "Lina Zhou",
        "Mobile engineer. Writes about apps, performance and what users actually tap.",
        "移动端工程师。写 App、性能，以及用户真正会点的地方。",
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
    ("Entering China: a first-year digital plan for foreign brands", "industry-analysis", "demo-tom", ["Cross-border", "WeChat", "Compliance"], True),
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

# The Chinese translation of each article above, by its English title: the Chinese
# title (written for Chinese readers, not word for word) and Chinese tags. An article
# missing here is English only (ENGLISH_ONLY).
TRANSLATIONS = {
    "Mini program or public account: which one should you build first?": ("先做小程序还是先做公众号？一篇讲清楚", ["微信生态", "小程序", "公众号"]),
    "Ten checks before a mini program mall goes live": ("小程序商城上线前的十项检查", ["小程序", "电商", "微信支付"]),
    "How community group buying runs on mini programs": ("社区团购小程序是怎么跑起来的", ["小程序", "新零售", "电商"]),
    "Growing a mini program without paid ads": ("不投广告，小程序怎么拉新？", ["小程序", "私域流量", "社交媒体"]),
    "What a mini program really costs in 2026": ("2026年做一个小程序到底要花多少钱", ["小程序", "微信生态"]),
    "Mini program login, phone numbers and privacy rules": ("小程序登录、手机号授权与隐私合规要点", ["小程序", "合规"]),
    "Designing mini program pages for one-handed use": ("单手就能用：小程序页面设计的几条原则", ["小程序", "用户体验"]),
    "Booking mini programs for clinics and salons": ("诊所和美业门店的预约小程序怎么做", ["小程序", "企业微信"]),
    "Official account menus that people actually use": ("公众号菜单怎么设计，粉丝才愿意点", ["公众号", "用户体验"]),
    "Service account or subscription account?": ("服务号还是订阅号？企业该怎么选", ["公众号", "微信生态"]),
    "Template messages after the rule changes": ("模板消息新规之后，服务通知该怎么发", ["公众号", "合规", "企业微信"]),
    "H5 campaigns inside an official account": ("在公众号里做H5活动，这几点别踩坑", ["公众号", "H5", "社交媒体"]),
    "Connecting an official account to your CRM": ("公众号打通CRM：让每个粉丝都有客户档案", ["公众号", "企业微信", "数据分析"]),
    "Turning articles into leads on WeChat": ("公众号文章如何变成销售线索", ["公众号", "内容营销", "私域流量"]),
    "Native, Flutter or mini program: choosing how to build an app": ("原生、Flutter还是小程序？App技术选型指南", ["App开发", "Flutter", "小程序"]),
    "Getting an app into Chinese Android stores": ("安卓应用市场上架攻略：软著、备案与各家审核", ["App开发", "安卓", "合规"]),
    "Five things to settle before an app project starts": ("App项目启动前必须想清楚的五件事", ["App开发", "用户体验"]),
    "Why your app's first screen takes three seconds": ("为什么你的App首屏要等三秒", ["App开发", "性能优化", "iOS", "安卓"]),
    "Payments in apps for foreign companies in China": ("App接入微信支付和支付宝，企业要准备什么", ["App开发", "微信支付"]),
    "Keeping an education app alive after launch": ("教育类App上线之后，怎么留住用户", ["App开发", "数据分析"]),
    "Social features in apps: what is worth building": ("App里的社交功能，哪些值得做", ["App开发", "社交媒体", "用户体验"]),
    "Baidu SEO for foreign brands: the basics": ("百度SEO入门：企业官网必做的基础优化", ["SEO", "百度优化"]),
    "Hosting, ICP and why Baidu cannot see your site": ("服务器、ICP备案与百度收录：网站为什么搜不到", ["SEO", "百度优化", "合规", "性能优化"]),
    "Titles and descriptions that earn the click": ("标题和描述怎么写，搜索结果才有人点", ["SEO", "内容营销"]),
    "Being found in WeChat search": ("微信搜一搜优化：让小程序和公众号被搜到", ["SEO", "微信生态", "小程序"]),
    "Site speed is an SEO problem": ("网站打开慢，本身就是SEO问题", ["SEO", "性能优化"]),
    "Multilingual sites without duplicate content": ("中英文双语网站如何避免重复内容", ["SEO", "跨境电商"]),
    "A Xiaohongshu plan for a new brand": ("新品牌做小红书种草：从0到1的起号方案", ["小红书", "社交媒体", "内容营销"]),
    "Short video on Douyin for B2B companies": ("To B企业怎么做抖音短视频", ["抖音运营", "社交媒体"]),
    "Live streaming sales: what to prepare": ("直播带货开播前，要准备哪些东西", ["直播带货", "电商", "抖音运营"]),
    "Landing pages that turn ad clicks into enquiries": ("落地页怎么做，广告点击才能变成留资", ["内容营销", "数据分析", "H5"]),
    "Measuring campaigns across WeChat, Douyin and the web": ("微信、抖音、官网多渠道投放，效果怎么算", ["数据分析", "微信生态", "抖音运营"]),
    "Key opinion consumers and why small beats big": ("为什么KOC比大V更值得投", ["小红书", "社交媒体"]),
    "China's digital market in numbers, this year": ("用数据看今年的中国数字市场", ["微信生态", "电商", "数据分析"]),
    "Where mini programs are heading": ("小程序的下一步会走向哪里", ["小程序", "AI"]),
    "AI assistants inside WeChat: first impressions": ("微信里的AI助手：上手初体验", ["AI", "微信生态"]),
    "Cross-border e-commerce after the new rules": ("新规之下，跨境电商独立站怎么做", ["跨境电商", "电商", "合规"]),
    "Retail in lower-tier cities goes mobile": ("下沉市场的零售，正在全面搬上手机", ["新零售", "小程序"]),
    "What app users in China expect in 2026": ("2026年，国内App用户在期待什么", ["App开发", "用户体验"]),
}  # fmt: skip

# Deliberately in one language only (see the module's docstring).
ENGLISH_ONLY = {"Entering China: a first-year digital plan for foreign brands"}
# (title, category slug, author username, tags, featured): Chinese articles with no
# English original, placed among the others by date (after the English title given).
CHINESE_ONLY = [
    (
        "视频号怎么做：微信私域的新入口",
        "digital-marketing",
        "demo-mei",
        ["视频号", "私域流量", "企业微信"],
        True,
        "Short video on Douyin for B2B companies",
    ),
]

# The opening paragraph of an article, by its title: what this piece is about, before
# the category's common ground.
LEADS = {
    "Mini program or public account: which one should you build first?": "With budget for only one, start from how you close a sale. If customers buy after reading and trusting you, start with an official account; if they buy by ordering, booking or redeeming, start with a mini program.",
    "Ten checks before a mini program mall goes live": "Before a mall goes to WeChat's review we walk through one list with the client: the business category and its licences, the WeChat Pay merchant account, the privacy notice, refunds, stock and shipping templates.",
    "How community group buying runs on mini programs": "Community group buying does not run on software; it runs on group leaders. The mini program's job is to make opening a group, collecting orders and settling up effortless for them.",
    "Growing a mini program without paid ads": "Not every mini program has an advertising budget. For most shops and brands the cheapest channel is also the best one: existing customers sharing it with friends and group chats.",
    "What a mini program really costs in 2026": "\"How much is a mini program?\" is the question we hear most. Answers range from a few thousand yuan for a template to several hundred thousand for custom work; features, integrations and care after launch make the difference.",
    "Mini program login, phone numbers and privacy rules": "Privacy rules in China keep tightening, and mini program log-in and phone-number prompts have changed with them. A wrong privacy notice or a prompt at the wrong moment is enough to fail review.",
    "Designing mini program pages for one-handed use": "People open mini programs with one hand while the other holds a bag, a coffee or a child. Put the main actions where the thumb reaches: the lower half of the screen.",
    "Booking mini programs for clinics and salons": "Dental clinics, beauty salons and medical practices spend much of the front desk's day on the phone arranging times. A good booking mini program lets patients do it themselves.",
    "Official account menus that people actually use": "Many official account menus copy the corporate website: About us, News, Contact. Almost nobody taps them. Build the menu around what followers want to do instead.",
    "Service account or subscription account?": "A service account may broadcast four times a month but lands in the chat list and can take payments; a subscription account may post daily but is folded away. Which one you need depends on what the account is for.",
    "Template messages after the rule changes": "Since WeChat changed the rules, template messages can no longer carry marketing, and many companies' notifications stopped overnight. Here is what still works.",
    "H5 campaigns inside an official account": "An H5 game inside an official account article is a proven way to win and wake followers, but forced sharing or forced following gets campaigns blocked and accounts restricted.",
    "Connecting an official account to your CRM": "An account with tens of thousands of followers tells sales nothing about who is ready to buy. Connected to a CRM, every sign-up, question and purchase lands in one customer record.",
    "Turning articles into leads on WeChat": "A widely read article without a way to get in touch is brand exposure, not sales. Articles that bring leads place a form, a WeChat Work QR code or a mini program link where readers are ready for them.",
    "Native, Flutter or mini program: choosing how to build an app": "Native gives the best experience at the highest cost, Flutter covers iOS and Android with one code base, and a mini program needs no download at all. The product decides, not fashion.",
    "Getting an app into Chinese Android stores": "Finishing the app is the first half. China's Android stores want a software copyright certificate, an app filing, a privacy policy and permission notes, and each store reviews differently.",
    "Five things to settle before an app project starts": "Many half-built apps we are asked to rescue did not fail on technology: nobody had settled who the app was for, what it solves, how it earns, who runs it and how it will grow.",
    "Why your app's first screen takes three seconds": "Three seconds of blank screen and many users are gone. The causes are usually the same few: too many SDKs at start-up, requests made one after another and uncompressed images.",
    "Payments in apps for foreign companies in China": "Taking WeChat Pay and Alipay in an app requires a local merchant account, a Chinese bank account, an app filing and proper refund and reconciliation flows. Foreign companies need a plan for each.",
    "Keeping an education app alive after launch": "Downloads are the easy part of an education app; daily use is the hard one. Progress reports, streaks and a parents' view are what keep students and families opening it.",
    "Social features in apps: what is worth building": "Communities, comments and direct messages promise engagement, but they are expensive to build and to moderate under Chinese content rules. Few apps really need all of them.",
    "Baidu SEO for foreign brands: the basics": "Chinese buyers still start with a search, and that search is on Baidu, not Google. A foreign brand's site must first be crawlable from China, titled in Chinese and written for Chinese questions.",
    "Hosting, ICP and why Baidu cannot see your site": "\"Our site has been live for six months and Baidu cannot find it.\" The cause is nearly always the same: hosting outside mainland China, no ICP licence, or a structure Baidu cannot crawl.",
    "Titles and descriptions that earn the click": "Ranking but not clicked? Look at the page title and description first: they are the whole first impression a results page gives.",
    "Being found in WeChat search": "More and more people search inside WeChat rather than on the web. The names, descriptions and service keywords of your mini program and official account decide whether they find you.",
    "Site speed is an SEO problem": "Half of visitors leave a page that takes more than three seconds, and search engines notice. Speed is the cheapest SEO improvement with the quickest return.",
    "Multilingual sites without duplicate content": "Exporters often need English and Chinese versions of one site. Handled carelessly, search engines see duplicates and rank neither well.",
    "A Xiaohongshu plan for a new brand": "A new brand on Xiaohongshu should not start by paying big influencers. Build the brand account and its notes first, test claims with a few everyday creators, then scale what works.",
    "Short video on Douyin for B2B companies": "Douyin is not only for consumer goods. Factory tours, technical explainers and a founder who talks straight bring manufacturers and B2B services precise enquiries.",
    "Live streaming sales: what to prepare": "Most of a live-stream sale is won before going live: products and price mechanics, a script, clear roles for host and floor manager, stock and shipping, and warm-up posts to fill the room.",
    "Landing pages that turn ad clicks into enquiries": "Plenty of clicks, hardly any enquiries: the problem is usually the landing page, not the ads. It loads slowly, hides the offer or asks too much.",
    "Measuring campaigns across WeChat, Douyin and the web": "Every platform reports that its own campaigns worked. Brands advertising on WeChat, Douyin and Baidu at once need their own way of seeing which channel brought customers.",
    "Key opinion consumers and why small beats big": "Creators with a few thousand followers often write more convincingly and get more comments than stars. For the same budget, thirty of them usually move search and sales more than one big name.",
    "China's digital market in numbers, this year": "This year's Chinese digital market in a few lines: mini programs, short video and live commerce keep growing, private traffic moved from optional to essential, and AI entered daily marketing and service work.",
    "Where mini programs are heading": "Mini programs are nearly ten years old. Once \"use and leave\", they now carry shops, services, content and customer relationships, and they are moving closer to AI, Channels and WeChat Work.",
    "AI assistants inside WeChat: first impressions": "WeChat is adding AI to search, official accounts and mini programs. We tried it for a few weeks; here is what it may mean for brands' content, service and marketing.",
    "Cross-border e-commerce after the new rules": "Marketplace rules keep changing, and more sellers are building their own stores. The new rules bring new requirements for payments, logistics and data wherever you sell.",
    "Retail in lower-tier cities goes mobile": "Shops in smaller cities and county towns are moving their trade onto phones: mini program orders, community group buying, Douyin local services and WeChat groups, all at once.",
    "What app users in China expect in 2026": "Chinese users expect more from apps every year: quick to open, clear about privacy, restrained with ads, and aware of what each user needs. These expectations are reordering product priorities.",
    "先做小程序还是先做公众号？一篇讲清楚": "预算只够先做一样的时候，很多老板都会纠结：先做公众号还是先做小程序？我们的建议是看你的生意靠什么成交：靠内容和信任成交的，先做公众号；靠下单、预约、核销成交的，先做小程序。",
    "小程序商城上线前的十项检查": "小程序商城开发完成、准备提交审核之前，我们都会和客户一起过一遍清单：类目资质、微信支付商户号、隐私协议、退款流程、库存和物流模板，一项都不能少。",
    "社区团购小程序是怎么跑起来的": "社区团购的核心不是系统，而是团长。小程序要做的，是让团长开团、接龙、对账都足够省事，让邻居下单、自提、售后都足够放心。",
    "不投广告，小程序怎么拉新？": "不是每个小程序都有投放预算。对大多数门店和品牌来说，最便宜也最有效的拉新方式，是让老顾客愿意把小程序转发给朋友和微信群。",
    "2026年做一个小程序到底要花多少钱": "“做个小程序多少钱？”是我们被问得最多的问题。从几千元的模板到几十万元的定制开发都有，差别在于功能复杂度、后台对接和上线后的运营维护。",
    "小程序登录、手机号授权与隐私合规要点": "随着个人信息保护要求越来越严，小程序的登录和手机号授权方式也在不断调整。用户隐私保护指引填不对、授权弹窗时机不对，都可能导致审核被驳回。",
    "单手就能用：小程序页面设计的几条原则": "用户打开小程序的时候，往往一只手拿着手机，另一只手拎着东西。主要按钮放在拇指够得着的下半屏，是小程序页面设计的第一条原则。",
    "诊所和美业门店的预约小程序怎么做": "口腔诊所、医美机构、美容美发门店，前台每天最多的工作就是接电话约时间。一个好的预约小程序，能把这部分工作交给顾客自己完成，还能配合企业微信做到店提醒和回访。",
    "公众号菜单怎么设计，粉丝才愿意点": "很多企业的公众号菜单照搬官网栏目，“关于我们”“新闻中心”“联系方式”，几乎没人点。菜单应该按粉丝想做的事情来设计，而不是按公司的组织架构。",
    "服务号还是订阅号？企业该怎么选": "服务号每月只能群发四次，但消息直接出现在聊天列表里，还能接入微信支付和模板消息；订阅号可以每天推送，却被折叠在订阅号消息里。选哪个，取决于你拿公众号来做什么。",
    "模板消息新规之后，服务通知该怎么发": "公众号模板消息规则调整后，营销类内容不能再通过模板消息推送，很多企业的“服务通知”一下子失效了。我们整理了新规下仍然可用的几种通知方式。",
    "在公众号里做H5活动，这几点别踩坑": "公众号文章里嵌一个H5互动活动，是拉新和促活的常用玩法。但诱导分享、强制关注这些红线一旦踩到，轻则活动被封，重则公众号被限制功能。",
    "公众号打通CRM：让每个粉丝都有客户档案": "公众号粉丝动辄几万，销售却不知道谁是潜在客户。把公众号和CRM、企业微信打通之后，粉丝的每一次留资、咨询和购买，都会记在同一份客户档案里。",
    "公众号文章如何变成销售线索": "公众号文章阅读量再高，如果没有留资入口，就只是品牌曝光。一篇能带来销售线索的文章，需要在合适的位置放上表单、企业微信二维码或小程序入口。",
    "原生、Flutter还是小程序？App技术选型指南": "立项做App之前，技术选型是绕不开的问题：原生开发体验最好、成本最高；Flutter一套代码覆盖iOS和安卓；小程序则几乎零获客门槛。该怎么选，要看产品本身。",
    "安卓应用市场上架攻略：软著、备案与各家审核": "App开发完成只是第一步。国内安卓应用市场要求软件著作权、App备案、隐私政策和权限说明，华为、小米、OPPO、vivo各家的审核重点还不一样。",
    "App项目启动前必须想清楚的五件事": "我们接过不少“做了一半”的App项目，问题往往不在技术，而在项目启动前没想清楚：给谁用、解决什么问题、怎么赚钱、谁来运营、上线后怎么迭代。",
    "为什么你的App首屏要等三秒": "用户点开App，白屏等了三秒，很多人就直接划走了。首屏慢的原因通常就那几个：启动时加载的SDK太多、接口串行请求、图片没有压缩。",
    "App接入微信支付和支付宝，企业要准备什么": "App内接入微信支付和支付宝，需要企业主体的商户号、对公账户、App备案信息，以及符合要求的退款和对账流程。提前准备好资料，能少走很多弯路。",
    "教育类App上线之后，怎么留住用户": "教育类App下载不难，难的是让学生和家长持续打开。学习报告、打卡激励、家长端通知，都是提升留存的有效手段。",
    "App里的社交功能，哪些值得做": "很多App都想加社区、评论、私信功能，希望用户“留下来”。但社交功能开发成本高、审核压力大，并不是每个App都需要。",
    "百度SEO入门：企业官网必做的基础优化": "在国内，客户找供应商的第一步往往还是百度搜索。企业官网想被搜到，先要把基础打牢：网站能被百度正常抓取、页面标题写对、内容回答客户的问题。",
    "服务器、ICP备案与百度收录：网站为什么搜不到": "不少企业找到我们时说：网站上线半年了，百度上怎么都搜不到。排查下来，原因往往是服务器放在境外、没有ICP备案，或者网站结构让百度抓取不到。",
    "标题和描述怎么写，搜索结果才有人点": "排名上去了，点击率却很低？问题多半出在页面标题和描述。它们是用户在百度搜索结果里看到的第一印象。",
    "微信搜一搜优化：让小程序和公众号被搜到": "越来越多用户直接在微信里搜索服务和商品。小程序和公众号的名称、简介、服务关键词，以及文章内容，都会影响你在微信搜一搜里的排名。",
    "网站打开慢，本身就是SEO问题": "网站打开超过三秒，一半的访客会直接离开，百度也会降低对它的评价。提升打开速度，是投入最小、见效最快的SEO优化之一。",
    "中英文双语网站如何避免重复内容": "做外贸或跨境电商独立站的企业，常常需要中英文双语网站。语言版本处理不好，搜索引擎会把它们当成重复内容，反而影响排名。",
    "新品牌做小红书种草：从0到1的起号方案": "新品牌在小红书上从零开始，最怕一上来就砸钱投达人。我们更建议先把品牌账号和笔记内容打磨好，再用小批量KOC测试卖点，最后才放大投放。",
    "To B企业怎么做抖音短视频": "很多To B企业觉得抖音是卖货的平台，跟自己没关系。其实工厂实拍、技术讲解、老板IP，都能在抖音上为工业品和企业服务带来精准询盘。",
    "直播带货开播前，要准备哪些东西": "一场直播带货能不能成，七分靠准备：选品和价格机制、直播脚本、主播和场控分工、库存和发货，还有开播前的预热引流。",
    "落地页怎么做，广告点击才能变成留资": "广告投出去了，点击也不少，留资却寥寥无几。问题往往不在投放，而在落地页：加载太慢、卖点不清、表单太长。",
    "微信、抖音、官网多渠道投放，效果怎么算": "同时在微信、抖音和百度投放的企业，最常遇到的问题是：每个平台都说自己效果好，到底哪个渠道真正带来了客户？",
    "为什么KOC比大V更值得投": "小红书和抖音上，粉丝几千到几万的KOC，笔记往往更真实、评论区互动更好。同样的预算，投几十个KOC，常常比投一个大V更能带动搜索和转化。",
    "用数据看今年的中国数字市场": "今年的中国数字市场有几个明显的变化：小程序、短视频和直播电商继续增长，私域运营从“可选”变成“必做”，AI开始进入营销和客服的日常工作。",
    "小程序的下一步会走向哪里": "小程序已经走过了快十年。从最初的“用完即走”，到今天承载电商、服务、内容和私域，小程序的下一步会和AI、视频号、企业微信结合得更紧密。",
    "微信里的AI助手：上手初体验": "微信陆续在搜一搜、公众号和小程序里接入AI能力。我们体验了一段时间，聊聊它对企业的内容、客服和营销可能意味着什么。",
    "新规之下，跨境电商独立站怎么做": "跨境电商平台规则频繁变化，越来越多卖家开始建设自己的独立站。新规之下，独立站在支付、物流、数据合规上都有新的要求。",
    "下沉市场的零售，正在全面搬上手机": "三四线城市和县城的零售门店，正在把生意搬上手机：小程序下单、社区团购、抖音本地生活、企业微信社群，一个都没落下。",
    "2026年，国内App用户在期待什么": "国内用户对App的要求越来越高：打开要快、隐私要透明、广告要克制，还希望App能“懂我”。这些期待正在改变产品设计的优先级。",
}  # fmt: skip

# Articles whose body is written for them alone, by title.
BODIES = {
    "Entering China: a first-year digital plan for foreign brands": (
        "<p>Most foreign brands that struggle in China did not build the wrong thing; "
        "they built the right things in the wrong order. Google, Instagram and your "
        "global website do not reach Chinese customers, so the first year is about "
        "setting up the channels they do use, and doing it in a sequence that lets "
        "each one feed the next.</p>"
        "<h2>Months one to three: be findable and be legal</h2><ul>"
        "<li>Register your trademark in China before anything else.</li>"
        "<li>A Chinese website hosted in mainland China, with an ICP licence, so that "
        "Baidu indexes it and it loads quickly.</li>"
        "<li>A verified WeChat service account, which needs a Chinese entity or a "
        "partner who can apply for you.</li></ul>"
        "<h2>Months three to six: listen before you shout</h2><p>Put a small budget "
        "into Xiaohongshu: seed your product with twenty or thirty everyday users and "
        "read what they say. Their notes tell you which claims resonate, which "
        "prices feel right and which competitors Chinese buyers compare you with. "
        "It is the cheapest market research you will ever run.</p>"
        "<h2>Months six to twelve: sell where people already are</h2><p>A mini "
        "program mall inside WeChat, or a Tmall Global store if you sell "
        "cross-border, with short video on Douyin to bring people to it. Keep the "
        "customers you win in WeChat Work, where a sales assistant can follow up "
        "personally, rather than paying for them again with every campaign.</p>"
        "<blockquote><p>Localise the product story, not just the words: the reason a "
        "Chinese customer buys is often not the reason your home market does."
        "</p></blockquote>"
        "<h2>How we help</h2><p>We set up the website, the WeChat accounts and the "
        "first campaigns for foreign brands, and we write in both languages, so your "
        "headquarters always knows what is being said in its name. Tell us where you "
        "are in your first year and we will suggest the next step.</p>"
    ),
    "视频号怎么做：微信私域的新入口": (
        "<p>很多客户问我们：抖音、小红书已经在做了，视频号还有必要投入吗？我们的答案是："
        "如果你的客户在微信里，视频号就值得认真做。它和公众号、小程序、企业微信都在同一个"
        "生态里，内容带来的流量可以直接沉淀到私域，不用再花钱从别的平台“搬”过来。</p>"
        "<h2>视频号和抖音有什么不同</h2><p>抖音的推荐以算法为主，新账号也有机会爆；"
        "视频号除了算法推荐，还有很大一部分流量来自社交推荐，也就是朋友点赞之后出现在你的"
        "“朋友♥”里。所以视频号的冷启动更依赖你已有的私域：员工、老客户、社群成员的第一波"
        "点赞和转发，决定了内容能走多远。</p>"
        "<h2>起号前要准备的几件事</h2><ul>"
        "<li>视频号与公众号、企业微信完成绑定，主页挂上小程序入口和企业微信名片</li>"
        "<li>确定三个固定栏目，比如“老板说”“门店日常”“客户问答”，保证每周稳定更新</li>"
        "<li>准备好承接路径：评论区置顶、直播间挂小程序商品、引导添加企业微信</li>"
        "<li>定好衡量指标：不只看播放量，更要看新增企微好友数和小程序成交</li>"
        "</ul><h2>直播是视频号的重头戏</h2><p>视频号直播可以提前预约，预约提醒直接推到"
        "微信里，公众号文章、社群、朋友圈都能挂预约入口。我们服务的一家烘焙连锁，每周四"
        "晚上做一场新品直播，提前三天在社群里发预约，单场稳定有两千多人观看，直播间挂的"
        "小程序商城当晚就能出单。</p>"
        "<blockquote><p>视频号不是另一个需要单独运营的平台，而是把公众号、小程序、企业微信"
        "串起来的那根线。</p></blockquote>"
        "<h2>我们的做法</h2><p>我们通常从一次半天的工作坊开始，梳理你现有的公众号粉丝、"
        "社群和企业微信好友，再定栏目、拍样片，一个月内跑通“内容—直播—小程序成交—"
        "企微沉淀”的完整链路。如果你也在考虑做视频号，欢迎找我们聊聊。</p>"
    ),
}

# The Chinese articles' text, per category: written for Chinese readers.
PARAGRAPHS_ZH = {
    "wechat-mini-program": [
        "小程序在微信里一秒左右就能打开，不用下载、不用注册。光是这一点，就大大降低了"
        "用户第一次使用的门槛。",
        "做小程序，大部分功夫其实不在写代码，而在想清楚：用户打开首页的那一刻，必须能"
        "完成哪三件事？其余的功能，能砍就砍。",
        "小程序审核一般需要一到七天。发版计划要把审核时间算进去，最好随时备着一个不含"
        "最新功能、也能顺利过审的版本。",
        "转发到微信群和聊天，是小程序最强的增长渠道。给用户一个转发的理由：拼团价、"
        "双人预约、一起凑单的清单。",
    ],
    "public-account": [
        "公众号首先是一个维护客户关系的渠道。文章负责把人吸引进来，菜单和消息负责把人"
        "留下来。",
        "菜单设三个入口，每个都是用户一看就懂的动作，比如“预约”“查订单”“找客服”，远比"
        "按部门罗列的十五个入口好用。",
        "每一条推送都在和亲朋好友的聊天抢位置。少发一点，但每一条都要有用到让人愿意点开。",
        "尽早把公众号接入CRM或企业微信，这样粉丝提的问题就能变成一条有来龙去脉的销售"
        "线索，而不只是聊天窗口里的一个昵称。",
    ],
    "app-development": [
        "只有用户每周都会回来用，一个App才值得占据手机上的位置。先想清楚用户为什么会"
        "回来，再决定用什么技术来做。",
        "Flutter等跨平台方案已经足够成熟，能满足大多数企业App的需求。例外是重度图形、"
        "深度调用硬件，以及特别大的研发团队。",
        "在国内做安卓，意味着要面对华为、小米、OPPO、vivo等十几个应用市场，每家都有自己"
        "的审核规则和资质要求，首次上架要按周来留时间，而不是按天。",
        "首屏速度要用中端机型、在弱网环境下测。你的大多数用户，拿的就是这样的手机。",
    ],
    "seo": [
        "搜索引擎偏爱把问题讲清楚、打开速度又快的网站。其他一切优化，都是在这两点之上的"
        "细节。",
        "服务器放在国内、完成ICP备案的网站，百度抓取得更快更勤。对很多企业官网来说，这"
        "往往是见效最明显的一步。",
        "标题是写给在搜索结果里快速扫一眼的人看的：关键词放前面，品牌名放最后，不要堆砌"
        "用户根本不会搜的词。",
        "内链告诉搜索引擎哪些页面更重要。从权重最高的页面，链接到你最希望被搜到的页面。",
    ],
    "digital-marketing": [
        "投放效果好不好，很大程度上取决于落地页。花在落地页上的心思，不应少于花在广告"
        "素材上的。",
        "抖音短视频拼的是持续更新，而不是单条精致。十二条真诚的日常内容，胜过一条只发一次"
        "的大片。",
        "粉丝不多但互动高的小红书博主和KOC，带货效果常常不输大V，成本却只是零头，而且"
        "他们的种草笔记多年后还能被搜到。",
        "活动开始之前，就要定好怎么衡量：哪个数字必须提升，在哪里看这个数字。",
    ],
    "industry-analysis": [
        "在中国，移动端不是一个渠道，而是市场本身。几乎每一次购买，都从手机开始，也在"
        "手机上完成。",
        "各大平台正在互相渗透：聊天软件能卖货，购物软件做内容，短视频平台接入支付。品牌"
        "只能跟着用户，在每个平台上都站住脚。",
        "监管变化很快，方向基本都是加强用户隐私保护。从一开始就按合规要求设计，比事后"
        "整改便宜得多。",
        "增量正在来自下沉市场、中老年用户和服务类消费。能同时照顾到这三者的品牌，才会是"
        "赢家。",
    ],
}
CHECKLIST_ZH = {
    "wechat-mini-program": ["主体认证与类目", "微信支付商户号", "隐私保护指引", "可过审的版本"],
    "public-account": ["账号类型", "自定义菜单", "关注欢迎语", "打通CRM"],
    "app-development": ["目标平台", "软著与应用市场账号", "数据统计", "崩溃监控"],
    "seo": ["服务器与ICP备案", "标题与描述", "内链结构", "打开速度"],
    "digital-marketing": ["营销目标", "目标人群", "落地页", "效果衡量"],
    "industry-analysis": ["市场规模", "渠道变化", "监管规则", "机会所在"],
}  # fmt: skip

# The Chinese wording of the categories (their `_zh_hans` columns), by slug:
# name, description, SEO title, SEO description.
CATEGORIES_ZH = {
    "news": ("新闻资讯", "中国数字市场的最新动向，以及它们对品牌意味着什么。", "新闻资讯：数字营销与互联网动态", "蓝峰数字整理的小程序、App、电商与营销行业动态和解读。"),
    "industry-analysis": ("行业分析", "数据、趋势和我们的解读，写给做决策的人。", "行业分析：数据、趋势与解读", "小程序、电商、跨境与App市场的数据和趋势分析，帮助企业做决策。"),
    "wechat-mini-program": ("微信小程序开发", "小程序从策划、开发到增长运营的实战经验。", "微信小程序开发经验与案例", "小程序开发费用、商城上线检查、社区团购、预约小程序等实战经验分享。"),
    "public-account": ("公众号开发", "服务号、订阅号：菜单、H5页面、消息推送，以及背后的粉丝运营。", "公众号开发与运营", "公众号菜单设计、模板消息、H5活动与CRM打通的实用指南。"),
    "app-development": ("APP开发", "原生与跨平台App，从想法到上架各大应用商店。", "APP开发：选型、上架与性能", "App技术选型、安卓应用市场上架、首屏性能与用户留存经验。"),
    "seo": ("SEO优化", "让客户在百度、谷歌和微信搜一搜里找到你。", "SEO优化：百度与微信搜一搜", "百度SEO、ICP备案、网站速度与微信搜一搜优化的方法和经验。"),
    "digital-marketing": ("数字营销", "抖音、小红书、视频号与广告投放，把流量变成客户。", "数字营销：抖音、小红书与私域运营", "抖音短视频、小红书种草、直播带货、视频号与落地页的实战方法。"),
}  # fmt: skip

# The colour of a category's covers does not depend on the language; the words do.
CLOSING = {
    "en": (
        "<h2>How we approach it</h2>"
        "<p>We start every project with a short workshop, agree on the figures that must "
        "move, and ship a first version within weeks rather than months. If you are "
        "weighing a similar decision, we are happy to talk it through.</p>"
    ),
    "zh-hans": (
        "<h2>我们的做法</h2>"
        "<p>每个项目我们都从一次简短的需求工作坊开始，先约定要提升的核心指标，再用几周而"
        "不是几个月的时间交付第一个可用版本。如果你也在考虑类似的问题，欢迎随时找我们聊聊。"
        "</p>"
    ),
}

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


def _body(category_slug, title, rng, language=ENGLISH):
    if title in BODIES:
        return BODIES[title]
    chinese = language == CHINESE
    paragraphs = (PARAGRAPHS_ZH if chinese else PARAGRAPHS)[category_slug][:]
    rng.shuffle(paragraphs)
    checklist = (CHECKLIST_ZH if chinese else CHECKLIST)[category_slug]
    items = "".join(f"<li>{item}</li>" for item in checklist)
    heading = "先看这几项" if chinese else "What to look at first"
    lead = f"<p>{LEADS[title]}</p>" if title in LEADS else ""
    return (
        f"{lead}<p>{paragraphs[0]}</p><p>{paragraphs[1]}</p>"
        f"<h2>{heading}</h2><ul>{items}</ul>"
        f"<p>{paragraphs[2]}</p>"
        f"<blockquote><p>{paragraphs[3]}</p></blockquote>"
        f"{CLOSING[language]}"
    )


def _title_font(text, size):
    """The cover's font for `text`: the poster's CJK font for Chinese where it is
    installed, else Pillow's built-in one (Latin only)."""
    if not text.isascii() and os.path.exists(settings.AGENCY_POSTER_FONT):
        return cards.load_font(size, bold=True)
    return None


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
    font = _title_font(title, 60)
    text = title
    if font is None:
        font = ImageFont.load_default(size=60)
        # The built-in font has Latin letters only: other scripts get the caption.
        text = title if title.isascii() else caption
    lines = cards.wrap_text(text, font, width - 160, max_lines=4)
    y = height - 90 - 74 * len(lines)
    for text_line in lines:
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
    for username, display_name, bio, bio_zh_hans in AUTHORS:
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
        profile, _created = AuthorProfile.objects.get_or_create(
            user=user,
            defaults={
                "display_name": display_name,
                "bio": bio,
                "bio_zh_hans": bio_zh_hans,
            },
        )
        if not profile.bio_zh_hans:  # a demo made before the Chinese bios
            profile.bio_zh_hans = bio_zh_hans
            profile.save(update_fields=["bio_zh_hans"])
        users[username] = user
    return users


def _categories():
    categories = {}
    for order, (slug, name, parent, description) in enumerate(CATEGORIES, start=1):
        chinese = dict(
            zip(
                (
                    "name_zh_hans",
                    "description_zh_hans",
                    "seo_title_zh_hans",
                    "seo_description_zh_hans",
                ),
                CATEGORIES_ZH[slug],
                strict=True,
            )
        )
        category, created = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": categories.get(parent),
                "description": description,
                "order": order * 10,
                **chinese,
            },
        )
        # A category from an older demo gets its Chinese wording; an editor's stays.
        missing = [
            name for name, value in chinese.items() if not getattr(category, name)
        ]
        if missing and not created:
            for name in missing:
                setattr(category, name, chinese[name])
            category.save(update_fields=missing)
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


def _article(spec, *, language, rng, today, translation_key=None):
    """Create the article `spec` describes unless its slug is taken; return it and
    whether it was created."""
    slug = slugify(spec["title"], allow_unicode=True)[:SLUG_MAX_LENGTH].strip("-")
    existing = Article.objects.filter(slug=slug).first()
    if existing is not None:
        if (
            translation_key is not None
            and existing.language != language
            and not existing.title.isascii()
            and not existing.translations()
        ):
            # An older demo wrote this Chinese article before content had languages,
            # and the migration filed it as English: make it the translation it is.
            existing.language, existing.translation_key = language, translation_key
            existing.save()
        return existing, False
    article = Article(
        slug=slug,
        title=spec["title"],
        language=language,
        category=spec["category"],
        author=spec["author"],
        body=_body(spec["category"].slug, spec["title"], rng, language),
        status=spec["status"],
        published_at=spec["published_at"],
        featured=spec["featured"],
    )
    if translation_key is not None:
        article.translation_key = translation_key
    cover_name = f"{slugify(spec['title'])[:40] or 'cover-' + language}.jpg"
    cover = _cover(spec["title"], spec["category"].slug, caption=spec["category"].name)
    article.cover.save(cover_name, cover, save=False)
    article.save()
    article.tags.set([_tag(name) for name in spec["tags"]])
    if article.is_live:
        _views_and_likes(article, rng, today)
    return article, True


def build():
    rng = random.Random(2026)  # noqa: S311 - demo figures, not secrets
    users = _authors()
    categories = _categories()
    now = timezone.now()
    today = timezone.localdate()
    chinese_only = {row[-1]: row[:-1] for row in CHINESE_ONLY}
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
        spec = {
            "title": title,
            "category": categories[category_slug],
            "author": users[username],
            "tags": tags,
            "featured": featured,
            "status": status,
            "published_at": published_at,
        }
        original, was_created = _article(spec, language=ENGLISH, rng=rng, today=today)
        created += was_created
        if title in TRANSLATIONS and CHINESE not in original.translations():
            # The Chinese edition follows a few hours later, in the same state.
            zh_title, zh_tags = TRANSLATIONS[title]
            translation = {
                **spec,
                "title": zh_title,
                "tags": zh_tags,
                "published_at": published_at + timedelta(hours=3),
            }
            created += _article(
                translation,
                language=CHINESE,
                rng=rng,
                today=today,
                translation_key=original.translation_key,
            )[1]
        if title in chinese_only:
            zh_title, zh_category, zh_author, zh_tags, zh_featured = chinese_only[title]
            created += _article(
                {
                    "title": zh_title,
                    "category": categories[zh_category],
                    "author": users[zh_author],
                    "tags": zh_tags,
                    "featured": zh_featured,
                    "status": Article.Status.PUBLISHED,
                    "published_at": published_at + timedelta(days=1),
                },
                language=CHINESE,
                rng=rng,
                today=today,
            )[1]
    return f"{created} articles created"
