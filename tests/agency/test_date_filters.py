"""The pages' date filters write what Django's `date` writes with the same format."""

import datetime

import pytest
from django.template import engines
from django.utils import timezone, translation

MOMENTS = [
    # Midnight in Beijing is the day before in UTC: the page shows the local day.
    datetime.datetime(2026, 3, 4, 16, 5, 9, 123456, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 31, 23, 59, 0, tzinfo=datetime.UTC),
    datetime.datetime(2026, 7, 1, 0, 0, tzinfo=datetime.UTC),
]


def render(source, moment):
    template = engines["django"].from_string("{% load agency_tags %}" + source)
    return template.render({"moment": moment})


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize(
    ("ours", "django"),
    [
        ("iso_datetime", "date:'c'"),
        ("day", 'date:"Y-m-d"'),
        ("minute", 'date:"Y-m-d H:i"'),
    ],
)
def test_each_filter_writes_what_date_writes(settings, language, moment, ours, django):
    settings.TIME_ZONE = "Asia/Shanghai"
    with translation.override(language), timezone.override("Asia/Shanghai"):
        expected = render(f"{{{{ moment|{django} }}}}", moment)
        assert render(f"{{{{ moment|{ours} }}}}", moment) == expected
        assert render(f"{{{{ None|{ours} }}}}", moment) == ""
