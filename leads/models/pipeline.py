"""The pipeline as money: how likely each stage is to be won (leads.pipeline)."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .lead import Lead


class StageProbability(models.Model):
    """How likely a lead at a stage is to be won: a manager sets it per stage, a lead
    may override it (`Lead.probability`). A stage without a row has its default."""

    DEFAULTS = {
        "new": 10,
        "contacted": 20,
        "qualified": 40,
        "proposal": 60,
        "won": 100,
        "lost": 0,
    }

    stage = models.CharField(
        _("stage"), max_length=10, unique=True, choices=Lead.Status.choices
    )
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"), validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("stage probability")
        verbose_name_plural = _("stage probabilities")
        ordering = ["probability"]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.probability}%"
