"""Each platform's request, checked by a real receiver on loopback that verifies the
body and the signature as the platform documents them (tests/support/receivers.py)."""

import base64
import json
import secrets

import pytest
from django.urls import reverse

from leads.models import Delivery, Event, NotificationChannel, SalesProfile
from leads.outbox import announce, outbox_send_due, send_to_person
from tests.factories.agency import SalesFactory
from tests.factories.leads import LeadFactory

Kind = NotificationChannel.Kind

PERSONAL = ("lead0@client.example", "+86 138", "mini program for our shop")


def whsec():
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


@pytest.fixture
def owner(db):
    user = SalesFactory(first_name="Mei", last_name="Chen")
    SalesProfile.objects.create(
        user=user,
        mobile="+86 138-0013-8000",
        wecom_userid="meichen",
        dingtalk_userid="ding-mei",
        feishu_user_id="ou_mei",
        slack_member_id="U024BE7LH",
    )
    return user


def channel_for(server, **fields):
    """A channel of `server`'s kind, posting to it."""
    return NotificationChannel.objects.create(
        name=f"{server.kind} sales",
        kind=server.kind,
        url=server.url,
        secret=server.secret,
        events=[Event.NEW_LEAD, Event.ASSIGNED, Event.BREACH],
        **fields,
    )


def a_lead(owner=None, **fields):
    return LeadFactory(
        owner=owner,
        name="Li Wei",
        company="Fresh Foods Ltd",
        email="lead0@client.example",
        phone="+86 138 0013 8000",
        message="We need a mini program for our shop.",
        **fields,
    )


@pytest.fixture
def message_to_owner(receiver, owner):
    """Send one message in person to `owner`, about a lead of theirs, through a new
    channel of `kind` (`channel_fields` its settings) to its platform's receiver;
    `key` is formatted with the lead and the owner. The lead, and the body accepted."""

    def send(kind, *, key, channel_fields=None, **message):
        server = receiver(kind)
        channel = channel_for(server, **(channel_fields or {}))
        lead = a_lead(owner)
        send_to_person(
            user=owner,
            key=key.format(lead=lead, owner=owner),
            lead=lead,
            channel=channel,
            **message,
        )
        [body] = server.accepted
        return lead, body

    return send


def no_personal_data(server):
    for text in server.texts():
        for secret_thing in PERSONAL:
            assert secret_thing not in text


@pytest.mark.django_db(transaction=True)
def test_wecom_markdown_names_the_lead_and_links_to_it(receiver):
    server = receiver(Kind.WECOM)
    channel_for(server)
    lead = a_lead()

    [delivery] = announce(event=Event.NEW_LEAD, lead=lead)

    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    [body] = server.accepted
    assert body["msgtype"] == "markdown"
    content = body["markdown"]["content"]
    assert f"New lead #{lead.pk}" in content
    assert "Li Wei (Fresh Foods Ltd)" in content
    assert f"/admin/leads/lead/{lead.pk}/change/" in content
    assert content.count("http://") >= 1
    no_personal_data(server)
    [attempt] = delivery.tries.all()
    assert attempt.ok and attempt.status_code == 200
    assert json.loads(attempt.answer) == {"errcode": 0, "errmsg": "ok"}


@pytest.mark.django_db(transaction=True)
def test_wecom_mentions_the_owner_by_user_id_and_mobile(receiver, owner):
    server = receiver(Kind.WECOM)
    channel_for(server)

    announce(event=Event.ASSIGNED, lead=a_lead(owner))

    [body] = server.accepted
    assert body["msgtype"] == "text"
    assert body["text"]["mentioned_list"] == ["meichen"]
    assert body["text"]["mentioned_mobile_list"] == ["13800138000"]
    assert "assigned to Mei Chen" in body["text"]["content"]


