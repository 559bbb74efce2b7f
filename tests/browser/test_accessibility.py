"""Accessibility in a real browser: axe-core finds no serious or critical violation on
any page type at desktop or phone width (text contrast included: WCAG AA), and the menu,
the like button, the poster dialog and the contact form work with the keyboard alone,
with a visible focus."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from leads.models import Lead
from tests.support.browser import thanked_lead

from .conftest import person_user_agent
from .pages import LANGUAGES, page_types

# Every WCAG 2.x A and AA rule, colour contrast included, and axe's best practices.
AXE_RUN = """async () => {
    const results = await axe.run(document, {
        runOnly: { type: "tag", values: [
            "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"
        ] },
        resultTypes: ["violations"],
    });
    return results.violations
        .filter(v => v.impact === "serious" || v.impact === "critical")
        .flatMap(v => v.nodes.map(n =>
            `${v.impact} ${v.id} (${v.help}): ${n.target.join(" ")}: `
            + (n.failureSummary.split("\\n")[1] || "").trim()));
}"""

# What is drawn around an element: its outline, shadows and borders, by colour.
INDICATOR_COLOURS = """el => {
    const style = getComputedStyle(el);
    const drawn = [];
    if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
        drawn.push(["outline", style.outlineColor]);
    }
    for (const colour of style.boxShadow.match(/rgba?\\([^)]*\\)/g) || []) {
        drawn.push(["shadow", colour]);
    }
    for (const side of ["Top", "Right", "Bottom", "Left"]) {
        if (style[`border${side}Style`] !== "none"
                && parseFloat(style[`border${side}Width`]) > 0) {
            drawn.push(["border", style[`border${side}Color`]]);
        }
    }
    return drawn;
}"""


def contrast_on_white(colour):
    """WCAG contrast ratio of an rgb()/rgba() colour against white (alpha ignored
    below 0.5: too faint to count)."""
    values = [float(v) for v in re.findall(r"[\d.]+", colour)]
    if len(values) == 4 and values[3] < 0.5:
        return 1.0

    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in values[:3])
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", [1440, 360])
def test_no_serious_axe_violation_on_any_page_type(
    open_page, live_server, demo_site, axe_script, width, language
):
    # axe is injected as an inline script, which the site's CSP rightly refuses: these
    # pages alone are opened with the CSP bypassed.
    page = open_page(width, 900 if width > 360 else 740, bypass_csp=True)
    found = {}
    pages = page_types(language)
    for name, path in pages.items():
        if name == "not-found":
            page.watch.expect_error_page(live_server.url + path)
        page.goto(path)
        page.add_script_tag(path=axe_script)
        for violation in page.evaluate(AXE_RUN):
            found.setdefault(violation, []).append(name)
    # What opens on top of a page: the folded menu (phones) and the poster dialog.
    if width < 1200:
        page.goto(pages["home"])
        page.locator("[data-nav-toggle]").click()
        page.add_script_tag(path=axe_script)
        for violation in page.evaluate(AXE_RUN):
            found.setdefault(violation, []).append("open menu")
    page.goto(pages["article"])
    page.locator("[data-poster-open]").click()
    expect(page.get_by_role("dialog").locator("img")).to_be_visible()
    page.add_script_tag(path=axe_script)
    for violation in page.evaluate(AXE_RUN):
        found.setdefault(violation, []).append("poster dialog")
    report = [f"{v}\n    on: {', '.join(pages)}" for v, pages in found.items()]
    assert not found, f"{language} at {width} px:\n" + "\n".join(report)


def tab_to(page, target, limit=80):
    """Press Tab until `target` has the focus, as a keyboard user does; then check that
    focus drew something new around it in a colour of at least 3:1 on white (WCAG's
    non-text contrast)."""
    before = {tuple(drawn) for drawn in target.evaluate(INDICATOR_COLOURS)}
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            assert target.evaluate("el => el.matches(':focus-visible')")
            after = {tuple(drawn) for drawn in target.evaluate(INDICATOR_COLOURS)}
            indicator = [c for _, c in after - before if contrast_on_white(c) >= 3]
            assert indicator, f"no visible focus on {target}: {before} -> {after}"
            return
    raise AssertionError(f"{target} is not reachable with Tab")


def test_phone_menu_by_keyboard(open_page, demo_site):
    page = open_page(360, 740)
    page.goto("/")
    toggle = page.locator("[data-nav-toggle]")
    tab_to(page, toggle)
    page.keyboard.press("Enter")
    nav = page.locator("#site-nav")
    expect(nav).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    about = nav.get_by_role("link", name="About", exact=True)
    tab_to(page, about)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/about/$"))


def test_like_button_and_poster_dialog_by_keyboard(browser, open_page, demo_site):
    article = Article.objects.published().exclude(cover="").first()
    page = open_page(1440, 900, user_agent=person_user_agent(browser))
    page.goto(article.get_absolute_url())

    like = page.locator("[data-like-button]")
    expect(like).to_have_attribute("aria-pressed", "false")
    tab_to(page, like)
    page.keyboard.press("Enter")
    expect(like).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Space")
    expect(like).to_have_attribute("aria-pressed", "false")

    opener = page.get_by_role("link", name="Generate poster")
    tab_to(page, opener)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Share poster")
    expect(dialog).to_be_visible()
    # Focus moves into the modal dialog and Tab keeps it there.
    assert dialog.evaluate("d => d.contains(document.activeElement)")
    for _ in range(6):
        page.keyboard.press("Tab")
        focused_inside = dialog.evaluate("d => d.contains(document.activeElement)")
        assert focused_inside or page.evaluate(
            "document.activeElement === document.body"
        )
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()


def test_contact_form_by_keyboard(open_page, demo_site, settings):
    settings.AGENCY_LEADS_MIN_FILL_SECONDS = 0
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False
    page = open_page(360, 740)
    page.goto("/contact/")
    form = page.locator("form[data-lead-form]")
    tab_to(page, form.get_by_label("Your name"))
    page.keyboard.type("Kai Lin")
    tab_to(page, form.get_by_role("textbox", name="E-mail"))
    page.keyboard.type("kai@example.com")
    tab_to(page, form.get_by_label("Your project"))
    page.keyboard.type("A booking mini program for two clinics.")
    # A radio group is one Tab stop; the arrow keys move the choice.
    tab_to(page, form.get_by_role("radio", name="Any of these"))
    for _ in range(3):
        page.keyboard.press("ArrowUp")
    expect(form.get_by_role("radio", name="E-mail")).to_be_checked()
    consent = form.get_by_label("I agree")
    tab_to(page, consent)
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    tab_to(page, form.get_by_role("button", name="Send my enquiry"))
    page.keyboard.press("Enter")
    lead = thanked_lead(page, "Kai Lin")
    assert lead.email == "kai@example.com"
    assert lead.preferred_contact == Lead.ContactMethod.EMAIL
