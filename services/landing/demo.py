"""Two demo landing pages, each in English and Chinese: a mini-program offer with a
test of two versions running (its made-up visitors here, its enquiries in leads.demo),
and a cross-border e-commerce guide page hidden from search engines, for posters."""

import random

from agency.core.blocks import blocks_clean

from ..models import CaseStudy, LandingPage, LandingVariant, LandingVisitor, Service

CHINESE = "zh-hans"
# Made-up visitors of the test: (original, variant B); leads.demo adds the enquiries.
DEMO_VISITORS = (412, 405)


def _hero(heading, text, cta, cta_url="#contact"):
    return {
        "type": "hero",
        "value": {
            "heading": heading,
            "text": text,
            "cta_label": cta,
            "cta_url": cta_url,
        },
    }


def _items(kind, heading, items, **value):
    return {"type": kind, "value": {"heading": heading, "items": items, **value}}


def _mini_program_blocks(en, service, cases, hero=None):
    pick = (lambda a, b: a) if en else (lambda a, b: b)
    return [
        hero
        or _hero(
            pick("A WeChat mini program in eight weeks", "八周上线您的微信小程序"),
            pick(
                "Ordering, membership and payments inside WeChat, built and run by one team.",
                "点单、会员、支付都在微信里完成，从开发到运营由一个团队负责。",
            ),
            pick("Get a free plan", "免费获取方案"),
        ),
        _items(
            "stats",
            pick("What our mini programs do", "我们的小程序成绩"),
            [
                {"value": "120+", "label": pick("mini programs live", "个小程序上线")},
                {"value": "8", "label": pick("weeks to launch", "周上线")},
                {"value": "38%", "label": pick("more repeat orders", "复购率提升")},
            ],
        ),
        _items(
            "benefits",
            pick("Why clients choose us", "客户为什么选择我们"),
            [
                {
                    "title": pick("One team", "一个团队"),
                    "text": pick(
                        "Design, build, approval and operation.",
                        "设计、开发、审核和运营一条龙。",
                    ),
                },
                {
                    "title": pick("Fixed price", "固定报价"),
                    "text": pick("Agreed before we start.", "开工前约定价格。"),
                },
                {
                    "title": pick("Your data", "数据归您"),
                    "text": pick(
                        "Code and accounts in your name.",
                        "代码和账号都归您所有。",
                    ),
                },
            ],
        ),
        _items(
            "case_studies",
            pick("Recent work", "近期案例"),
            [{"case_study": case.pk} for case in cases],
        ),
        _items(
            "testimonials",
            pick("What clients say", "客户评价"),
            [
                {
                    "quote": pick(
                        "Orders through the mini program passed our website's in "
                        "the second month.",
                        "上线第二个月，小程序的订单就超过了官网。",
                    ),
                    "name": pick("Chen Jing", "陈静"),
                    "role": pick("Marketing director", "市场总监"),
                    "company": pick("Fresh Foods", "鲜果生活"),
                }
            ],
        ),
        _items(
            "faq",
            pick("Questions", "常见问题"),
            [
                {
                    "question": pick("How long does it take?", "需要多长时间？"),
                    "answer": pick(
                        "Eight weeks for most shops, approval included.",
                        "大多数商城八周上线，包括审核时间。",
                    ),
                },
                {
                    "question": pick("Who owns the code?", "代码归谁？"),
                    "answer": pick("You do, from the first day.", "从第一天起就归您。"),
                },
            ],
        ),
        {
            "type": "contact",
            "value": {
                "heading": pick("Tell us about your shop", "说说您的需求"),
                "intro": pick(
                    "We answer within one working day with a plan and a price.",
                    "我们会在一个工作日内给您方案和报价。",
                ),
                "service": service.slug if service else "",
            },
        },
    ]


