"""Search across the apps: the search page shows, beside its own results, what other
apps find for the same words.

This module names no app. A finder is handed over in an `AppConfig.ready()`, as apps
subclass `Sitemap` for django.contrib.sitemaps, and the search page asks every finder
for a few matches.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    """One thing found: what kind of thing it is (as a visitor reads it), its title,
    its address and a line about it."""

    kind: str
    title: str
    url: str
    summary: str = ""


_finders = []


def finds_with(finder):
    """Register `finder(query, *, limit)`, which returns at most `limit` Matches."""
    if finder not in _finders:
        _finders.append(finder)
    return finder


def find_elsewhere(query, *, limit):
    """Return at most `limit` Matches of `query` from the registered finders, in the
    order they were registered, each finder's best first."""
    found = []
    for finder in _finders:
        if len(found) >= limit:
            break
        found.extend(finder(query, limit=limit - len(found)))
    return found[:limit]
