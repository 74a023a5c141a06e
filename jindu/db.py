"""Prepared statements for the few fixed statements that run on nearly every request.

Django sends PostgreSQL each query with its values written in (client-side binding), so the
server parses and plans it anew every time. For the contest submit path that planning cost more
than running the statements: PostgreSQL spent about 0.44 ms on the attempt lookup as Django sends
it, 0.18 ms once prepared (`bench/education_contest.py`). `prepared_cursor()` gives a cursor that
binds values server-side, so psycopg prepares each statement after a few runs on a connection
(`prepare_threshold` in the database OPTIONS, settings/base.py) and runs the plan from then on.

Only statements whose text never changes should use it: each distinct text is prepared once per
connection. Queries Django builds keep Django's cursor. The cursor is wrapped as Django wraps its
own, so query logging, execute wrappers and the per-request health check all still apply.
Other databases get Django's cursor.
"""

import contextlib

from django.db import connection as default_connection
from django.db.backends.utils import CursorDebugWrapper


@contextlib.contextmanager
def prepared_cursor(connection=default_connection):
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    # What connection.cursor() does, with a server-binding cursor in place of the client-binding one.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        raw = ServerBindingCursor(connection.connection)
    wrapped = _LoggedCursor(raw, connection) if connection.queries_logged else connection.make_cursor(raw)
    with wrapped as cursor:
        yield cursor


def convert_row(values, converters, connection):
    """`values` as a queryset would return them: `converters` holds (expression, functions) per column."""
    converted = []
    for value, (expression, functions) in zip(values, converters, strict=True):
        for function in functions:
            value = function(value, expression, connection)
        converted.append(value)
    return converted


class _LoggedCursor(CursorDebugWrapper):
    """Django's query log, with the statement as sent: Django reads that back from client-binding cursors only."""

    def debug_sql(self, sql=None, params=None, use_last_executed_query=False, many=False):
        if use_last_executed_query and not many:
            sql = self.db.ops.compose_sql(sql, params)
        return super().debug_sql(sql, params, use_last_executed_query=False, many=many)