def _guide_blocks(en, service):
    pick = (lambda a, b: a) if en else (lambda a, b: b)
    return [
        _hero(
            pick("Selling to China from abroad", "跨境电商入华指南"),
            pick(
                "Tmall Global, JD Worldwide or your own mini program: which fits.",
                "天猫国际、京东国际还是自有小程序：哪个适合您。",
            ),
            pick("Ask an expert", "咨询专家"),
        ),
        {
            "type": "richtext",
            "value": {
                "body": pick(
                    "<p>Cross-border e-commerce lets foreign brands sell to Chinese "
                    "consumers without a local company.</p>",
                    "<p>跨境电商让海外品牌无需在中国设立公司，即可向中国消费者销售。</p>",
                )
            },
        },
        _items(
            "pricing",
            pick("Packages", "服务套餐"),
            [
                {
                    "name": pick("Launch", "起步"),
                    "price": "¥48,000",
                    "features": pick(
                        "Store set-up\nProduct listings\nThree months of operation",
                        "店铺搭建\n商品上架\n三个月运营",
                    ),
                },
                {
                    "name": pick("Grow", "增长"),
                    "price": "¥98,000",
                    "period": pick("year", "年"),
                    "features": pick(
                        "Everything in Launch\nLivestreams\nMonthly reports",
                        "包含起步套餐全部内容\n直播带货\n月度报告",
                    ),
                    "highlighted": True,
                    "cta_label": pick("Choose Grow", "选择增长套餐"),
                    "cta_url": "#contact",
                },
            ],
        ),
        {
            "type": "contact",
            "value": {
                "heading": pick("Ask about your market", "咨询您的市场"),
                "service": service.slug if service else "",
            },
        },
    ]


def _page(slug, title, blocks, *, language, translation_key=None, **fields):
    page = LandingPage.objects.filter(slug=slug).first()
    if page is not None:
        return page, False
    extra = {"translation_key": translation_key} if translation_key else {}
    page = LandingPage.objects.create(
        slug=slug,
        title=title,
        blocks=blocks_clean(blocks),
        language=language,
        **extra,
        **fields,
    )
    return page, True


def build():
    created = 0
    services = {
        s.language: s
        for s in Service.objects.filter(
            translation_key=Service.objects.filter(slug="mini-program").values(
                "translation_key"
            )[:1]
        )
    }
    cases = {
        language: list(
            CaseStudy.objects.published(language=language).order_by("order")[:2]
        )
        for language in ("en", CHINESE)
    }
    pages = {}
    for en, language, slug, title in (
        (True, "en", "mini-program-offer", "A mini program in eight weeks"),
        (False, CHINESE, "xiaochengxu-youhui", "八周上线微信小程序"),
    ):
        original = pages.get("en")
        page, made = _page(
            slug,
            title,
            _mini_program_blocks(en, services.get(language), cases.get(language, [])),
            language=language,
            translation_key=original.translation_key if original else None,
            summary=title,
        )
        created += made
        pages[language] = page
        if made:
            variant_hero = _hero(
                "Your shop inside WeChat, live in eight weeks"
                if en
                else "您的微信商城，八周上线",
                "A fixed price agreed before we start. Code and accounts in your name."
                if en
                else "开工前约定固定价格，代码和账号都归您。",
                "See what it costs" if en else "看看要花多少钱",
            )
            LandingVariant.objects.create(
                page=page,
                name="B: price first" if en else "B：先讲价格",
                blocks=blocks_clean(
                    _mini_program_blocks(
                        en,
                        services.get(language),
                        cases.get(language, []),
                        hero=variant_hero,
                    )
                ),
            )
            created += 1
    english = pages["en"]
    if not english.visitors.exists():
        chooser = random.Random(20261130)  # noqa: S311 - demo data, not security
        variant = english.variants.first()
        rows = [
            LandingVisitor(
                page=english,
                variant=None if version == 0 else variant,
                visitor=f"demo-{version}-{number}-{chooser.randrange(10**9)}",
            )
            for version, count in enumerate(DEMO_VISITORS)
            for number in range(count)
        ]
        LandingVisitor.objects.bulk_create(rows)
        created += len(rows)
    guide = None
    for en, language, slug, title in (
        (True, "en", "cross-border-guide", "Selling to China from abroad"),
        (False, CHINESE, "kuajing-zhinan", "跨境电商入华指南"),
    ):
        page, made = _page(
            slug,
            title,
            _guide_blocks(en, services.get(language)),
            language=language,
            translation_key=guide.translation_key if guide else None,
            noindex=True,
            summary=title,
        )
        guide = guide or page
        created += made
    return f"{created} objects created" if created else ""
