"""An editor builds a campaign landing page from blocks in the admin's block editor
(static/js/admin_blocks.js): five kinds of blocks, reordered by keyboard, watched in the
live preview, published, and found on the site in that order; then opened again, a
block's text changed and saved, as on any ordinary day."""

import re

from playwright.sync_api import expect

from tests.factories import EditorFactory

from .conftest import admin_login

TITLE = "Spring offer for bakeries"
SLUG = "spring-offer-for-bakeries"


def block(page, number, label):
    """The editor's card of block `number` (its group is named "2. Benefits …")."""
    return page.get_by_role(
        "group", name=re.compile(rf"^{number}\. {re.escape(label)}")
    )


def add_block(page, number, label):
    """Add a block of kind `label` at the end, as block `number`: its card."""
    page.get_by_label("New block:").select_option(label=label)
    page.get_by_role("button", name="Add block").click()
    return block(page, number, label)


def test_editor_builds_reorders_previews_and_publishes_a_landing_page(open_page):
    EditorFactory(username="editor-ling")
    page = open_page(1440, 900)
    admin_login(page, "editor-ling")

    page.goto("/admin/services/landingpage/add/")
    page.get_by_label("Title:", exact=True).press_sequentially(TITLE)
    expect(page.get_by_label("Slug:")).to_have_value(SLUG)

    # Five kinds of blocks, each added at the end and filled in where it appears.
    hero = add_block(page, 1, "Hero")
    expect(hero.get_by_label("heading")).to_be_focused()
    page.keyboard.type("Bake more, waste less")
    hero.get_by_label("text", exact=True).fill("Orders ahead for every bakery.")

    quotes = add_block(page, 2, "Testimonials")
    quotes.get_by_label("heading").fill("What bakers say")
    quotes.get_by_label("quote").fill("We throw away half of what we did.")
    quotes.get_by_label("name").fill("Wang Fang")

    benefits = add_block(page, 3, "Benefits")
    benefits.get_by_label("heading").fill("Why bakeries choose us")
    benefits.get_by_role("group", name="Benefit 1").get_by_label("title").fill(
        "Orders ahead"
    )
    benefits.get_by_role("button", name="Add Benefit").click()
    second = benefits.get_by_role("group", name="Benefit 2").get_by_label("title")
    expect(second).to_be_focused()
    second.fill("Less waste")

    faq = add_block(page, 4, "Questions and answers")
    faq.get_by_label("heading").fill("Questions")
    faq.get_by_label("question").fill("Does it work with WeChat?")
    faq.get_by_label("answer").fill("Yes, as a mini program.")

    add_block(page, 5, "Enquiry form").get_by_label("heading").fill(
        "Ask us about your bakery"
    )

    # By keyboard: Benefits up with its Move up button (Enter), then the questions up
    # with Alt+ArrowUp from inside the block. The focus stays on the moved block, and
    # each move is announced.
    move_up = block(page, 3, "Benefits").get_by_role("button", name="Move up")
    move_up.focus()
    page.keyboard.press("Enter")
    expect(
        block(page, 2, "Benefits").get_by_role("button", name="Move up")
    ).to_be_focused()
    expect(page.get_by_text("Benefits moved to position 2 of 5.")).to_be_attached()

    block(page, 4, "Questions and answers").get_by_label("question").focus()
    page.keyboard.press("Alt+ArrowUp")
    moved = block(page, 3, "Questions and answers")
    expect(moved.get_by_label("question")).to_be_focused()
    expect(
        page.get_by_text("Questions and answers moved to position 3 of 5.")
    ).to_be_attached()

    # The live preview shows the page as it now is: the hero's heading, then the
    # sections in the new order.
    preview = page.frame_locator(
        "iframe[title='Live preview of the page']:not([aria-hidden])"
    )
    expect(preview.get_by_role("heading", level=1)).to_have_text(
        "Bake more, waste less"
    )
    expect(preview.get_by_role("main").get_by_role("heading", level=2)).to_have_text(
        [
            "Why bakeries choose us",
            "Questions",
            "What bakers say",
            "Ask us about your bakery",
        ]
    )

    page.get_by_label("Published").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text(TITLE)

    # On the site, in the chosen order.
    page.goto(f"/lp/{SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bake more, waste less")
    expect(page.get_by_role("main").get_by_role("heading", level=2)).to_have_text(
        [
            "Why bakeries choose us",
            "Questions",
            "What bakers say",
            "Ask us about your bakery",
        ]
    )
    expect(page.get_by_text("Does it work with WeChat?")).to_be_visible()

    # Another day: open it again, change the hero's heading, save, and see it.
    page.goto("/admin/services/landingpage/")
    page.get_by_role("link", name=TITLE).click()
    heading = block(page, 1, "Hero").get_by_label("heading")
    expect(heading).to_have_value("Bake more, waste less")
    heading.fill("Bake more, waste nothing")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text(TITLE)
    page.goto(f"/lp/{SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bake more, waste nothing"
    )
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        "Why bakeries choose us"
    )
