"""The submit path's reads and writes, one statement each, written out in SQL on purpose.

A whole school submits a contest paper within the same minute (bench/education_contest.py). On a
2-core server, compiling the ORM query that reads the attempt cost about 2 ms of CPU, four times
what the same SQL costs through `Manager.raw()`, so the statements a submission needs are built
here once per database vendor from the models' own table and column names; the values written pass
through the fields' own conversions. The database still decides every race: the result's primary
key (one result per attempt) and the certificate's unique (quiz, user) key.
"""

import functools

from django.db import connection, transaction
from django.db.models import DEFERRED

from education.models import Attempt, Certificate, LessonPage, QuizPage, Result

# The attempt's columns the submit path reads; the rest (started_at) stays deferred.
ATTEMPT_FIELDS = ("id", "token", "quiz_id", "user_id", "region_id", "paper", "saved_answers", "deadline")
RESULT_FIELDS = (
    "attempt_id",
    "quiz_id",
    "user_id",
    "region_id",
    "submitted_at",
    "correct_count",
    "question_count",
    "score",
    "passed",
    "timed_out",
    "details",
)


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, attname):
    return connection.ops.quote_name(_field(model, attname).column)


def _field(model, attname):
    return next(field for field in model._meta.get_fields() if getattr(field, "attname", None) == attname)


def _fields(model, attnames):
    return [_field(model, attname) for attname in attnames]


@functools.cache
def _attempt_statement(vendor):
    """SELECT the attempt, its quiz's marking rules, whether it has a result and whether a lesson uses the quiz."""
    attempt_columns = ", ".join(f"a.{_column(Attempt, name)}" for name in ATTEMPT_FIELDS)
    quiz_key = f"a.{_column(Attempt, 'quiz_id')}"
    return (
        f"SELECT {attempt_columns}, "
        f"q.{_column(QuizPage, 'is_contest')} AS quiz_is_contest, q.{_column(QuizPage, 'pass_mark')} AS quiz_pass_mark, "
        f"EXISTS (SELECT 1 FROM {_table(Result)} r WHERE r.{_column(Result, 'attempt_id')} = a.{_column(Attempt, 'id')}) "
        "AS result_exists, "
        # Any lesson, live or not: completion then asks which live lessons use the quiz. Leaving
        # the page table out of this query keeps PostgreSQL's planning of it cheap.
        f"EXISTS (SELECT 1 FROM {_table(LessonPage)} l WHERE l.{_column(LessonPage, 'quiz_id')} = {quiz_key}) "
        "AS quiz_in_lessons "
        # The page's own id equals the quiz row's page_ptr_id, so the parent table needs no join.
        f"FROM {_table(Attempt)} a INNER JOIN {_table(QuizPage)} q ON q.{_column(QuizPage, 'page_ptr_id')} = {quiz_key} "
        f"WHERE a.{_column(Attempt, 'token')} = %s"
    )


def attempt_for_submit(token):
    """The attempt behind `token` with its quiz's pass mark and contest flag, in one query; None if unknown.

    `is_submitted` tells whether a result was stored when it was read, and `quiz_in_lessons` whether a
    lesson points at the quiz (completion then has work to do). Other fields load when touched.
    """
    attempt = next(iter(Attempt.objects.raw(_attempt_statement(connection.vendor), [token])), None)
    if attempt is None:
        return None
    # SQLite gives its booleans as 0 and 1.
    attempt.result_exists, attempt.quiz_in_lessons = bool(attempt.result_exists), bool(attempt.quiz_in_lessons)
    quiz_values = {
        "id": attempt.quiz_id,
        "page_ptr_id": attempt.quiz_id,
        "is_contest": bool(attempt.quiz_is_contest),
        "pass_mark": attempt.quiz_pass_mark,
    }
    # Model.from_db() as its documentation calls it: every field in order, the ones not read deferred.
    values = [quiz_values.get(field.attname, DEFERRED) for field in QuizPage._meta.concrete_fields]
    attempt.quiz = QuizPage.from_db(connection.alias, list(quiz_values), values)
    if attempt.result_exists:
        # The stored result as an instance whose fields load when touched.
        attempt.result = Result.from_db(connection.alias, ("attempt_id",), (attempt.pk,))
    return attempt


