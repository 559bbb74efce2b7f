"""An editor writes an article in CKEditor in a real browser: a heading, a list, a link
and an uploaded image through the editor's own toolbar and dialogs; publishes it and
finds it on the site. The same editor is refused the leads."""

import os
import re

from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory, EditorFactory

from .conftest import admin_login

TITLE = "Ordering cakes in a mini program"


def write_body(page, image_path):
    """Type the body with CKEditor 4's toolbar and dialogs, as an editor does."""
    expect(page.locator(".cke_button__bulletedlist")).to_be_visible()
    page.frame_locator("iframe.cke_wysiwyg_frame").locator("body").click()

    page.locator(".cke_combo__format .cke_combo_button").click()
    page.frame_locator("iframe.cke_panel_frame").get_by_text("Heading 2").click()
    page.keyboard.type("Why bakeries like it")
    page.keyboard.press("Enter")
    page.keyboard.type("Three reasons:")
    page.keyboard.press("Enter")

    page.locator(".cke_button__bulletedlist").click()
    for item in ["Orders ahead", "Payments in WeChat", "Points for regulars"]:
        page.keyboard.type(item)
        page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list

    page.keyboard.type("Our ordering guide")
    page.keyboard.press("Shift+Home")
    page.locator(".cke_button__link").click()
    dialog = page.get_by_role("dialog", name="Link")
    dialog.get_by_label("URL").fill("https://www.example.com/ordering-guide")
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()
    page.keyboard.press("End")
    page.keyboard.press("Enter")

    page.locator(".cke_button__image").click()
    dialog = page.get_by_role("dialog", name="Image Properties")
    dialog.get_by_role("tab", name="Upload").click()
    upload = dialog.frame_locator("iframe.cke_dialog_ui_input_file")
    upload.locator("input[type=file]").set_input_files(image_path)
    dialog.get_by_role("button", name="Send it to the Server").click()
    # The server's answer fills in the image's address and goes back to the first tab.
    expect(dialog.get_by_label("URL").first).to_have_value(
        re.compile(r"^/media/uploads/.+\.png$")
    )
    dialog.get_by_label("Alternative Text").fill("A cake ordered in the mini program")
    dialog.get_by_role("button", name="OK").click()
    expect(dialog).to_be_hidden()


def test_editor_writes_publishes_and_finds_an_article(open_page, live_server, tmp_path):
    editor = EditorFactory(username="editor-mia")
    category = CategoryFactory(name="Mini Programs", slug="mini-programs")
    image_path = tmp_path / "cake.png"
    Image.new("RGB", (800, 450), (214, 120, 60)).save(image_path)
    page = open_page(1440, 900)
    admin_login(page, editor.username)

    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title:", exact=True).fill(TITLE)
    # The category is an autocomplete (select2): type, then pick.
    page.locator("#id_category + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("Mini")
    page.locator(".select2-results__option", has_text=category.name).click()
    write_body(page, image_path)
    page.get_by_label("Status:").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text(TITLE)

    article = Article.objects.get(title=TITLE)
    assert article.is_live
    assert article.author == editor
    assert article.category == category

    # On the site: the newest article, with everything the editor put in.
    page.goto("/articles/")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.locator("h1")).to_have_text(TITLE)
    body = page.locator(".article-body")
    expect(body.get_by_role("heading", level=2)).to_have_text("Why bakeries like it")
    expect(body.locator("ul > li")).to_have_text(
        ["Orders ahead", "Payments in WeChat", "Points for regulars"]
    )
    expect(body.get_by_role("link", name="Our ordering guide")).to_have_attribute(
        "href", "https://www.example.com/ordering-guide"
    )
    image = body.get_by_role("img", name="A cake ordered in the mini program")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 800

    # The leads are the sales team's: the editor gets a 403, and no link to them.
    leads_url = "/admin/leads/lead/"
    page.watch.expect_error_page(live_server.url + leads_url)
    assert page.goto(leads_url).status == 403
    page.goto("/admin/")
    expect(page.locator("#content-main")).not_to_contain_text("Leads")


