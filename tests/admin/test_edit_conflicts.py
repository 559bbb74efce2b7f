"""No silent overwrite: two people open the same object, the first saves, and the
second's save is refused with who saved and when, keeping what the second typed."""

import re
from html import unescape

import pytest
from django.contrib import admin

from agency.core.admin_base import NoSilentOverwriteMixin
from tests.admin.forms import as_post, form_data
from tests.admin.test_round_trip import (
    admin_url,
    change_field,
    client_for,
    demo_objects,
    label,
    role_of,
    save,
    staff_of,
)

pytestmark = pytest.mark.django_db

GUARDED = [
    pytest.param(model, id=label(model))
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, NoSilentOverwriteMixin)
]


def test_every_content_admin_is_guarded():
    guarded = {label(param.values[0]) for param in GUARDED}
    assert {
        "articles.article",
        "articles.category",
        "articles.authorprofile",
        "taggit.tag",
        "services.service",
        "services.industry",
        "services.casestudy",
        "services.solution",
        "agency.page",
        "agency.menuitem",
        "agency.sitesettings",
    } <= guarded


def field_value(html, name):
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    return unescape(found.group(1)) if found else None


@pytest.mark.parametrize("model", GUARDED)
def test_the_second_save_is_refused_then_replaces_knowingly(demo, model):
    obj = demo_objects(model)[0]
    role = role_of(model)
    first_user, second_user = staff_of(role), staff_of(role)
    first_user.first_name, first_user.last_name = "Wang", "Fang"
    first_user.save()
    first, second = client_for(first_user), client_for(second_user)
    url = admin_url(model, "change", obj.pk)
    form_id = f"{model._meta.model_name}_form"
    # Both open the form.
    theirs = as_post(form_data(first.get(url).content.decode(), form_id))
    mine = as_post(form_data(second.get(url).content.decode(), form_id))
    name = change_field(model, theirs)
    field = model._meta.get_field(name)
    cut = (field.max_length or 200) - 12
    their_value = f"{theirs[name][0][:cut]} (theirs)"
    my_value = f"{mine[name][0][:cut]} (mine)"

    save(first, url, {**theirs, name: [their_value]})
    refused = second.post(url, {**mine, name: [my_value]})

    assert refused.status_code == 200  # the form again, not a redirect
    html = refused.content.decode()
    assert "Wang Fang saved this" in unescape(html)
    assert "after you opened it" in unescape(html)
    assert field_value(html, name) == my_value  # what the second typed is kept
    assert str(field.verbose_name).lower() in unescape(html).lower()  # listed
    assert "/history/" in html
    assert getattr(model._default_manager.get(pk=obj.pk), name) == their_value

    # Saving again, now on the version they saw, replaces it knowingly.
    again = as_post(form_data(html, form_id))
    save(second, url, again)
    assert getattr(model._default_manager.get(pk=obj.pk), name) == my_value


def test_another_error_does_not_take_the_newer_version(demo):
    """A form refused for another reason still carries the version it was opened on:
    fixing that error cannot overwrite what someone saved meanwhile."""
    from articles.models import Article

    obj = demo_objects(Article)[0]
    role = role_of(Article)
    first, second = client_for(staff_of(role)), client_for(staff_of(role))
    url = admin_url(Article, "change", obj.pk)
    mine = as_post(form_data(second.get(url).content.decode(), "article_form"))
    invalid = second.post(url, {**mine, "title": [""]})  # a title is required
    assert invalid.status_code == 200
    mine = as_post(form_data(invalid.content.decode(), "article_form"))

    theirs = as_post(form_data(first.get(url).content.decode(), "article_form"))
    save(first, url, {**theirs, "title": ["Theirs"]})

    refused = second.post(url, {**mine, "title": ["Mine"]})
    assert refused.status_code == 200
    assert "after you opened it" in unescape(refused.content.decode())
    assert Article.objects.get(pk=obj.pk).title == "Theirs"


def test_a_form_without_a_version_saves_as_before(demo):
    """Posts that never opened the form (scripts, old tabs from before this) are not
    refused: there is nothing to compare."""
    from articles.models import Article

    obj = demo_objects(Article)[0]
    client = client_for(staff_of(role_of(Article)))
    url = admin_url(Article, "change", obj.pk)
    data = as_post(form_data(client.get(url).content.decode(), "article_form"))
    data.pop("_version")
    save(client, url, {**data, "title": ["No version"]})
    assert Article.objects.get(pk=obj.pk).title == "No version"
