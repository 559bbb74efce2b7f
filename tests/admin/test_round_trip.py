"""The admin round trip: every registered model, opened and saved by the role that uses it.

The parameters come from the admin's registry at collection time, so a model or an
action added to the admin is tested without a line written here.
"""

import re
from html import unescape
from urllib.parse import urljoin

import pytest
from django.contrib import admin
from django.db import models
from django.db.models.fields.files import FieldFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.html import escape

from agency.core.roles import EDITORS, ROLE_APPS, SALES
from agency.core.tasks import run_recorded
from tests.admin.forms import as_post, form_data
from tests.factories import EditorFactory, SalesFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def failed_sign_ins():
    """Two wrong passwords for a real account, as anyone may type them."""
    user = UserFactory(is_staff=True)
    for _attempt in range(2):
        Client().post(
            reverse("admin:login"), {"username": user.username, "password": "wrong"}
        )


def failure_log():
    """axes keeps this log only with AXES_ENABLE_ACCESS_FAILURE_LOG: a row as it writes."""
    from axes.models import AccessFailureLog

    AccessFailureLog.objects.create(
        username="someone", ip_address="192.0.2.1", user_agent="probe", path_info="/"
    )


def sign_in():
    client_for(UserFactory(is_staff=True))


def periodic_job_run():
    """The worker's record of a job, as its first run writes it."""
    run_recorded("flush_counters", "each minute", lambda: "0 views moved")


# Models the demo content does not create, and how their rows come about instead.
# test_demo_content_covers_the_admin holds this list to the truth in both directions.
NO_DEMO_CONTENT = {
    "axes.accessattempt": failed_sign_ins,
    "axes.accessfailurelog": failure_log,
    "axes.accesslog": sign_in,
    "core.periodicjob": periodic_job_run,
}

# The field a person would edit, where the first plain text field is not one.
CHANGE_FIELD = {
    "auth.user": "first_name",
    "leads.blockeddomain": None,  # a domain, not free text: the name is the row
    "leads.leadnotification": None,  # the outbox is read-only: the worker writes it
    "leads.delivery": None,  # the delivery log is read-only: the worker writes it
    "leads.stageprobability": None,  # a stage and its percentage: no text to edit
    "core.periodicjob": None,  # read-only: the worker writes it
}

# What a person chooses in the action bar before running these actions.
ACTION_CHOICES = {
    ("leads.lead", "set_status"): {"status": "contacted"},
    ("leads.lead", "assign_owner"): {"owner": "{user}"},
}


def label(model):
    return model._meta.label_lower


def role_of(model):
    """The group whose staff work on this model; None: superusers only."""
    for role, app_labels in ROLE_APPS.items():
        if model._meta.app_label in app_labels:
            return role
    return None


def staff_of(role):
    if role == EDITORS:
        return EditorFactory()
    if role == SALES:
        return SalesFactory()
    return UserFactory(is_staff=True, is_superuser=True)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def admin_url(model, view, *args):
    return reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args
    )


def demo_objects(model):
    """The first and the last demo object, and the first one shown publicly."""
    objects = model._default_manager.order_by("pk")
    chosen = [obj for obj in (objects.first(), objects.last()) if obj is not None]
    if hasattr(model, "get_absolute_url") and not any(map(public_page, chosen)):
        for obj in objects[:20]:
            if public_page(obj) is not None:
                chosen.append(obj)
                break
    return list({obj.pk: obj for obj in chosen}.values())


def public_page(obj):
    """The page anyone sees for the object, or None when it is not public."""
    if not hasattr(obj, "get_absolute_url"):
        return None
    response = Client().get(obj.get_absolute_url())
    return response.content.decode() if response.status_code == 200 else None


def snapshot(model, pk):
    """Everything stored about an object, bar the timestamps the database keeps."""
    obj = model._default_manager.get(pk=pk)
    values = {}
    for field in obj._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        value = getattr(obj, field.attname)
        values[field.attname] = value.name if isinstance(value, FieldFile) else value
    for field in obj._meta.many_to_many:
        values[field.name] = sorted(
            getattr(obj, field.name).values_list("pk", flat=True)
        )
    for rel in obj._meta.related_objects:
        if rel.one_to_many or rel.one_to_one:
            related = rel.related_model._base_manager.filter(**{rel.field.name: obj})
            values[f"{rel.get_accessor_name()}.count"] = related.count()
    return values


