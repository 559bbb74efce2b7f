"""What visitors add to an article: views per day, likes, views not yet counted in."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .article import Article


class ArticleDailyView(models.Model):
    """How many views an article had on one day (local time): feeds Hot topics."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="daily_views"
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "day"], name="article_day_unique"
            )
        ]
        indexes = [
            # Hot topics read a window of days, then sum per article.
            models.Index(fields=["day", "article", "views"], name="dailyview_day_idx")
        ]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"


class ArticleLike(models.Model):
    """One visitor's like of one article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="likes")
    # "u:<user id>" for signed-in users, "v:<visitor cookie>" for everybody else.
    visitor_key = models.CharField(_("visitor"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "visitor_key"], name="article_like_once"
            )
        ]

    def __str__(self):
        return f"{self.article_id} {self.visitor_key}"


class PendingView(models.Model):
    """Views counted and not yet added to their article (see articles.counters).

    A counted view bumps one row per article and day here, not the article's row (whose
    update would touch every index on the busiest table); `flush_counters` moves them.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "day"], name="articles_pendingview_article_day"
            )
        ]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"
