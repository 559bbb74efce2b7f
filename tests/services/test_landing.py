"""Campaign landing pages: built from blocks, split between variants, counted by leads."""

import json
import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from agency.core.blocks import blocks_clean
from leads import spam
from leads.models import Lead
from services.landing import stats
from services.models import LandingPage, LandingVariant, LandingVisitor
from tests.admin.forms import as_post, form_data
from tests.factories import CaseStudyFactory, ServiceFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36"
CRAWLER = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def hero(heading, **value):
    return {"type": "hero", "value": {"heading": heading, **value}}


def faq(*pairs):
    return {
        "type": "faq",
        "value": {
            "heading": "Questions",
            "items": [{"question": q, "answer": a} for q, a in pairs],
        },
    }


def contact(heading="Tell us about it", service=""):
    return {"type": "contact", "value": {"heading": heading, "service": service}}


def make_page(blocks, **fields):
    fields.setdefault("slug", "spring-offer")
    fields.setdefault("title", "Spring offer")
    return LandingPage.objects.create(blocks=blocks_clean(blocks), **fields)


@pytest.fixture
def page_cache_on(settings):
    settings.AGENCY_PAGE_CACHE = True


def change_form(response):
    """What the browser posts back from an admin change page, unchanged."""
    data = as_post(form_data(response.content.decode(), "landingpage_form"))
    data.pop("_addanother", None), data.pop("_continue", None)
    return data


def visitor_client(agent=BROWSER):
    return Client(HTTP_USER_AGENT=agent)


# --- Blocks ------------------------------------------------------------------------------


def test_blocks_are_cleaned_and_rich_text_sanitised():
    cleaned = blocks_clean(
        [
            hero("  Grow in China  ", cta_label="Talk to us", cta_url="/contact/"),
            {
                "type": "richtext",
                "id": "keep-me",
                "value": {"body": '<p onclick="x()">Hi<script>alert(1)</script></p>'},
            },
        ]
    )
    assert cleaned[0]["value"]["heading"] == "Grow in China"
    assert cleaned[0]["id"]  # given one
    assert cleaned[1]["id"] == "keep-me"
    assert cleaned[1]["value"]["body"] == "<p>Hi</p>"


@pytest.mark.parametrize(
    ("blocks", "message"),
    [
        (
            [{"type": "carousel", "value": {}}],
            "Block 1: there is no block of this kind.",
        ),
        ([hero("")], "Block 1 (Hero): heading: This field is required."),
        (
            [hero("Hi", cta_url="javascript:alert(1)")],
            "Block 1 (Hero): button link: Give a path on this site",
        ),
        (
            [hero("Hi"), {"type": "faq", "value": {"items": [{"question": "Why?"}]}}],
            "Block 2 (Questions and answers): Question 1, answer: This field is required.",
        ),
        (
            [hero("Hi", image="https://tracker.example/pixel.png")],
            "Block 1 (Hero): picture: Upload a picture",
        ),
        ("not a list", "The blocks could not be read."),
    ],
)
def test_a_faulty_block_is_refused_with_a_message_naming_it(blocks, message):
    with pytest.raises(ValidationError) as refused:
        blocks_clean(blocks)
    assert any(text.startswith(message) for text in refused.value.messages)


def test_rich_text_is_sanitised_again_when_shown_whatever_stored_it(client):
    # As a script or an old revision might have stored it: never through the form.
    LandingPage.objects.create(
        slug="spring-offer",
        title="Spring offer",
        blocks=[
            {
                "type": "richtext",
                "id": "a",
                "value": {"body": "<p>Hi<img src=x onerror=alert(1)></p>"},
            }
        ],
    )
    html = client.get("/lp/spring-offer/").content.decode()
    assert "<p>Hi" in html and "onerror" not in html


def test_a_platforms_video_plays_in_its_player_only_when_asked(client):
    make_page(
        [
            {
                "type": "video",
                "value": {
                    "video": "https://www.bilibili.com/video/BV1xx411c7mD",
                    "title": "Our studio",
                },
            },
            {
                "type": "video",
                "value": {"video": "https://cdn.example/ad.mp4", "title": "Elsewhere"},
            },
        ]
    )
    response = client.get("/lp/spring-offer/")
    html = response.content.decode()
    assert (
        'data-player="https://player.bilibili.com/player.html?bvid=BV1xx411c7mD' in html
    )
    assert "<iframe" not in html  # a poster until played
    assert 'href="https://cdn.example/ad.mp4"' in html and "<video" not in html
    assert "https://player.bilibili.com" in response["Content-Security-Policy"]