def test_two_editors_on_one_article_the_second_is_refused_and_keeps_their_text(
    open_page, live_server
):
    """Two browsers, two editors, one article: the first saves; the second's save is
    refused naming the first, with the title they typed still in the form; saving again
    replaces the first's title knowingly."""
    article = ArticleFactory(title="One article, two editors")
    EditorFactory(username="editor-li", first_name="Li", last_name="Na")
    EditorFactory(username="editor-wu")
    first, second = open_page(1440, 900), open_page(1280, 800)
    admin_login(first, "editor-li")
    admin_login(second, "editor-wu")
    url = f"/admin/articles/article/{article.pk}/change/"
    first.goto(url)
    second.goto(url)

    first.get_by_label("Title:", exact=True).fill("Li's title")
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.locator(".messagelist .success")).to_be_visible()

    second.get_by_label("Title:", exact=True).fill("Wu's title")
    second.get_by_role("button", name="Save", exact=True).click()
    expect(second.locator(".errorlist.nonfield")).to_contain_text(
        "Li Na saved this article"
    )
    expect(second.locator(".edit-conflict")).to_contain_text("Title")
    expect(second.get_by_label("Title:", exact=True)).to_have_value("Wu's title")
    assert Article.objects.get(pk=article.pk).title == "Li's title"

    second.get_by_role("button", name="Save", exact=True).click()
    expect(second.locator(".messagelist .success")).to_be_visible()
    assert Article.objects.get(pk=article.pk).title == "Wu's title"


def test_leaving_a_change_form_with_unsaved_changes_asks_first(open_page, live_server):
    article = ArticleFactory(title="Unsaved changes")
    EditorFactory(username="editor-yu")
    page = open_page(1440, 900)
    admin_login(page, "editor-yu")
    url = f"/admin/articles/article/{article.pk}/change/"
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # "stay on this page"

    page.watch.expect_dialog("beforeunload")
    page.on("dialog", answer)
    page.goto(url)
    page.get_by_role("link", name="Articles").first.click()  # unchanged: no question
    expect(page).to_have_url(re.compile(r"/admin/articles/$"))
    assert asked == []

    page.goto(url)
    expect(page.locator("form[data-unsaved-watch=ready]")).to_have_count(1)
    page.get_by_label("Title:", exact=True).fill("Typed, not saved")
    page.get_by_role("link", name="Articles").first.click()
    for _ in range(30):  # the question comes asynchronously
        if asked:
            break
        page.wait_for_timeout(100)
    assert asked == ["beforeunload"]
    expect(page.get_by_label("Title:", exact=True)).to_have_value("Typed, not saved")


def test_an_editor_compares_an_old_version_and_restores_it(open_page, live_server):
    article = ArticleFactory(
        title="The first title", body="<p>Cakes to <strong>order</strong>.</p>"
    )
    EditorFactory(username="editor-ma")
    page = open_page(1440, 900)
    admin_login(page, "editor-ma")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.get_by_label("Title:", exact=True).fill("A second title")
    page.get_by_label("What you changed").fill("A shorter title")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history")
    expect(history).to_contain_text("A shorter title")
    history.locator("tbody tr").last.get_by_role("link").click()  # the oldest
    compare = page.locator(".revision-compare")
    expect(compare.locator("del")).to_contain_text("first")
    expect(compare.locator("ins")).to_contain_text("second")
    expect(compare).not_to_contain_text("<strong>")  # rich text read as text
    if folder := os.environ.get("AGENCY_SCREENSHOTS"):  # docs/screenshots, by hand
        page.screenshot(path=f"{folder}/admin-compare-1440.png", full_page=True)

    page.get_by_role("button", name="Restore this version").click()
    expect(page.locator(".messagelist .success")).to_contain_text("is back")
    expect(page.get_by_label("Title:", exact=True)).to_have_value("The first title")
    assert Article.objects.get(pk=article.pk).title == "The first title"


