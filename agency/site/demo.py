"""Demo content for the site's frame: settings, pages and the menu of a fictional agency,
in English and Chinese.

The simple pages (About, Privacy policy) exist in both languages, each Chinese page the
translation of the English one (same translation key). The settings and the menu carry
their Chinese wording in their `_zh_hans` columns. Idempotent: rows are keyed by slug or
label and left as they are; a Chinese column still empty is filled in (so a database
built by an older demo gets its Chinese wording), a filled one is never overwritten.
"""

from agency.site.models import MenuItem, Page, SiteSettings

CHINESE = "zh-hans"

SETTINGS = {
    "site_name": "Bluepeak Digital",
    "tagline": "Mini programs, apps and websites that bring in customers.",
    "footer_blurb": (
        "Bluepeak Digital is a fictional Shanghai studio that designs and builds WeChat "
        "mini programs, H5 campaigns, apps and websites, and markets them with SEO, short "
        "video and social media. We work with brands in Europe, North America and Asia."
    ),
    "hotline": "+86 21 5555 0100",
    "mobile": "+86 139 5555 0199",
    "email": "hello@example.com",
    "address": "Room 555, 100 Example Road, Pudong, Shanghai",
    "founded_year": 2016,
    "icp_licence": "沪ICP备12345678号-1",
    "wechat_id": "bluepeak-demo",
    "linkedin_url": "https://www.linkedin.com/company/example",
    "weibo_url": "https://weibo.com/example",
    "x_url": "https://x.com/example",
    "default_meta_description": (
        "Bluepeak Digital builds WeChat mini programs, H5 pages, apps and websites for "
        "brands entering China, and markets them with SEO and social media."
    ),
}

# The Chinese site's wording of the settings, written for Chinese clients.
SETTINGS_ZH = {
    "site_name_zh_hans": "蓝峰数字",
    "tagline_zh_hans": "小程序、App、网站开发，做真正带来客户的数字产品",
    "footer_blurb_zh_hans": (
        "蓝峰数字（演示站点，虚构公司）是一家扎根上海的数字化服务团队，专注微信小程序、"
        "H5、App 与网站开发，并提供 SEO、短视频和抖音、小红书等社交媒体营销服务。"
        "成立以来，我们为餐饮、零售、医疗、教育和制造业客户交付了三百多个项目。"
    ),
    "address_zh_hans": "上海市浦东新区示例路100号555室",
    "default_meta_description_zh_hans": (
        "蓝峰数字提供微信小程序开发、小程序商城、H5、App 开发、网站建设、SEO 优化以及"
        "抖音、小红书、企业微信私域运营服务，帮助企业获客、转化与复购。"
    ),
}

PAGES = [
    {
        "slug": "about",
        "title": "About Bluepeak Digital",
        "seo_description": "Who we are: a small product studio for brands in China.",
        "body": (
            "<p>Bluepeak Digital is a team of twenty designers, engineers and marketers. "
            "Since 2016 we have shipped more than 300 mini programs, apps and websites "
            "for retailers, restaurants, schools and manufacturers.</p>"
            "<h2>How we work</h2><ul><li>One team from the first workshop to launch, "
            "and after.</li><li>Fixed-price phases, so you always know what comes next."
            "</li><li>Measured results: every project has figures it must move.</li></ul>"
            "<h2>Where we are</h2><p>Our studio is in Shanghai; our clients are in "
            "Europe, North America and across Asia.</p>"
        ),
    },
    {
        "slug": "privacy",
        "title": "Privacy policy",
        "seo_description": "How Bluepeak Digital handles the data you send us.",
        "body": (
            "<p>When you send our contact form we keep what you wrote, how you found us "
            "and a shortened form of your IP address, so that we can answer you and "
            "learn which of our pages help people.</p><h2>What we keep and for how long"
            "</h2><p>Enquiries are kept for at most two years and then deleted or made "
            "anonymous. You can ask us at any time to erase what we hold about you by "
            "writing to hello@example.com.</p><h2>Cookies</h2><p>We set a first-party "
            "cookie to count article views once per visit and to remember your likes. "
            "We use no advertising or third-party trackers.</p>"
        ),
    },
]