# --- The page ----------------------------------------------------------------------------


def test_landing_page_shows_its_blocks_in_order_with_the_hero_as_heading(client):
    case = CaseStudyFactory(title="Fresh food mall")
    make_page(
        [
            hero("Mini programs that sell"),
            {
                "type": "case_studies",
                "value": {"heading": "Our work", "items": [{"case_study": case.pk}]},
            },
            faq(("How long?", "Eight weeks.")),
            contact(),
        ]
    )
    html = client.get("/lp/spring-offer/").content.decode()
    assert re.search(r"<h1>\s*Mini programs that sell\s*</h1>", html)
    body = html.split('class="landing"', 1)[1]
    positions = [
        body.index(text)
        for text in ("Mini programs that sell", "Fresh food mall", "How long?")
    ]
    assert positions == sorted(positions)
    assert 'name="landing"' in html
    # FAQ structured data for search engines; indexed by default.
    assert '"@type":"FAQPage"' in html.replace(" ", "")
    assert 'name="robots"' not in html


def test_a_hidden_page_asks_search_engines_not_to_list_it_and_leaves_the_sitemap(
    client,
):
    make_page([hero("Poster offer")], slug="poster", noindex=True)
    make_page([hero("Open offer")], slug="open")
    html = client.get("/lp/poster/").content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html
    sitemap = client.get("/sitemap-campaigns.xml").content.decode()
    assert "/lp/open/" in sitemap
    assert "/lp/poster/" not in sitemap


def test_an_unpublished_page_is_not_found(client):
    make_page([hero("Draft")], published=False)
    assert client.get("/lp/spring-offer/").status_code == 404


# --- Variants ----------------------------------------------------------------------------


@pytest.mark.usefixtures("page_cache_on")
def test_visitors_are_split_and_each_keeps_their_version():
    page = make_page([hero("Original heading")])
    LandingVariant.objects.create(
        page=page, name="B", blocks=blocks_clean([hero("Variant heading")])
    )
    seen = set()
    for _visitor in range(24):
        browser = visitor_client()
        first = browser.get("/lp/spring-offer/")
        version = first.cookies[f"lp{page.pk}"].value
        assert "private" in first["Cache-Control"]
        assert "public" not in first["Cache-Control"]
        heading = "Variant heading" if version != "0" else "Original heading"
        assert heading in first.content.decode()
        # The same visitor again: the same version, from the page cache, which
        # keeps a copy of each.
        again = browser.get("/lp/spring-offer/")
        assert heading in again.content.decode()
        if len(seen) == 2:
            assert again["X-Page-Cache"] == "HIT"
        assert f"lp{page.pk}" not in again.cookies
        # Never for a shared cache while the test runs: it would show one version
        # to everyone.
        assert "private" in again["Cache-Control"]
        assert "public" not in again["Cache-Control"]
        seen.add(version)
    assert len(seen) == 2  # 24 visitors, two versions: both shown (1 in 2**23 not)


@pytest.mark.usefixtures("page_cache_on")
def test_crawlers_always_get_the_original_and_no_cookie():
    page = make_page([hero("Original heading")])
    LandingVariant.objects.create(
        page=page, name="B", blocks=blocks_clean([hero("Variant heading")])
    )
    for _ in range(8):
        response = visitor_client(CRAWLER).get("/lp/spring-offer/")
        assert "Original heading" in response.content.decode()
        assert not response.cookies
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


@pytest.mark.usefixtures("page_cache_on")
def test_a_paused_variant_is_shown_to_nobody():
    page = make_page([hero("Original heading")])
    LandingVariant.objects.create(
        page=page,
        name="B",
        blocks=blocks_clean([hero("Variant heading")]),
        is_running=False,
    )
    for _ in range(6):
        response = visitor_client().get("/lp/spring-offer/")
        assert "Original heading" in response.content.decode()
        assert not response.cookies  # no test running: nothing to remember
        assert "public" in response["Cache-Control"]  # a page like any other


def test_the_beacon_counts_each_visitor_once_with_their_version():
    page = make_page([hero("Original heading")])
    variant = LandingVariant.objects.create(
        page=page, name="B", blocks=blocks_clean([hero("Variant heading")])
    )
    url = reverse("services:landing_seen", args=[page.pk])
    browser = visitor_client()
    assert browser.post(url, {"version": variant.pk}).json() == {"counted": True}
    assert browser.post(url, {"version": variant.pk}).json() == {"counted": False}
    visitor_client().post(url, {"version": "0"})
    visitor_client(CRAWLER).post(url, {"version": "0"})
    assert LandingVisitor.objects.filter(page=page, variant=variant).count() == 1
    assert LandingVisitor.objects.filter(page=page, variant=None).count() == 1