@pytest.mark.django_db(transaction=True)
def test_wecom_without_mention_when_the_channel_says_so(receiver, owner):
    server = receiver(Kind.WECOM)
    channel_for(server, mention_owner=False)

    announce(event=Event.NEW_LEAD, lead=a_lead(owner))

    [body] = server.accepted
    assert body["msgtype"] == "markdown"
    assert "meichen" not in json.dumps(body)


@pytest.mark.django_db(transaction=True)
def test_dingtalk_signed_markdown_mentions_the_owner(receiver, owner):
    server = receiver(Kind.DINGTALK, secret="SEC" + secrets.token_hex(16))
    channel_for(server)

    announce(event=Event.NEW_LEAD, lead=a_lead(owner))

    [body] = server.accepted
    assert body["msgtype"] == "markdown"
    assert body["at"] == {
        "atMobiles": ["13800138000"],
        "atUserIds": ["ding-mei"],
        "isAtAll": False,
    }
    assert "@13800138000" in body["markdown"]["text"]
    assert body["markdown"]["title"].startswith("New lead #")
    path = server.requests[0][0]
    assert "timestamp=" in path and "sign=" in path
    no_personal_data(server)


@pytest.mark.django_db(transaction=True)
def test_dingtalk_refuses_a_wrong_secret_and_the_log_says_why(receiver):
    server = receiver(Kind.DINGTALK, secret="SECright")
    channel = channel_for(server)
    channel.secret = "SECwrong"
    channel.save()

    [delivery] = announce(event=Event.NEW_LEAD, lead=a_lead())

    assert server.accepted == []
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.PENDING
    assert "310000" in delivery.last_error
    [attempt] = delivery.tries.all()
    assert not attempt.ok
    assert "sign not match" in attempt.answer


@pytest.mark.django_db(transaction=True)
def test_feishu_signed_post_mentions_the_owner(receiver, owner):
    server = receiver(Kind.FEISHU, secret=secrets.token_urlsafe(16))
    channel_for(server)
    lead = a_lead(owner)

    announce(event=Event.NEW_LEAD, lead=lead)

    [body] = server.accepted
    assert body["msg_type"] == "post"
    post = body["content"]["post"]["en_us"]
    assert post["title"] == f"New lead #{lead.pk}: no service chosen"
    elements = [element for row in post["content"] for element in row]
    assert {"tag": "at", "user_id": "ou_mei"} in elements
    assert any(
        e["tag"] == "a" and e["href"].endswith(f"/lead/{lead.pk}/change/")
        for e in elements
    )
    no_personal_data(server)


@pytest.mark.django_db(transaction=True)
def test_feishu_uses_the_channel_language(receiver):
    server = receiver(Kind.FEISHU, secret="s3cret")
    channel_for(server, language="zh-hans")

    announce(event=Event.NEW_LEAD, lead=a_lead())

    [body] = server.accepted
    assert list(body["content"]["post"]) == ["zh_cn"]


@pytest.mark.django_db(transaction=True)
def test_feishu_refuses_a_wrong_secret(receiver):
    server = receiver(Kind.FEISHU, secret="right")
    channel = channel_for(server)
    NotificationChannel.objects.filter(pk=channel.pk).update(secret="wrong")

    [delivery] = announce(event=Event.NEW_LEAD, lead=a_lead())

    delivery.refresh_from_db()
    assert server.accepted == []
    assert "19021" in delivery.last_error


@pytest.mark.django_db(transaction=True)
def test_slack_mentions_the_member_and_gets_ok(receiver, owner):
    server = receiver(Kind.SLACK)
    channel_for(server)
    lead = a_lead(owner)

    [delivery] = announce(event=Event.BREACH, lead=lead)

    [body] = server.accepted
    assert "<@U024BE7LH>" in body["text"]
    assert f"Lead #{lead.pk}: first response overdue" in body["text"]
    assert body["blocks"][0]["text"]["type"] == "mrkdwn"
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    assert delivery.tries.get().answer == "ok"
    no_personal_data(server)


