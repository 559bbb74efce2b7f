"""Demo content for the site's frame: settings, pages and the menu of a fictional agency."""

from agency.site.models import MenuItem, Page, SiteSettings

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


def _target(spec):
    if "page" in spec:
        return {"page": Page.objects.get(slug=spec["page"])}
    return spec


def build():
    created = 0
    if not SiteSettings.objects.exists():
        SiteSettings.objects.create(**SETTINGS)
        created += 1
    for page in PAGES:
        _obj, was_created = Page.objects.get_or_create(slug=page["slug"], defaults=page)
        created += was_created
    for order, (label, spec, children) in enumerate(MENU, start=1):
        parent, was_created = MenuItem.objects.get_or_create(
            label=label, parent=None, defaults={"order": order * 10, **_target(spec)}
        )
        created += was_created
        for child_order, (child_label, child_spec) in enumerate(children, start=1):
            _obj, was_created = MenuItem.objects.get_or_create(
                label=child_label,
                parent=parent,
                defaults={"order": child_order * 10, **_target(child_spec)},
            )
            created += was_created
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
