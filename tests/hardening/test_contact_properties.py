"""Property tests of the contact form: whatever a visitor types, never a 500; valid
input makes exactly one lead, invalid input none and says why at the field."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leads import spam
from leads.models import Lead

pytestmark = pytest.mark.django_db

PROPERTY_SETTINGS = settings(
    max_examples=40,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
FIELDS = ("name", "company", "email", "phone", "message")
# What a browser can send in a text field: any character but NUL and lone surrogates.
typed = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=300,
)
anything = st.one_of(typed, st.text(max_size=50), st.sampled_from(["", " ", "\x00"]))
visible_name = typed.filter(lambda s: s.strip() and len(s.strip()) <= 120)
email = st.from_regex(
    r"[a-z][a-z0-9]{0,10}(\.[a-z0-9]{1,8})?@[a-z]{1,12}\.(com|cn|org)", fullmatch=True
)
phone = st.from_regex(r"\+?[0-9]{3} [0-9]{4} [0-9]{4}", fullmatch=True)


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.AGENCY_LEADS_RATE_LIMIT_COUNT = 100_000
    settings.AGENCY_LEADS_NOTIFY_AFTER_COMMIT = False


def send(client, fields):
    data = {
        "preferred_contact": "any",
        "consent": "on",
        "token": spam.issue_token(issued_at=time.time() - 60),
        **fields,
    }
    return client.post("/contact/", data)


@PROPERTY_SETTINGS
@given(fields=st.fixed_dictionaries(dict.fromkeys(FIELDS, anything)))
def test_any_text_in_any_field_never_500s(client, fields):
    before = Lead.objects.count()
    response = send(client, fields)
    assert response.status_code in (200, 302, 429)
    made = Lead.objects.count() - before
    if response.status_code == 200:
        assert made == 0
        assert "errorlist" in response.content.decode()
    else:
        assert made == 1


@PROPERTY_SETTINGS
@given(
    name=visible_name,
    company=typed.map(lambda s: s[:160]),
    contact=st.one_of(
        st.tuples(email, st.just("")),
        st.tuples(st.just(""), phone),
        st.tuples(email, phone),
    ),
    message=typed,
)
def test_valid_input_makes_exactly_one_lead(client, name, company, contact, message):
    before = Lead.objects.count()
    response = send(
        client,
        {
            "name": name,
            "company": company,
            "email": contact[0],
            "phone": contact[1],
            "message": message,
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Lead.objects.count() == before + 1
    lead = Lead.objects.latest("pk")
    assert lead.name == name.strip()
    assert lead.email == contact[0]


@PROPERTY_SETTINGS
@given(
    fields=st.fixed_dictionaries(dict.fromkeys(FIELDS, typed)),
    fault=st.sampled_from(["no name", "no contact", "bad email", "long message"]),
)
def test_invalid_input_makes_no_lead_and_says_why(client, fields, fault):
    if fault == "no name":
        fields["name"] = " "
        fields["email"] = "mia@harbour.example"
    elif fault == "no contact":
        fields["email"] = fields["phone"] = ""
    elif fault == "bad email":
        fields["email"] = fields["email"].replace("@", "") + "@"
    else:
        fields["message"] = "x" * 5001
    before = Lead.objects.count()
    response = send(client, fields)
    assert response.status_code == 200
    assert Lead.objects.count() == before
    assert "errorlist" in response.content.decode()
