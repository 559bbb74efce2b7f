"""The two-level tree: top-level items and their children, never deeper.

Article categories, services and the menu share one rule, so it lives here once:
`TwoLevelTree.clean()` refuses an item as its own parent, a parent that is itself a
child, and a parent for an item that has children. It reads `self.parent` (not
`parent_id`): an admin inline gives its rows a parent that is not saved yet.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def parent_field(verbose_name, *, on_delete=models.PROTECT, help_text=""):
    """Return the `parent` foreign key of a two-level tree: top-level items only."""
    return models.ForeignKey(
        "self",
        verbose_name=verbose_name,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=help_text,
    )


class TwoLevelTree(models.Model):
    """An abstract model with a `parent` (see `parent_field`) two levels deep at most.

    A subclass may word the errors for its editors in `tree_errors`.
    """

    tree_errors = {
        "own_parent": _("An item cannot be its own parent."),
        "too_deep": _("Two levels only: choose a top-level item as the parent."),
        "has_children": _("This item has sub-items, so it must stay at the top."),
    }

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        self.clean_tree()

    def clean_tree(self):
        parent = self.parent
        if parent is None:
            return
        if self.pk is not None and parent.pk == self.pk:
            raise ValidationError({"parent": self.tree_errors["own_parent"]})
        # An unsaved parent (an inline's) has no parent_id yet if it has no parent,
        # and its parent object if it has one.
        if parent.parent_id is not None or parent.parent is not None:
            if parent._state.adding:
                # An inline row shows no parent field: say it on the row itself.
                raise ValidationError(self.tree_errors["too_deep"])
            raise ValidationError({"parent": self.tree_errors["too_deep"]})
        if (
            self.pk is not None
            and type(self)._default_manager.filter(parent_id=self.pk).exists()
        ):
            raise ValidationError({"parent": self.tree_errors["has_children"]})