@pytest.mark.django_db(transaction=True)
def test_signed_webhook_carries_the_contact_details(receiver, owner):
    server = receiver(Kind.WEBHOOK, secret=whsec())
    channel_for(server)
    lead = a_lead(owner)

    announce(event=Event.NEW_LEAD, lead=lead)
    announce(event=Event.ASSIGNED, lead=lead)

    created, assigned = server.accepted
    assert created["type"] == "lead.created"
    assert assigned["type"] == "lead.assigned"
    data = created["data"]
    assert data["id"] == lead.pk
    assert data["email"] == "lead0@client.example"
    assert data["message"] == "We need a mini program for our shop."
    assert data["owner"] == "Mei Chen"
    assert data["admin_url"].endswith(f"/lead/{lead.pk}/change/")
    headers = server.requests[0][1]
    assert headers["webhook-signature"].startswith("v1,")


@pytest.mark.django_db(transaction=True)
def test_signed_webhook_with_a_wrong_secret_is_refused(receiver):
    server = receiver(Kind.WEBHOOK, secret=whsec())
    channel = channel_for(server)
    NotificationChannel.objects.filter(pk=channel.pk).update(secret=whsec())

    [delivery] = announce(event=Event.NEW_LEAD, lead=a_lead())

    delivery.refresh_from_db()
    assert server.accepted == []
    [attempt] = delivery.tries.all()
    assert attempt.status_code == 401
    assert attempt.answer == "invalid signature"


@pytest.mark.django_db(transaction=True)
def test_e_mail_channel_sends_to_its_addresses(smtp):
    smtp.start()
    NotificationChannel.objects.create(
        name="Sales list",
        kind=Kind.EMAIL,
        email_to="sales@agency.example\n\n boss@agency.example ",
        events=[Event.NEW_LEAD],
    )
    lead = a_lead()

    announce(event=Event.NEW_LEAD, lead=lead)

    [message] = smtp.messages
    assert sorted(message.rcpt_tos) == ["boss@agency.example", "sales@agency.example"]
    text = message.content.decode()
    assert f"New lead #{lead.pk}" in text
    assert f"/admin/leads/lead/{lead.pk}/change/" in text


@pytest.mark.django_db(transaction=True)
def test_a_person_in_a_chat_channel_is_mentioned(message_to_owner):
    _lead, body = message_to_owner(
        Kind.SLACK,
        channel_fields={"mention_owner": False},
        event=Event.ASSIGNED,
        key="assigned:{lead.pk}:{owner.pk}:1",
    )

    assert "<@U024BE7LH>" in body["text"]


@pytest.mark.django_db(transaction=True)
def test_a_digest_to_a_person_by_e_mail(smtp, owner):
    smtp.start()

    delivery = send_to_person(
        user=owner,
        event=Event.DIGEST,
        key=f"digest:{owner.pk}:2026-11-30",
        title="Your day: 2 overdue",
        lines=["Call Li Wei", "E-mail Fresh Foods"],
    )

    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    [message] = smtp.messages
    assert message.rcpt_tos == [owner.email]
    assert "Call Li Wei" in message.content.decode()
    # The same key again is the same message, not a second one.
    again = send_to_person(
        user=owner, event=Event.DIGEST, key=f"digest:{owner.pk}:2026-11-30", title="x"
    )
    assert again.pk == delivery.pk
    outbox_send_due()
    assert len(smtp.messages) == 1


# --- The channels' admin --------------------------------------------------------------


def channel_form(**overrides):
    data = {
        "name": "Sales group",
        "kind": Kind.DINGTALK,
        "active": "on",
        "language": "en",
        "url": "https://oapi.dingtalk.com/robot/send?access_token=abc",
        "secret": "SEC0123456789",
        "email_to": "",
        "events": [Event.NEW_LEAD, Event.BREACH],
        "sources": ["search"],
        "mention_owner": "on",
        "per_minute": "20",
    }
    data.update(overrides)
    return data