def messages_of(html):
    return re.findall(
        r'<li class="(\w+)">(.*?)</li>', html.split('class="messagelist"', 1)[-1]
    )


def content_of(html):
    """The page's main area: past the header's logout form."""
    return html.split('id="content"', 1)[1]


def change_field(model, data):
    """The first plain text box of the form, as a person reads it from the top."""
    if label(model) in CHANGE_FIELD:
        return CHANGE_FIELD[label(model)]
    fields = {field.name: field for field in model._meta.concrete_fields}
    for name in data:
        field = fields.get(name)
        if (
            isinstance(field, models.CharField)
            and not isinstance(
                field, (models.SlugField, models.EmailField, models.URLField)
            )
            and not field.choices
            and data[name][0].strip()
        ):
            return name
    pytest.fail(f"{label(model)}: no text field to edit; name one in CHANGE_FIELD")


def save(client, url, data):
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert response.redirect_chain, html[:3000]
    assert response.status_code == 200
    assert any(level == "success" for level, _text in messages_of(html)), html[:3000]
    return response


# --- The change form: opened, saved unchanged, changed and saved ----------------------

ROUND_TRIP = [
    pytest.param(model, id=label(model))
    for model, _model_admin in REGISTRY
    if label(model) not in NO_DEMO_CONTENT
]


@pytest.mark.parametrize("model", ROUND_TRIP)
def test_demo_objects_save_unchanged_then_changed(model):
    """Staff of the model's role open real objects, save them as they are, then edit one field."""
    objects = demo_objects(model)
    assert objects, f"the demo content makes no {label(model)}"
    client = client_for(staff_of(role_of(model)))
    form_id = f"{model._meta.model_name}_form"
    for obj in objects:
        url = admin_url(model, "change", obj.pk)
        page = client.get(url)
        assert page.status_code == 200
        data = as_post(form_data(page.content.decode(), form_id))

        before = snapshot(model, obj.pk)
        save(client, url, data)
        assert snapshot(model, obj.pk) == before, (
            f"{obj!r} changed by an unchanged save"
        )

        name = change_field(model, data)
        if name is None:
            continue
        # Opened again, as after "Save and continue editing": the form it was saved
        # from is now an older version, whose save would be refused as a conflict.
        data = as_post(form_data(client.get(url).content.decode(), form_id))
        public_before = public_page(obj)
        max_length = model._meta.get_field(name).max_length
        new_value = f"{data[name][0][: max_length - 12]} (edited)"
        save(client, url, {**data, name: [new_value]})
        assert getattr(model._default_manager.get(pk=obj.pk), name) == new_value
        if public_before is not None:
            public_after = public_page(model._default_manager.get(pk=obj.pk))
            assert public_after is not None, f"{obj!r} is no longer public"
            assert escape(new_value) in public_after or new_value in unescape(
                public_after
            ), f"the public page of {obj!r} does not show the change"


def test_demo_content_covers_the_admin():
    """Every registered model has demo content, or NO_DEMO_CONTENT says why not."""
    with_content = {
        label(model) for model, _ in REGISTRY if model._default_manager.exists()
    }
    registered = {label(model) for model, _ in REGISTRY}
    assert registered - with_content == set(NO_DEMO_CONTENT)


# --- The add form, the changelist and its filters -----------------------------------


@pytest.mark.parametrize(
    "model", [pytest.param(model, id=label(model)) for model, _ in REGISTRY]
)
def test_add_form_opens(model):
    user = staff_of(role_of(model))
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = user
    response = client_for(user).get(admin_url(model, "add"))
    if model_admin.has_add_permission(request):
        assert response.status_code == 200
        assert f'id="{model._meta.model_name}_form"' in response.content.decode()
    else:
        assert response.status_code == 403


