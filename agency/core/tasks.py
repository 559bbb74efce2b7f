"""The one way to run background work: Huey tasks and periodic jobs, one worker process.

`manage.py run_huey` is the worker: one process whose threads run the queued tasks and
whose scheduler starts the periodic jobs on their crontab, with retries. The queue is
Redis when REDIS_URL is set, else a SQLite file (`make serve` without Redis); the
settings' HUEY says which. Tests and `make run` use immediate mode: a task runs where
it is queued, and no periodic job runs unless called.

What must not be lost stays in PostgreSQL (the leads' notification outbox, the pending
views): a queued task only gets it done sooner, and a periodic sweep takes whatever the
rows still hold. So Redis may evict or lose the queue, and the web process may fail to
queue at all, without losing anything: `enqueue()` logs and carries on.

Each app declares its jobs in `<app>/tasks.py` (found by huey.contrib.djhuey) with
`periodic_job`, which records every run in `PeriodicJob` (Admin > Background jobs) and
asks the app's `backlog` function what is waiting.
"""

import logging
import threading
import time
from datetime import timedelta
from functools import wraps

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.db.models import F
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, on_startup

from .models import PeriodicJob

__all__ = ["HUEY", "crontab", "enqueue", "periodic_job", "task"]

logger = logging.getLogger(__name__)

# name -> the job's backlog function (a short text: what waits for it), for the admin.
_backlogs = {}
# name -> seconds without a start after which the admin calls the job late.
_late_after = {}
# Jobs to queue once when the worker starts: what waited while it was away goes at once.
_at_start = []
_started = threading.Lock()
_started_once = False


def task(*, retries=0, retry_delay=0):
    """A task to queue with `enqueue()`; closes stale database connections around it."""
    return db_task(retries=retries, retry_delay=retry_delay)


def enqueue(queued_task, *args, **kwargs) -> bool:
    """Queue a task; False when the queue is away (the caller's rows wait for a sweep)."""
    try:
        queued_task(*args, **kwargs)
    except Exception as error:  # Redis down or full: an optimisation lost, nothing else
        logger.warning("Could not queue %s: %s", queued_task.name, error)
        return False
    return True


def periodic_job(
    schedule,
    *,
    every,
    late_after,
    retries=2,
    retry_delay=30,
    backlog=None,
    at_start=False,
):
    """Run the function on the worker at each `schedule` (a huey `crontab`).

    `every` says the schedule in words for the admin, which calls the job late (is the
    worker running?) when it has not started for `late_after` seconds. A run that raises is recorded and
    retried `retries` times, `retry_delay` seconds apart; the next tick comes anyway.
    `backlog` returns what waits for the job, shown beside it in the admin. With
    `at_start`, the worker also queues it once when it starts.
    """

    def decorator(func):
        name = func.__name__

        @wraps(func)
        def run():
            return run_recorded(name, every, func)

        periodic = db_periodic_task(
            schedule, retries=retries, retry_delay=retry_delay, name=name
        )(run)
        _late_after[name] = late_after
        if backlog is not None:
            _backlogs[name] = backlog
        if at_start:
            _at_start.append(periodic)
        return periodic

    return decorator


def every_minute_job(*, backlog=None):
    """A periodic_job that runs each minute and as the worker starts, late after three
    minutes without a start: the rhythm of the jobs that move what waits (an outbox,
    buffered counts)."""
    return periodic_job(
        crontab(), every="each minute", late_after=180, backlog=backlog, at_start=True
    )


def run_recorded(name, every, func):
    """Run `func`, recording its start, success or error and duration on its row."""
    PeriodicJob.objects.get_or_create(name=name, defaults={"schedule": every})
    PeriodicJob.objects.filter(name=name).update(
        runs=F("runs") + 1, last_started_at=timezone.now(), schedule=every
    )
    started = time.monotonic()
    try:
        result = func()
    except Exception as error:
        PeriodicJob.objects.filter(name=name).update(
            failures=F("failures") + 1,
            last_failed_at=timezone.now(),
            last_error=f"{type(error).__name__}: {error}"[:2000],
            last_duration=time.monotonic() - started,
        )
        raise
    PeriodicJob.objects.filter(name=name).update(
        last_succeeded_at=timezone.now(),
        last_result=("" if result is None else str(result))[:200],
        last_duration=time.monotonic() - started,
    )
    return result


def backlog_of(name) -> str:
    """What waits for the job, as its app reports it ("" when it reports nothing)."""
    report = _backlogs.get(name)
    if report is None:
        return ""
    try:
        return str(report())
    except Exception as error:  # the admin page must open whatever a report does
        return f"({type(error).__name__})"


def job_status(job) -> str:
    """ "late", "failing", "ok" or "never run", as the admin shows it."""
    late_after = _late_after.get(job.name)
    if job.last_started_at is None:
        return "never run"
    if late_after and timezone.now() - job.last_started_at > timedelta(
        seconds=late_after
    ):
        return "late"
    if job.last_failed_at and (
        job.last_succeeded_at is None or job.last_failed_at > job.last_succeeded_at
    ):
        return "failing"
    return "ok"


@on_startup()
def _queue_start_jobs():
    # Called by each worker thread as it starts: queue the start jobs once per process.
    global _started_once
    with _started:
        if _started_once:
            return
        _started_once = True
    for job in _at_start:
        enqueue(job)


# --- Infrastructure's own jobs ---------------------------------------------------------


@periodic_job(
    crontab(hour="4", minute="10"), every="daily, 04:10 UTC", late_after=26 * 3600
)
def signin_log_trim():
    """Delete successful sign-in records older than AGENCY_SIGNIN_LOG_DAYS."""
    removed = AxesProxyHandler.reset_logs(age_days=settings.AGENCY_SIGNIN_LOG_DAYS)
    return f"{removed} sign-in records removed"


@periodic_job(
    crontab(hour="4", minute="20"), every="daily, 04:20 UTC", late_after=26 * 3600
)
def trash_purge():
    """Delete for good what has been in the Trash longer than AGENCY_TRASH_DAYS."""
    from agency.core.trash import purge_trash

    return f"{purge_trash()} items purged from the trash"