# The Chinese translation of each page above, by the English slug. Page addresses are
# /<slug>/ with an ASCII slug, so the Chinese ones are pinyin.
PAGES_ZH = {
    "about": {
        "slug": "guanyu-women",
        "title": "关于蓝峰数字",
        "seo_description": "蓝峰数字：一支专注小程序、App、网站开发与数字营销的上海团队。",
        "body": (
            "<p>蓝峰数字成立于2016年，是一支二十人左右的团队，设计、开发和营销各占一席。"
            "这些年来，我们为零售、餐饮、教育、医疗和制造企业上线了三百多个微信小程序、"
            "App 和网站，也帮不少品牌把抖音、小红书账号从零做了起来。</p>"
            "<h2>我们怎么做项目</h2><ul>"
            "<li>同一个团队从需求调研跟到上线，上线后继续维护，不层层转包。</li>"
            "<li>按阶段报价、按阶段验收，每一步花多少钱、交付什么，事先写清楚。</li>"
            "<li>用数据说话：立项时就约定要提升的指标，比如订单量、留资量或复购率。</li>"
            "</ul><h2>我们在哪里</h2><p>公司位于上海浦东，客户遍布长三角、珠三角和全国"
            "各地，也有不少来华发展的海外品牌。欢迎来工作室喝杯茶，聊聊你的项目。</p>"
        ),
    },
    "privacy": {
        "slug": "yinsi-zhengce",
        "title": "隐私政策",
        "seo_description": "蓝峰数字如何收集、使用和保护你提交的个人信息。",
        "body": (
            "<p>依照《中华人民共和国个人信息保护法》，我们只收集为你提供服务所必需的信息。"
            "当你提交咨询表单时，我们会保存你填写的内容、你是从哪个页面或渠道找到我们的，"
            "以及经过截断处理的 IP 地址，用于回复你的咨询、了解哪些内容对访客有帮助。</p>"
            "<h2>保存哪些信息、保存多久</h2><p>咨询记录最长保存两年，到期后删除或做匿名化"
            "处理。你可以随时发邮件至 hello@example.com，要求查询、更正或删除我们保存的"
            "你的个人信息，我们会在十五个工作日内处理。</p><h2>Cookie</h2><p>我们只使用"
            "本站自己的 Cookie，用来统计文章阅读量（每次访问只计一次）和记住你的点赞，"
            "不接入任何广告或第三方追踪工具。</p>"
        ),
    },
}

# The reference site's menu. Targets that later apps own start as plain paths; each
# app's demo re-points its items to the real objects.
MENU = [
    ("Home", {"section": MenuItem.Section.HOME}, []),
    (
        "About",
        {"page": "about"},
        [
            ("Cases", {"section": MenuItem.Section.CASES}),
            ("Services", {"section": MenuItem.Section.SERVICES}),
            ("Solutions", {"section": MenuItem.Section.SOLUTIONS}),
        ],
    ),
    ("H5 Development", {"url": "/services/h5-development/"}, []),
    (
        "WeChat Development",
        {"url": "/services/wechat-development/"},
        [
            ("Mini Program", {"url": "/services/mini-program/"}),
            ("Mini Program Mall", {"url": "/services/mini-program-mall/"}),
        ],
    ),
    ("APP Development", {"url": "/services/app-development/"}, []),
    ("Website Development", {"url": "/services/website-development/"}, []),
    ("SEO Optimization", {"url": "/services/seo-optimization/"}, []),
    ("Short Video", {"url": "/services/short-video/"}, []),
    (
        "Digital Marketing",
        {"url": "/services/digital-marketing/"},
        [("Social Media", {"url": "/services/social-media/"})],
    ),
    (
        "News",
        {"section": MenuItem.Section.ARTICLES},
        [("Industry Analysis", {"url": "/articles/category/industry-analysis/"})],
    ),
    ("Contact", {"section": MenuItem.Section.CONTACT}, []),
]


