"""Every page shows the site settings and the two-level menu from the database."""

import pytest
from django.core.exceptions import ValidationError

from agency.site.models import MenuItem, SiteSettings
from tests.factories import MenuItemFactory, PageFactory

pytestmark = pytest.mark.django_db


# What the header and footer show, as an editor typed it.
SHOWN = {
    "site_name": "Testpeak",
    "tagline": "We build things",
    "footer_blurb": "A blurb about us.",
    "hotline": "+86 21 5555 0000",
    "mobile": "+86 139 5555 0001",
    "email": "hi@example.com",
    "address": "1 Example Road",
    "linkedin_url": "https://www.linkedin.com/company/example",
}


@pytest.fixture
def site():
    return SiteSettings.objects.create(**SHOWN, founded_year=2016)


def test_settings_show_in_header_and_footer(client, site):
    html = client.get("/").content.decode()
    for text in SHOWN.values():
        assert text in html
    assert 'href="tel:+862155550000"' in html


def test_copyright_years_run_from_founding_to_now(client, site):
    from django.utils import timezone

    html = client.get("/").content.decode()
    assert f"2016&ndash;{timezone.localdate().year} Testpeak" in html


def assert_save_replaces(client, obj, before, after, **changes):
    """Save `obj` with `changes`: the next home page shows `after` and no `before`."""
    assert before in client.get("/").content.decode()
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.save()
    html = client.get("/").content.decode()
    assert after in html
    assert before not in html


def test_settings_edit_shows_on_next_request(client, site):
    assert_save_replaces(
        client, site, "Testpeak", "Renamed Studio", site_name="Renamed Studio"
    )


def test_settings_are_a_single_record(site):
    other = SiteSettings(site_name="Second")
    other.save()
    assert SiteSettings.objects.count() == 1
    assert SiteSettings.load().site_name == "Second"


def test_two_level_menu_renders_in_order_with_children(client, site):
    about = PageFactory(title="About", slug="about")
    news = MenuItemFactory(label="News", order=20, url="/news/")
    top = MenuItemFactory(label="About us", order=10, page=about, url="")
    MenuItemFactory(label="Team", parent=top, order=2, url="/team/")
    MenuItemFactory(label="History", parent=top, order=1, url="/history/")
    html = client.get("/").content.decode()
    menu = html[
        html.index('class="menu"') : html.index("</nav>", html.index('class="menu"'))
    ]
    assert menu.index("About us") < menu.index("History") < menu.index("Team")
    assert menu.index("Team") < menu.index(news.label)
    assert 'href="/about/"' in menu
    assert 'class="submenu"' in menu


def test_menu_marks_the_current_item(client, site):
    about = PageFactory(title="About", slug="about")
    MenuItemFactory(label="About us", page=about, url="")
    MenuItemFactory(label="Elsewhere", url="/elsewhere/")
    html = client.get("/about/").content.decode()
    assert 'href="/about/" aria-current="page"' in html
    assert 'href="/elsewhere/" aria-current' not in html


def test_menu_follows_a_changed_slug(client, site):
    page = PageFactory(title="About", slug="about")
    MenuItemFactory(label="About us", page=page, url="")
    assert_save_replaces(
        client, page, 'href="/about/"', 'href="/who-we-are/"', slug="who-we-are"
    )


def test_menu_leaves_out_unpublished_targets(client, site):
    page = PageFactory(title="Secret", slug="secret", published=False)
    MenuItemFactory(label="Secret page", page=page, url="")
    assert "Secret page" not in client.get("/").content.decode()


def test_external_item_opens_in_new_tab(client, site):
    MenuItemFactory(label="Shop", url="https://shop.example.com/", new_tab=True)
    html = client.get("/").content.decode()
    assert 'href="https://shop.example.com/" target="_blank" rel="noopener"' in html


def test_menu_item_needs_exactly_one_target():
    with pytest.raises(ValidationError):
        MenuItem(label="Nothing").full_clean()
    page = PageFactory()
    with pytest.raises(ValidationError):
        MenuItem(label="Two", page=page, url="/x/").full_clean()
    MenuItem(label="One", section=MenuItem.Section.HOME).full_clean()


def test_menu_has_two_levels_only():
    top = MenuItemFactory()
    child = MenuItemFactory(parent=top)
    with pytest.raises(ValidationError, match="two levels"):
        MenuItem(label="Grandchild", parent=child, url="/g/").full_clean()


def test_menu_url_must_be_a_link():
    with pytest.raises(ValidationError):
        MenuItem(label="Bad", url="javascript:alert(1)").full_clean()


def test_frame_is_cached_until_something_in_it_changes(site, django_assert_num_queries):
    from agency.site.frame import get_frame

    MenuItemFactory.create_batch(3)
    get_frame()
    with django_assert_num_queries(0):
        assert len(get_frame()["menu"]) == 3
    MenuItemFactory(label="Fourth")
    assert [node["label"] for node in get_frame()["menu"]][-1] == "Fourth"


def test_section_targets_resolve_by_name(client, site):
    MenuItemFactory(label="Start", section=MenuItem.Section.HOME, url="")
    assert '<a href="/">Start</a>' in client.get("/").content.decode()


def test_section_whose_app_has_no_such_page_is_left_out(client, site):
    MenuItemFactory(label="Ghost", section="nowhere:list", url="")
    assert "Ghost" not in client.get("/").content.decode()


def test_building_the_frame_reads_each_kind_of_target_once(
    site, django_assert_max_num_queries
):
    """After a change the first page builds the menu again in every language: its
    queries do not grow with the menu (no query per item, per language)."""
    from agency.site.frame import build_frame
    from tests.factories import ServiceFactory

    for number in range(8):
        parent = ServiceFactory()
        child = ServiceFactory(parent=parent)
        ServiceFactory(
            language="zh-hans",
            translation_key=child.translation_key,
            slug=f"zh-{number}",
            parent=ServiceFactory(
                language="zh-hans", translation_key=parent.translation_key
            ),
        )
        top = MenuItemFactory(url="", page=PageFactory(slug=f"p{number}"))
        MenuItemFactory(parent=top, url="", service=child)
    with django_assert_max_num_queries(5):
        frames = build_frame()
    english = frames["en"]["menu"][0]["children"][0]["url"]
    chinese = frames["zh-hans"]["menu"][0]["children"][0]["url"]
    assert english.startswith("/services/") and chinese.startswith("/zh-hans/")