# --- Enquiries ---------------------------------------------------------------------------


def enquiry(client, landing, **extra):
    data = {
        "name": "Li Wei",
        "email": "li.wei@freshfoods.example",
        "message": "We want a mini program.",
        "preferred_contact": "any",
        "consent": "on",
        "website": "",
        "token": spam.issue_token(issued_at=time.time() - 60),
        "page": "/lp/spring-offer/",
        "article": "",
        "landing": landing,
        **extra,
    }
    return client.post("/contact/", data, HTTP_USER_AGENT=BROWSER)


def test_an_enquiry_from_the_page_names_the_page_and_the_variant():
    service = ServiceFactory(slug="mini-programs")
    page = make_page([hero("Original heading"), contact(service="mini-programs")])
    variant = LandingVariant.objects.create(
        page=page,
        name="B",
        blocks=blocks_clean(
            [hero("Variant heading"), contact(service="mini-programs")]
        ),
    )
    browser = visitor_client()
    html = ""
    while "Variant heading" not in html:  # a visitor who was shown the variant
        browser = visitor_client()
        html = browser.get("/lp/spring-offer/").content.decode()
    landing = re.search(r'name="landing" value="([^"]+)"', html).group(1)
    assert landing == f"{page.pk}.{variant.pk}"
    assert f'<option value="{service.slug}" selected' in html
    assert enquiry(browser, landing).status_code == 302
    lead = Lead.objects.get()
    assert (lead.landing_page, lead.landing_variant) == (page, variant)
    assert lead.placement == Lead.Placement.LANDING_PAGE


def test_a_forged_landing_field_is_dropped_not_refused(client):
    page = make_page([hero("Original heading")])
    other = make_page([hero("Other")], slug="other")
    stranger = LandingVariant.objects.create(page=other, name="X", blocks=[])
    assert enquiry(client, f"{page.pk}.{stranger.pk}").status_code == 302
    assert enquiry(client, "drop table", email="b@x.example").status_code == 302
    first, second = Lead.objects.order_by("pk")
    assert (first.landing_page, first.landing_variant) == (page, None)
    assert (second.landing_page, second.landing_variant) == (None, None)


# --- Results -----------------------------------------------------------------------------


def test_the_z_test_matches_a_worked_example():
    # 1,000 visitors each, 100 and 130 enquiries: z = 2.108, p = 0.035.
    assert stats.p_value(1000, 100, 1000, 130) == pytest.approx(0.035, abs=0.001)
    assert stats.p_value(1000, 100, 1000, 100) == pytest.approx(1.0)
    assert stats.p_value(0, 0, 10, 1) is None
    # From 10% to 12%: about 3,840 visitors each (Fleiss, without continuity).
    assert stats.needed_per_version(0.10, 0.12) == pytest.approx(3841, abs=5)


def test_results_count_genuine_enquiries_per_version_and_end_with_a_winner(
    editor_client,
):
    page = make_page([hero("Original heading")])
    variant = LandingVariant.objects.create(
        page=page, name="B: short form", blocks=blocks_clean([hero("Variant heading")])
    )
    for number in range(40):
        LandingVisitor.objects.create(
            page=page, variant=variant if number % 2 else None, visitor=f"v{number}"
        )
    lead = {"name": "x", "email": "x@x.example"}
    Lead.objects.create(landing_page=page, **lead)
    Lead.objects.create(landing_page=page, landing_variant=variant, **lead)
    Lead.objects.create(landing_page=page, landing_variant=variant, **lead)
    Lead.objects.create(
        landing_page=page, landing_variant=variant, is_spam=True, **lead
    )
    response = editor_client.get(
        reverse("admin:services_landingpage_results", args=[page.pk])
    )
    assert response.status_code == 200
    rows = {
        arm.name: (arm.visitors, arm.enquiries, arm.percent)
        for arm, _comparison in response.context["arms"]
    }
    assert rows == {"Original": (20, 1, 5.0), "B: short form": (20, 2, 10.0)}
    html = response.content.decode()
    assert "two-proportion z-test" in html

    ended = editor_client.post(
        reverse("admin:services_landingpage_end_test", args=[page.pk]),
        {"winner": variant.pk},
    )
    assert ended.status_code == 302
    page.refresh_from_db()
    variant.refresh_from_db()
    assert page.blocks[0]["value"]["heading"] == "Variant heading"
    assert (variant.won, variant.is_running) == (True, False)
    assert "Variant heading" in editor_client.get("/lp/spring-offer/").content.decode()


