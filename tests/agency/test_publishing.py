"""One `published()` (agency.core.publishing): the queryset and `is_live` agree."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agency.site.models import Page
from articles.models import Article
from services.models import CaseStudy, Service, Solution
from tests.factories import (
    ArticleFactory,
    CaseStudyFactory,
    DraftArticleFactory,
    PageFactory,
    ServiceFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.django_db


def live_rows(model):
    public = set(model.objects.published().values_list("pk", flat=True))
    marked = {row.pk for row in model.objects.all() if row.is_live}
    return public, marked


@pytest.mark.parametrize(
    "model, factory",
    [
        (Page, PageFactory),
        (CaseStudy, CaseStudyFactory),
        (Solution, SolutionFactory),
    ],
)
def test_a_box_hides_an_item(model, factory):
    shown, hidden = factory(published=True), factory(published=False)
    public, marked = live_rows(model)
    assert public == marked == {shown.pk}
    assert hidden.pk not in public


def test_a_sub_service_of_a_hidden_service_is_hidden():
    hidden_top = ServiceFactory(published=False)
    child = ServiceFactory(parent=hidden_top, published=True)
    top = ServiceFactory()
    public, marked = live_rows(Service)
    assert public == marked == {top.pk}
    assert child.pk not in public


def test_scheduled_and_draft_articles_are_not_live():
    live = ArticleFactory()
    ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    DraftArticleFactory()
    public, marked = live_rows(Article)
    assert public == marked == {live.pk}
