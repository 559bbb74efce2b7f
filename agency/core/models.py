from django.db import models


class RateCounter(models.Model):
    """Hits of one key in one rate-limit scope during its current window.

    `agency.core.ratelimit` owns it: one row per (scope, key), bumped in one statement. Keys
    are keyed hashes, never addresses or visitor ids. The table is UNLOGGED on
    PostgreSQL (no WAL: a crash of the database empties it, as if every window ended).
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    hits = models.PositiveIntegerField(default=0)
    # Unix seconds: the window ends then (plain integers compare the same in any SQL).
    window_end = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key"], name="core_ratecounter_scope_key"
            )
        ]

    def __str__(self):
        return f"{self.scope}:{self.key} = {self.hits}"
