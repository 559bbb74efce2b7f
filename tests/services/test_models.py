import pytest
from django.core.exceptions import ValidationError

from services.models import Service
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_sub_service_under_top_level_is_valid():
    parent = ServiceFactory()
    child = ServiceFactory.build(parent=parent, image=None)
    child.full_clean()


def test_tree_has_two_levels_only():
    parent = ServiceFactory()
    child = ServiceFactory(parent=parent)
    grandchild = ServiceFactory.build(parent=child, image=None)
    with pytest.raises(ValidationError) as excinfo:
        grandchild.full_clean()
    assert "parent" in excinfo.value.message_dict


def test_service_with_children_cannot_move_under_another():
    parent = ServiceFactory()
    ServiceFactory(parent=parent)
    other = ServiceFactory()
    parent.parent = other
    with pytest.raises(ValidationError):
        parent.full_clean()


def test_service_cannot_be_its_own_parent():
    service = ServiceFactory()
    service.parent = service
    with pytest.raises(ValidationError):
        service.full_clean()


def test_new_services_go_to_the_end_of_their_siblings():
    first = ServiceFactory()
    second = ServiceFactory()
    child = ServiceFactory(parent=first)
    assert first.order < second.order
    assert child.order == 10
    assert list(Service.objects.top_level()) == [first, second]


def test_published_hides_children_of_unpublished_parent():
    parent = ServiceFactory(published=False)
    child = ServiceFactory(parent=parent)
    lone = ServiceFactory()
    assert set(Service.objects.published()) == {lone}
    assert child not in Service.objects.published()


def test_deliverables_and_steps_are_read_one_per_line():
    service = ServiceFactory.build(
        deliverables="Design\n\n  Build  \n",
        steps="Discovery: a workshop\nLaunch\nA: b: c",
    )
    assert service.deliverable_list == ["Design", "Build"]
    assert service.step_list == [
        ("Discovery", "a workshop"),
        ("Launch", ""),
        ("A", "b: c"),
    ]