def test_a_draft_typed_in_the_editor_survives_a_closed_tab(open_page, live_server):
    """What an editor typed and never saved (the tab closed, the browser crashed, the
    session expired) is offered back when the form opens again."""
    article = ArticleFactory(title="Drafts survive", body="<p>Stored text.</p>")
    EditorFactory(username="editor-qi")
    page = open_page(1440, 900)
    admin_login(page, "editor-qi")
    url = f"/admin/articles/article/{article.pk}/change/"
    page.goto(url)
    expect(page.locator(".cke_button__bulletedlist")).to_be_visible()
    page.get_by_label("Title:", exact=True).fill("Typed but never saved")
    page.frame_locator("iframe.cke_wysiwyg_frame").locator("body").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" And a sentence typed in the editor.")
    page.wait_for_timeout(1500)  # kept a second after the last change

    again = page.context.new_page()  # the same browser, coming back
    again.goto(url)
    offer = again.locator(".draft-offer")
    expect(offer).to_contain_text("was not saved")
    expect(again.get_by_label("Title:", exact=True)).to_have_value("Drafts survive")
    offer.get_by_role("button", name="Restore the draft").click()
    expect(again.get_by_label("Title:", exact=True)).to_have_value(
        "Typed but never saved"
    )
    expect(
        again.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    ).to_contain_text("And a sentence typed in the editor.")
    again.get_by_role("button", name="Save and continue editing").click()
    expect(again.locator(".messagelist .success")).to_be_visible()
    assert "typed in the editor" in Article.objects.get(pk=article.pk).body
    again.reload()
    expect(again.locator(".draft-offer")).to_have_count(0)  # saved: nothing to offer


def test_the_menu_editor_fits_a_1280_px_screen(open_page, live_server):
    """A top-level menu item with its sub-items, every target box shown."""
    from agency.site.models import MenuItem

    top = MenuItem.objects.create(label="Services", order=1, url="/services/")
    for n in range(3):
        MenuItem.objects.create(label=f"Sub {n}", parent=top, order=n, url="/x/")
    EditorFactory(username="editor-su")
    page = open_page(1280, 800)
    admin_login(page, "editor-su")
    page.goto(f"/admin/agency/menuitem/{top.pk}/change/")
    expect(page.get_by_text("Sub 2")).to_be_attached()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, width


def test_the_tag_box_suggests_existing_tags(open_page, live_server):
    ArticleFactory(tags=["wechat", "web design", "mini programs"])
    article = ArticleFactory(title="Tagging", tags=["apps"])
    EditorFactory(username="editor-ta")
    page = open_page(1440, 900)
    admin_login(page, "editor-ta")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    box = page.get_by_role("combobox", name="Tags")
    box.click()
    box.press("End")
    box.type(", we")
    suggestions = page.get_by_role("listbox", name="Existing tags")
    expect(suggestions.get_by_role("option")).to_have_text(["web design", "wechat"])
    box.press("ArrowDown")
    box.press("ArrowDown")
    box.press("Enter")  # takes the tag; does not submit the form
    expect(box).to_have_value("apps, wechat, ")
    box.type("mini")
    page.get_by_role("option", name="mini programs").click()
    expect(box).to_have_value("apps, wechat, mini programs, ")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert sorted(Article.objects.get(pk=article.pk).tags.names()) == [
        "apps",
        "mini programs",
        "wechat",
    ]


def test_a_deleted_article_waits_in_the_trash_and_comes_back(open_page, live_server):
    article = ArticleFactory(title="Deleted, then missed")
    EditorFactory(username="editor-tr")
    page = open_page(1440, 900)
    admin_login(page, "editor-tr")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="Delete", exact=True).click()
    page.get_by_role("button", name="Yes, I’m sure").click()
    expect(page.locator(".messagelist .success")).to_contain_text("moved to the trash")
    expect(page.locator("#changelist-form")).not_to_contain_text("Deleted, then missed")
    gone = page.context.new_page()
    gone.goto(article.get_absolute_url())
    expect(gone.get_by_role("heading", level=1)).not_to_have_text(
        "Deleted, then missed"
    )
    gone.close()

    page.get_by_role("link", name="In the trash", exact=True).click()
    row = page.locator("#result_list tr", has_text="Deleted, then missed")
    row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(
        label="Restore from the trash"
    )
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 item restored")
    assert not Article.objects.get(pk=article.pk).in_trash
    page.goto(article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Deleted, then missed")