def _values(fields, instance):
    return [field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields]


@functools.cache
def _result_statement(vendor):
    columns = ", ".join(_column(Result, name) for name in RESULT_FIELDS)
    placeholders = ", ".join(["%s"] * len(RESULT_FIELDS))
    key = _column(Result, "attempt_id")
    sql = (
        f"INSERT INTO {_table(Result)} ({columns}) VALUES ({placeholders}) "
        f"ON CONFLICT ({key}) DO NOTHING RETURNING {key}"
    )
    return sql, _fields(Result, RESULT_FIELDS)


CERTIFICATE_FIELDS = ("code", "quiz_id", "user_id", "result_id", "issued_at")


def _certificate_upsert(rows):
    """INSERT the certificate `rows` give, or point an existing one at a strictly better result (score last)."""
    table = _table(Certificate)
    result_key = _column(Certificate, "result_id")
    columns = ", ".join(_column(Certificate, name) for name in CERTIFICATE_FIELDS)
    return (
        f"INSERT INTO {table} ({columns}) {rows} "
        f"ON CONFLICT ({_column(Certificate, 'quiz_id')}, {_column(Certificate, 'user_id')}) "
        f"DO UPDATE SET {result_key} = excluded.{result_key} "
        f"WHERE (SELECT r.{_column(Result, 'score')} FROM {_table(Result)} r "
        f"WHERE r.{_column(Result, 'attempt_id')} = {table}.{result_key}) < %s"
    )


@functools.cache
def _certificate_statement(vendor):
    placeholders = ", ".join(["%s"] * len(CERTIFICATE_FIELDS))
    return _certificate_upsert(f"VALUES ({placeholders})"), _fields(Certificate, CERTIFICATE_FIELDS)


@functools.cache
def _certified_result_statement(vendor):
    """PostgreSQL: the result and, only if it was stored, its certificate, in one statement.

    Both inserts see the same snapshot, so the certificate's comparison reads the score of the
    result it showed before; the foreign keys are checked when the statement ends.
    """
    insert_result = _result_statement(vendor)[0]
    key = _column(Result, "attempt_id")
    # Every certificate column but result_id comes as a parameter; result_id is the stored key.
    selected = ", ".join(key if name == "result_id" else "%s" for name in CERTIFICATE_FIELDS)
    sql = (
        f"WITH stored AS ({insert_result}), "
        f"certified AS ({_certificate_upsert(f'SELECT {selected} FROM stored')}) "
        f"SELECT {key} FROM stored"
    )
    fields = [field for field in _fields(Certificate, CERTIFICATE_FIELDS) if field.attname != "result_id"]
    return sql, fields


def _certificate_for(result):
    """A new certificate for `result`, its code and issue time from the model's defaults."""
    return Certificate(quiz_id=result.quiz_id, user_id=result.user_id, result_id=result.attempt_id)


def store_result(result, certify=False):
    """Store `result` unless its attempt already has one; True when stored.

    With `certify`, the stored result also issues the taker's certificate, or moves it here when
    this score beats the one it shows. PostgreSQL does both in one statement, so a submission costs
    one round trip and one commit; other databases run the two statements in one transaction.
    """
    result_sql, result_fields = _result_statement(connection.vendor)
    values = _values(result_fields, result)
    if not certify:  # one statement: atomic without a transaction around it
        with connection.cursor() as cursor:
            cursor.execute(result_sql, values)
            stored = cursor.fetchone() is not None
    elif connection.vendor == "postgresql":
        sql, certificate_fields = _certified_result_statement(connection.vendor)
        certificate_values = _values(certificate_fields, _certificate_for(result))
        with connection.cursor() as cursor:
            cursor.execute(sql, [*values, *certificate_values, result.score])
            stored = cursor.fetchone() is not None
    else:
        sql, certificate_fields = _certificate_statement(connection.vendor)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(result_sql, values)
            stored = cursor.fetchone() is not None
            if stored:
                cursor.execute(sql, [*_values(certificate_fields, _certificate_for(result)), result.score])
    if stored:
        result.attempt.result = result
        result.attempt.result_exists = True
    return stored
