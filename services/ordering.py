"""Reordering of catalogue items by moving one item, never by typing numbers."""

from django.db import transaction

from agency.core.pagecache import invalidate_pages

from .models import ORDER_STEP

DIRECTIONS = ("up", "down", "top", "bottom")


def item_move(*, item, direction: str) -> bool:
    """Move `item` among its siblings; renumber them with gaps. Return True if it moved."""
    if direction not in DIRECTIONS:
        raise ValueError(f"Unknown direction {direction!r}")
    model = type(item)
    with transaction.atomic():
        siblings = list(
            item.order_siblings()
            .select_for_update()
            .order_by(*model._meta.ordering, "pk")
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
        target = {
            "up": max(index - 1, 0),
            "down": min(index + 1, len(siblings) - 1),
            "top": 0,
            "bottom": len(siblings) - 1,
        }[direction]
        moved = siblings.pop(index)
        siblings.insert(target, moved)
        changed = []
        for position, sibling in enumerate(siblings, start=1):
            if sibling.order != position * ORDER_STEP:
                sibling.order = position * ORDER_STEP
                changed.append(sibling)
        model._default_manager.bulk_update(changed, ["order"])
        if moved.pk == item.pk:
            item.order = moved.order
    # bulk_update sends no signals: refresh what shows the order.
    invalidate_pages()
    return target != index