def filter_links(html):
    sidebar = html.split('id="changelist-filter"', 1)
    if len(sidebar) == 1:
        return []
    sidebar = sidebar[1].split("</nav>", 1)[0]
    return sorted({unescape(href) for href in re.findall(r'href="(\?[^"]*)"', sidebar)})


@pytest.mark.parametrize(
    "model", [pytest.param(model, id=label(model)) for model, _ in REGISTRY]
)
def test_changelist_opens_with_every_filter(model):
    client = client_for(staff_of(role_of(model)))
    url = admin_url(model, "changelist")
    response = client.get(url, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    links = filter_links(html)
    if admin.site._registry[model].list_filter:
        assert links, "the filters are not in the page"
    for link in links:
        response = client.get(urljoin(url, link))
        # An invalid lookup answers 302 to ?e=1: every link must be a valid one.
        assert response.status_code == 200, link


# --- Actions -------------------------------------------------------------------------

ACTIONS = [
    pytest.param(model, name, id=f"{label(model)}:{name}")
    for model, model_admin in REGISTRY
    for _func, name, _description in model_admin._get_base_actions()
]


def action_options(html):
    select = html.split('name="action"', 1)
    if len(select) == 1:
        return set()
    return set(re.findall(r'<option value="(\w+)"', select[1].split("</select>", 1)[0]))


@pytest.mark.parametrize(("model", "action"), ACTIONS)
def test_action_runs_on_a_selection(model, action):
    """Each action runs on demo objects chosen in the list, as its role (or, for an
    action the role is not offered, a superuser) would run it."""
    model_admin = admin.site._registry[model]
    if label(model) in NO_DEMO_CONTENT:
        NO_DEMO_CONTENT[label(model)]()
    url = admin_url(model, "changelist")
    for user in (staff_of(role_of(model)), staff_of(None)):
        client = client_for(user)
        html = client.get(url, follow=True).content.decode()
        if action in action_options(html):
            break
    else:
        # Only a site-wide action may be withheld from everyone, by the model's rules.
        assert action in dict(admin.site.actions), f"nobody is offered {action}"
        request = RequestFactory().get(url)
        request.user = user
        assert action not in model_admin.get_actions(request)
        return
    selection = re.findall(r'name="_selected_action" value="([^"]+)"', html)[:3]
    assert selection, "no demo rows to select"
    choices = {
        key: value.format(user=user.pk)
        for key, value in ACTION_CHOICES.get((label(model), action), {}).items()
    }
    data = {"action": action, "_selected_action": selection, "index": 0, **choices}
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        page = content_of(response.content.decode())
        if "<form" not in page:
            # A refusal that explains itself ("cannot delete: protected by ...").
            assert "errornote" in page or "<ul" in page, page[:3000]
            return
        # An intermediate page: confirm it as a person would.
        response = client.post(url, as_post(form_data(page)))
        assert response.status_code == 302, response.content.decode()[:3000]
    if response.status_code == 302:
        html = client.get(response.url).content.decode()
        assert messages_of(html), "the action said nothing"
        assert not any(level == "error" for level, _text in messages_of(html))


# --- Roles never cross ----------------------------------------------------------------


@pytest.mark.parametrize(
    "model", [pytest.param(model, id=label(model)) for model, _ in REGISTRY]
)
def test_other_roles_are_refused(model):
    """Sales get 403 on content pages, editors on leads pages, both on the rest."""
    others = [role for role in ROLE_APPS if role != role_of(model)]
    obj = model._default_manager.order_by("pk").first()
    urls = [admin_url(model, "changelist"), admin_url(model, "add")]
    if obj is not None:
        urls += [
            admin_url(model, "change", obj.pk),
            admin_url(model, "history", obj.pk),
        ]
    for role in others:
        client = client_for(staff_of(role))
        for url in urls:
            assert client.get(url).status_code == 403, (role, url)


def test_an_existing_article_with_a_cover_saves_unchanged(editor_client):
    """The release blocker of issue #13: the image validator read a closed file."""
    from articles.models import Article

    article = Article.objects.exclude(cover="").first()
    url = f"/admin/articles/article/{article.pk}/change/"
    data = as_post(form_data(editor_client.get(url).content.decode(), "article_form"))
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
