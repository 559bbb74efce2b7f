"""Querysets whose SQL the ORM writes once a process: `WrittenOnce`.

On a page's first render after a change (nothing of it kept), the ORM writing the SQL
of a few querysets cost more than the database answering them: the article page's
article with its author and categories took 1.9 ms to write, PostgreSQL 2.1 ms to plan
and 0.3 ms to run. A `WrittenOnce` asks the ORM for the SQL once a process (with
example values standing for each run's), runs it again with each run's values, on
PostgreSQL as a prepared statement planned once a connection
(`agency.core.postgresql.fetch_all`), and turns the rows into model instances as the
ORM's own iterator does (select_related objects included).

Only for a queryset whose SQL does not change with its values (a filter on a value,
not on whether a list is empty) and that reads model instances (no values(), no
annotations, no prefetch): what the ORM would have run for these values is what runs.
"""

import datetime
import uuid

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import get_related_populators

from agency.core.postgresql import fetch_all


class WrittenOnce:
    """`build(**examples)` is the queryset; `rows(**values)` runs it with other values.

    Each example must be a value no run uses and that appears in the SQL's parameters
    only where its name's value goes (a control character in a string, a moment with
    microseconds no row has). An example missing from the parameters is an error (a
    value the ORM changed on its way into the SQL would otherwise be fixed at the
    example's), unless its name is in `may_ignore`: a value the queryset need not read
    (the moment, for a model whose rule of what is published has no schedule)."""

    def __init__(self, build, *, may_ignore=(), **examples):
        self.build = build
        self.examples = examples
        self.may_ignore = set(may_ignore)
        self._written = {}  # database alias -> _Written

    def rows(self, using=DEFAULT_DB_ALIAS, **values):
        """The queryset's model instances with `values` in place of the examples."""
        written = self._written.get(using)
        if written is None:
            written = self._written[using] = _Written(
                self.build(**self.examples).using(using),
                self.examples,
                self.may_ignore,
            )
        return written.run(**values)

    def first(self, using=DEFAULT_DB_ALIAS, **values):
        """The first instance `rows()` gives, or None."""
        found = self.rows(using, **values)
        return found[0] if found else None


def as_parameter(connection, value):
    """What a compiler puts among its parameters for `value` (SQLite's moments and
    UUIDs are text)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, uuid.UUID) and not connection.features.has_native_uuid_field:
        return value.hex
    return value


class _Written:
    """One database's SQL of a queryset, and how its rows become instances."""

    def __init__(self, queryset, examples, may_ignore):
        self.using = queryset.db
        connection = connections[self.using]  # this thread's: not kept
        compiler = queryset.query.get_compiler(using=self.using)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.places = {}
        for name, example in examples.items():
            example = as_parameter(connection, example)
            self.places[name] = [
                index for index, value in enumerate(params) if value == example
            ]
            if not self.places[name] and name not in may_ignore:
                raise ValueError(f"{name}'s example is not among the parameters")
        # As ModelIterable reads them (django.db.models.query).
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.names = [
            column[0].target.attname for column in select[self.start : self.end]
        ]
        self.populators = get_related_populators(klass_info, select, self.using)
        self.converters = list(
            compiler.get_converters(
                [column[0] for column in select[: compiler.col_count]]
            ).items()
        )

    def run(self, **values):
        if values.keys() != self.places.keys():
            raise TypeError(f"values for {sorted(self.places)}, not {sorted(values)}")
        connection = connections[self.using]
        params = list(self.params)
        for name, value in values.items():
            for index in self.places[name]:
                params[index] = as_parameter(connection, value)
        rows = fetch_all(connection, self.sql, params)
        if self.converters:  # as SQLCompiler.apply_converters
            rows = [list(row) for row in rows]
            for row in rows:
                for index, (converters, expression) in self.converters:
                    for convert in converters:
                        row[index] = convert(row[index], expression, connection)
        found = []
        for row in rows:
            obj = self.model.from_db(self.using, self.names, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            found.append(obj)
        return found