# --- The admin ---------------------------------------------------------------------------


def test_an_editor_opens_an_existing_page_changes_a_block_and_saves(editor_client):
    page = make_page([hero("Old heading"), faq(("Why?", "Because."))])
    url = reverse("admin:services_landingpage_change", args=[page.pk])
    data = change_form(editor_client.get(url))
    blocks = json.loads(data["blocks"][0])
    blocks[0]["value"]["heading"] = "New heading"
    data["blocks"] = [json.dumps(blocks)]
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    page.refresh_from_db()
    assert page.blocks[0]["value"]["heading"] == "New heading"
    assert page.blocks[1]["value"]["items"][0]["answer"] == "Because."


def test_a_faulty_block_in_the_admin_is_shown_not_saved(editor_client):
    page = make_page([hero("Old heading")])
    url = reverse("admin:services_landingpage_change", args=[page.pk])
    data = change_form(editor_client.get(url))
    data["blocks"] = [json.dumps([{"type": "hero", "value": {"heading": ""}}])]
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "heading: This field is required." in response.content.decode()
    page.refresh_from_db()
    assert page.blocks[0]["value"]["heading"] == "Old heading"


def test_the_live_preview_shows_unsaved_blocks(editor_client):
    response = editor_client.post(
        reverse("admin:services_landingpage_preview"),
        {"blocks": json.dumps([hero("Not saved yet")]), "title": "T", "language": "en"},
    )
    assert response.status_code == 200
    assert "Not saved yet" in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_campaign_links_carry_the_parameters_and_a_qr_code(editor_client):
    page = make_page([hero("Offer")])
    response = editor_client.get(
        reverse("admin:services_landingpage_links", args=[page.pk]),
        {
            "utm_source": "wechat",
            "utm_medium": "social",
            "utm_campaign": "spring 2027",
        },
    )
    html = response.content.decode()
    assert "/lp/spring-offer/?utm_source=wechat&amp;utm_medium=social" in html
    assert "utm_campaign=spring+2027" in html
    assert "<svg" in html


def test_sales_cannot_open_landing_pages(sales_client):
    page = make_page([hero("Offer")])
    for url in (
        reverse("admin:services_landingpage_changelist"),
        reverse("admin:services_landingpage_results", args=[page.pk]),
        reverse("admin:services_landingpage_links", args=[page.pk]),
    ):
        assert sales_client.get(url).status_code == 403


def test_sales_see_the_page_and_variant_on_the_lead_and_in_the_dashboard(
    sales_client,
):
    page = make_page([hero("Offer")])
    variant = LandingVariant.objects.create(page=page, name="B: price first")
    lead = Lead.objects.create(
        name="Li Wei",
        email="li@x.example",
        landing_page=page,
        landing_variant=variant,
        placement=Lead.Placement.LANDING_PAGE,
        page_url="/lp/spring-offer/",
    )
    html = sales_client.get(
        reverse("admin:leads_lead_change", args=[lead.pk])
    ).content.decode()
    assert 'href="/lp/spring-offer/">Spring offer</a> (B: price first)' in html
    dashboard = sales_client.get(reverse("admin:leads_lead_dashboard")).content.decode()
    row = dashboard.split("Landing pages, by the version seen", 1)[1]
    assert re.search(r"Spring offer</a></td><td>B: price first</td>", row)


# --- The same blocks elsewhere -----------------------------------------------------------


def test_a_service_page_shows_its_blocks_after_its_text(client):
    service = ServiceFactory(
        slug="mini-program",
        body="<p>What we build.</p>",
        blocks=blocks_clean([faq(("Who owns the code?", "You do."))]),
    )
    html = client.get(service.get_absolute_url()).content.decode()
    assert html.index("What we build.") < html.index("Who owns the code?")
    assert "css/landing.css" in html


def test_the_home_page_shows_its_blocks_in_each_language(client):
    from agency.site.models import SiteSettings

    site = SiteSettings.load()
    site.home_blocks = blocks_clean([faq(("Do you work with foreign brands?", "Yes."))])
    site.save()
    assert "Do you work with foreign brands?" in client.get("/").content.decode()
    # No Chinese blocks yet: the Chinese home page shows the English ones.
    assert (
        "Do you work with foreign brands?" in client.get("/zh-hans/").content.decode()
    )
    site.home_blocks_zh_hans = blocks_clean([faq(("你们服务海外品牌吗？", "是的。"))])
    site.save()
    chinese = client.get("/zh-hans/").content.decode()
    assert "你们服务海外品牌吗？" in chinese
    assert "Do you work with foreign brands?" not in chinese
