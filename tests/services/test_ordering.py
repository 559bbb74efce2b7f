import pytest
from django.db.models import ProtectedError

from services.models import CaseStudy, Service
from services.ordering import item_move
from tests.factories import CaseStudyFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def orders(queryset):
    return [(obj.pk, obj.order) for obj in queryset]


def test_move_up_down_top_bottom_renumbers_with_gaps():
    a, b, c = CaseStudyFactory(), CaseStudyFactory(), CaseStudyFactory()
    assert item_move(item=c, direction="up") is True
    assert list(CaseStudy.objects.all()) == [a, c, b]
    assert [o for _pk, o in orders(CaseStudy.objects.all())] == [10, 20, 30]
    item_move(item=a, direction="bottom")
    assert list(CaseStudy.objects.all()) == [c, b, a]
    item_move(item=a, direction="top")
    assert list(CaseStudy.objects.all()) == [a, c, b]
    item_move(item=a, direction="down")
    assert list(CaseStudy.objects.all()) == [c, a, b]


def test_moving_past_the_ends_changes_nothing():
    a, b = ServiceFactory(), ServiceFactory()
    assert item_move(item=a, direction="up") is False
    assert item_move(item=b, direction="down") is False
    assert list(Service.objects.top_level()) == [a, b]


def test_sub_services_move_among_their_siblings_only():
    parent, other = ServiceFactory(), ServiceFactory()
    first, second = ServiceFactory(parent=parent), ServiceFactory(parent=parent)
    item_move(item=second, direction="top")
    assert list(parent.children.order_by("order")) == [second, first]
    assert list(Service.objects.top_level()) == [parent, other]


def test_unknown_direction_is_refused():
    with pytest.raises(ValueError):
        item_move(item=ServiceFactory(), direction="sideways")


def test_a_parent_with_sub_services_cannot_be_deleted():
    parent = ServiceFactory()
    ServiceFactory(parent=parent)
    with pytest.raises(ProtectedError):
        parent.delete()