# The Chinese label of each menu item, by its English label.
MENU_ZH = {
    "Home": "首页",
    "About": "关于我们",
    "Cases": "客户案例",
    "Services": "服务项目",
    "Solutions": "解决方案",
    "H5 Development": "H5开发",
    "WeChat Development": "微信开发",
    "Mini Program": "小程序开发",
    "Mini Program Mall": "小程序商城",
    "APP Development": "APP开发",
    "Website Development": "网站建设",
    "SEO Optimization": "SEO优化",
    "Short Video": "短视频",
    "Digital Marketing": "数字营销",
    "Social Media": "社交媒体运营",
    "News": "新闻资讯",
    "Industry Analysis": "行业分析",
    "Contact": "联系我们",
}


def fill_blanks(obj, values):
    """Set the fields of `obj` that are still empty to `values`; save only those.

    Returns whether anything was saved. What an editor typed is never replaced."""
    missing = [name for name, value in values.items() if not getattr(obj, name)]
    for name in missing:
        setattr(obj, name, values[name])
    if missing:
        obj.save(update_fields=missing)
    return bool(missing)


def _target(spec):
    if "page" in spec:
        return {"page": Page.objects.get(slug=spec["page"])}
    return spec


def _page_translation(original, spec):
    """The Chinese translation of `original`, created when missing."""
    if (
        Page.objects.filter(slug=spec["slug"]).exists()
        or CHINESE in original.translations()
    ):
        return False
    Page.objects.create(
        language=CHINESE, translation_key=original.translation_key, **spec
    )
    return True


def build():
    created = 0
    if not SiteSettings.objects.exists():
        SiteSettings.objects.create(**SETTINGS, **SETTINGS_ZH)
        created += 1
    else:
        fill_blanks(SiteSettings.load(), SETTINGS_ZH)
    for page in PAGES:
        original, was_created = Page.objects.get_or_create(
            slug=page["slug"], defaults=page
        )
        created += was_created
        created += _page_translation(original, PAGES_ZH[page["slug"]])
    for order, (label, spec, children) in enumerate(MENU, start=1):
        parent, was_created = MenuItem.objects.get_or_create(
            label=label,
            parent=None,
            defaults={
                "order": order * 10,
                "label_zh_hans": MENU_ZH[label],
                **_target(spec),
            },
        )
        created += was_created
        fill_blanks(parent, {"label_zh_hans": MENU_ZH[label]})
        for child_order, (child_label, child_spec) in enumerate(children, start=1):
            child, was_created = MenuItem.objects.get_or_create(
                label=child_label,
                parent=parent,
                defaults={
                    "order": child_order * 10,
                    "label_zh_hans": MENU_ZH[child_label],
                    **_target(child_spec),
                },
            )
            created += was_created
            fill_blanks(child, {"label_zh_hans": MENU_ZH[child_label]})
    return f"{created} objects created"


def link_menu_targets():
    """Point menu items that still carry a plain path at the object now living there.

    Runs after every app's demo, so an item such as "Industry Analysis" follows its
    category when an editor later changes the slug.
    """
    targets = {}
    for name in MenuItem.TARGET_FOREIGN_KEYS:
        model = MenuItem._meta.get_field(name).related_model
        for obj in model.objects.all():
            targets.setdefault(obj.get_absolute_url(), (name, obj))
    linked = 0
    for item in MenuItem.objects.exclude(url=""):
        if item.url in targets:
            name, obj = targets[item.url]
            setattr(item, name, obj)
            item.url = ""
            item.save()
            linked += 1
    return linked
