"""Fill every field a visitor or an editor writes with one payload; list the pages."""

from django.conf import settings
from django.urls import reverse

from agency.site.models import MenuItem, SiteSettings
from leads.models import Contact
from leads.services import lead_note_add
from leads.tracking import local_path
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CaseStudyFactory,
    CaseStudyImageFactory,
    CaseStudyResultFactory,
    CategoryFactory,
    LeadFactory,
    PageFactory,
    ServiceFactory,
    SolutionFactory,
)

ADMIN = f"/{settings.AGENCY_ADMIN_URL}"
# Payloads rendered together: the list pages show a whole batch at once.
BATCH = 8


# Pages that show every object of a batch at once: lists, the home page, the frame.
BATCH_PUBLIC = ["/", "/articles/", "/services/", "/cases/", "/solutions/"]
BATCH_ADMIN = [
    f"{ADMIN}articles/article/",
    f"{ADMIN}articles/category/",
    f"{ADMIN}articles/authorprofile/",
    f"{ADMIN}services/service/",
    f"{ADMIN}services/casestudy/",
    f"{ADMIN}services/solution/",
    f"{ADMIN}agency/page/",
    f"{ADMIN}agency/menuitem/",
    f"{ADMIN}agency/sitesettings/1/change/",
    f"{ADMIN}leads/lead/",
    f"{ADMIN}leads/contact/",
    f"{ADMIN}taggit/tag/",
]


def fill_site_settings(payloads):
    """Site settings are one record: its fields get the batch's payloads together."""
    joined = " ".join(payloads)
    site = SiteSettings.load()
    site.site_name = joined[:100]
    site.tagline = joined[:200]
    site.footer_blurb = joined
    site.address = joined[:200]
    site.hotline = joined[:40]
    site.wechat_id = joined[:60]
    site.default_meta_description = joined[:300]
    site.save()


def fill_site(payload, number, staff):
    """Store `payload` in every writable text field of a set of objects.

    Return a marker, the public paths and the admin paths that show them; each title
    starts with the marker, so a test can see the content is on the page.
    """
    mark = f"XSS{number:03d} "
    titled = (mark + payload)[:100]
    MenuItem.objects.create(label=(mark + payload)[:60], url="/articles/", order=0)
    Contact.objects.create(
        name=(mark + payload)[:120], company=payload[:160], phone=payload[:40]
    )

    category = CategoryFactory(
        name=titled,
        slug=f"xss-category-{number}",
        description=payload,
        seo_title=payload[:200],
        seo_description=payload[:300],
    )
    profile = AuthorProfileFactory(display_name=titled, bio=payload)
    article = ArticleFactory(
        title=(mark + payload)[:200],
        slug=f"xss-{number}",
        category=category,
        author=profile.user,
        excerpt=payload,
        body=payload,
        seo_title=payload[:200],
        seo_description=payload[:300],
    )
    article.tags.add(payload[:100], (mark + payload)[:100])
    tag = article.tags.get(name=(mark + payload)[:100])

    service = ServiceFactory(
        name=titled,
        slug=f"xss-service-{number}",
        summary=payload,
        body=payload,
        deliverables=payload,
        steps=f"{payload}: {payload}",
        price_note=payload[:100],
        seo_title=payload[:70],
        seo_description=payload[:160],
        image=None,
    )
    case = CaseStudyFactory(
        title=(mark + payload)[:200],
        slug=f"xss-case-{number}",
        client_name=payload[:120],
        summary=payload[:400],
        body=payload,
        services=[service],
        cover=None,
    )
    CaseStudyResultFactory(case_study=case, value=payload[:20], label=payload[:60])
    CaseStudyImageFactory(case_study=case, caption=payload[:200])
    solution = SolutionFactory(
        title=(mark + payload)[:200],
        slug=f"xss-solution-{number}",
        summary=payload[:400],
        body=payload,
        services=[service],
        case_studies=[case],
    )
    page = PageFactory(
        title=(mark + payload)[:200],
        slug=f"xss-page-{number}",
        body=payload,
        seo_title=payload[:200],
        seo_description=payload[:300],
    )
    lead = LeadFactory(
        name=(mark + payload)[:120],
        company=payload[:160],
        message=payload,
        # What the contact form keeps of the page it was sent from, and the touches
        # its visitor's cookie brought (landing page, referrer, utm_* from the URL).
        page_url=local_path(payload),
        first_touch={"landing": payload, "referrer": payload, "utm_source": payload},
        last_touch={"landing": payload, "utm_campaign": payload},
        user_agent=payload[:300],
        service=service,
        article=article,
    )
    lead_note_add(lead=lead, user=staff, text=payload)

    public = [
        article.get_absolute_url(),
        category.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": tag.slug}),
        service.get_absolute_url(),
        case.get_absolute_url(),
        solution.get_absolute_url(),
        page.get_absolute_url(),
    ]
    admin = [
        f"{ADMIN}articles/article/{article.pk}/change/",
        f"{ADMIN}leads/lead/{lead.pk}/change/",
    ]
    # Change forms show stored values in Django's own widgets: one per object type
    # per batch is enough, the first payload's.
    if number % BATCH == 0:
        admin += [
            f"{ADMIN}articles/category/{category.pk}/change/",
            f"{ADMIN}articles/authorprofile/{profile.pk}/change/",
            f"{ADMIN}services/service/{service.pk}/change/",
            f"{ADMIN}services/casestudy/{case.pk}/change/",
            f"{ADMIN}services/solution/{solution.pk}/change/",
            f"{ADMIN}agency/page/{page.pk}/change/",
        ]
    return mark.strip(), public, admin
