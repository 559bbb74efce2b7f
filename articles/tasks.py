"""The articles' periodic job, run by the worker (agency/core/tasks.py)."""

from agency.core.tasks import every_minute_job

from .counters import flush_views
from .models import PendingView


def pending_backlog():
    return f"{PendingView.objects.count()} article-days of views waiting"


@every_minute_job(backlog=pending_backlog)
def flush_counters():
    """Move the views waiting in PendingView to the articles (exactly once)."""
    return f"{flush_views()} views moved"