def errors_of(response):
    return response.context["adminform"].form.errors


@pytest.mark.django_db
def test_a_manager_adds_a_channel_with_ticked_events_and_filters(sales_client):
    url = reverse("admin:leads_notificationchannel_add")
    page = sales_client.get(url).content.decode()
    assert 'type="checkbox" name="events" value="new_lead"' in page
    assert "SEC" in page  # the kind-specific help

    response = sales_client.post(url, channel_form())

    assert response.status_code == 302
    channel = NotificationChannel.objects.get()
    assert channel.events == [Event.NEW_LEAD, Event.BREACH]
    assert channel.sources == ["search"]
    assert channel.languages == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"url": ""}, "url", "needs its webhook address"),
        ({"url": "ftp://example.com/x"}, "url", "https://"),
        ({"secret": "0123"}, "secret", "starts with SEC"),
        ({"events": ["nonsense"]}, "events", "valid choice"),
        ({"events": []}, "events", "required"),
        ({"per_minute": "0"}, "per_minute", "At least one"),
        (
            {
                "kind": Kind.EMAIL,
                "url": "",
                "email_to": "sales@x.example\nnot an address",
            },
            "email_to",
            "“not an address” is not an e-mail address",
        ),
        ({"kind": Kind.EMAIL, "url": ""}, "email_to", "needs an address"),
        ({"kind": Kind.WEBHOOK, "secret": "plain"}, "secret", "whsec_"),
        ({"kind": Kind.WEBHOOK, "secret": "whsec_!!!"}, "secret", "base64"),
    ],
)
def test_a_wrong_channel_is_explained_not_saved(sales_client, overrides, field, words):
    response = sales_client.post(
        reverse("admin:leads_notificationchannel_add"), channel_form(**overrides)
    )

    assert response.status_code == 200
    assert words in " ".join(errors_of(response)[field])
    assert not NotificationChannel.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_send_a_test_message_reaches_the_group(receiver, sales_client):
    server = receiver(Kind.FEISHU, secret="feishu-secret")
    channel = channel_for(server)

    response = sales_client.post(
        reverse("admin:leads_notificationchannel_changelist"),
        {"action": "send_test", "_selected_action": [channel.pk]},
        follow=True,
    )

    assert "A test message is queued for 1 channel" in response.content.decode()
    [body] = server.accepted
    assert body["content"]["post"]["en_us"]["title"].startswith("Test message from")
    assert Delivery.objects.get().event == Event.TEST


@pytest.mark.django_db
def test_editors_never_see_channels_or_the_delivery_log(editor_client):
    for name in ("notificationchannel", "delivery"):
        url = reverse(f"admin:leads_{name}_changelist")
        assert editor_client.get(url).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_visitors_name_never_pings_anyone(receiver):
    slack = receiver(Kind.SLACK)
    wecom = receiver(Kind.WECOM)
    channel_for(slack)
    channel_for(wecom)

    announce(
        event=Event.NEW_LEAD,
        lead=LeadFactory(name="<!channel> <@U999>", company="<@all>"),
    )

    [slack_body] = slack.accepted
    assert "<!channel>" not in slack_body["text"]
    assert "&lt;!channel&gt; &lt;@U999&gt;" in slack_body["text"]
    [wecom_body] = wecom.accepted
    assert "<@" not in wecom_body["markdown"]["content"]


@pytest.mark.django_db(transaction=True)
def test_a_long_digest_fits_wecom_and_keeps_its_link(message_to_owner):
    # The receiver accepts no more than 2048 bytes.
    lead, body = message_to_owner(
        Kind.WECOM,
        event=Event.DIGEST,
        key="digest:{owner.pk}:long",
        title="Your day",
        lines=[f"Call number {n}: 联系客户跟进项目需求" for n in range(200)],
    )

    assert body["text"]["content"].endswith(f"/admin/leads/lead/{lead.pk}/change/")
