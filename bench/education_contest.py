"""Benchmark: N students start and submit a 20-question contest paper under gunicorn on loopback.

Run from the project root, against PostgreSQL and Redis (the bench makes and uses its own
database, jindu_bench_education or the one BENCH_DB_NAME names, on the server DATABASE_URL points at,
and empties Redis database 9, or the one BENCH_REDIS_URL names):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/education_contest.py [--students 1000] [--concurrency 16] [--workers 2] [--threads 2]

What runs is what production runs: jindu.settings.production, given only the environment a
deployment gives it (SECRET_KEY, ALLOWED_HOSTS, WAGTAILADMIN_BASE_URL, DATABASE_URL, REDIS_URL, so
sessions are cached in Redis; JINDU_VAR_DIR points at var/bench-education, where the bench
collects the static files). Gunicorn runs gthread workers on 127.0.0.1 (sync workers, which close
every connection, measured no better), and the load generator
speaks to it as nginx would with upstream keep-alive: each client thread holds one HTTP/1.1
connection and sends requests from many students over it, every request carrying its student's
session cookie, CSRF cookie and X-CSRFToken header, an Origin header and X-Forwarded-Proto: https.
Request bytes are built before the clock starts.

Phase 1 starts one attempt per student (not timed for the target). Phase 2 submits every paper
at once from `concurrency` client threads, and re-submits a tenth of them concurrently as a
double-click would. It reports submissions/s and p50/p99 latency of phase 2, the CPU time each
side spent per submission (gunicorn, the PostgreSQL backends of this database, the load
generator: on a busy machine their sum says what an idle one could do), then checks that every
acknowledged submission (a 302 to the result) is stored exactly once and every duplicate was
refused with a 400.

--ceiling also sends phase 2's very requests (same students, cookies and bodies) to a trivial view
that reads the form and the signed-in user and redirects (bench/ceiling_urls.py, served with
bench/ceiling_settings.py: production settings plus that URL), just before and just after the
submissions on the same server, and reports submissions/s as a fraction of it: a figure a shared,
busy machine cannot move much. The trivial view's figures are what Django,
its middleware, the session and the user cost here before the submit view does any work.
"""

import argparse
import os
import random
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from loadgen import HOST, cpu_seconds, free_port, request_bytes, run_parallel, server_pids, start_gunicorn
from measuring import percentile

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.environ.get("BENCH_DB_NAME", "jindu_bench_education")
QUESTIONS = 60
PAPER = 20
VAR_DIR = ROOT / "var" / "bench-education"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16, help="client threads, one connection each")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker (README, Deploying)")
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="also post phase 2's requests to a trivial signed-in view (bench/ceiling_urls.py) before and after",
    )
    parser.add_argument(
        "--worker-class", default="gthread", choices=["gthread", "sync"], help="sync closes every connection"
    )
    return parser.parse_args()


def database_url():
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit("bench: set DATABASE_URL to a PostgreSQL server (the bench creates its own database there).")
    import psycopg
    from psycopg import sql

    with psycopg.connect(urlunsplit(parts._replace(scheme="postgresql", path="/postgres")), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
    return urlunsplit(parts._replace(path=f"/{DB_NAME}"))


def production_environment(url):
    """The variables a deployment sets (README, Deploying); nothing else is overridden."""
    return {
        "DJANGO_SETTINGS_MODULE": "jindu.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "WAGTAILADMIN_BASE_URL": f"https://{HOST}",
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        "JINDU_VAR_DIR": str(VAR_DIR),
    }


def setup_django(environment):
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    cache.clear()  # the bench's own Redis database: no sessions or site caches of an earlier run
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def build(students):
    """A site, a 60-question bank, a contest drawing 20, and signed-in sessions for the students."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from wagtail.models import Page, Site

    from education.factories import QuestionFactory, QuizPageFactory
    from education.models import QuizAudience
    from jindu.factories import HomePageFactory
    from schools.students import STUDENTS_GROUP

    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="bench-home")
    Site.objects.all().delete()
    Site.objects.create(hostname=HOST, port=80, root_page=home, is_default_site=True, site_name="bench")
    for number in range(QUESTIONS):
        QuestionFactory(stem=f"第{number}题：下列哪一种是毒品？", band="junior", tags=["竞赛"])
    contest = QuizPageFactory(
        parent=home,
        slug="contest",
        audience=QuizAudience.STUDENTS,
        is_contest=True,
        shuffle_questions=True,
        shuffle_options=True,
        time_limit_minutes=30,
        rules=[{"count": PAPER, "tag": "竞赛"}],
    )
    # Students sign in with sessions made here, so no password is ever checked: skip the hashing.
    User = get_user_model()
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"bench{n}", display_name=f"学生{n}", password=unusable) for n in range(students)]
    )
    group, _created = Group.objects.get_or_create(name=STUDENTS_GROUP)
    User.groups.through.objects.bulk_create([User.groups.through(user_id=user.pk, group_id=group.pk) for user in users])
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = {}
    for user in users:
        session = store_class()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "jindu.auth.ModelBackend"  # jindu.auth.SESSION_BACKEND
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        csrf = secrets.token_hex(16)  # a CSRF secret as Django's cookie holds it
        cookies[user.pk] = (f"{settings.SESSION_COOKIE_NAME}={session.session_key}; csrftoken={csrf}", csrf)
    return contest, cookies


def start_server(port, args, environment):
    if args.ceiling:
        environment = {**environment, "DJANGO_SETTINGS_MODULE": "ceiling_settings"}
    return start_gunicorn(
        port, environment, VAR_DIR / "gunicorn.log", args.workers, args.threads, worker_class=args.worker_class
    )


def database_pids():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [DB_NAME])
        return [row[0] for row in cursor.fetchall()]


def answers_body(attempt, rng):
    from education import grading

    fields = []
    for position, item in enumerate(attempt.paper):
        chosen = item["correct"] if rng.random() < 0.85 else item["options"][-1:]
        for option in chosen:
            fields.append((grading.field_name(position), grading.option_value(item["options"].index(option))))
    return urlencode(fields)


def main():
    args = parse_args()
    url = database_url()
    environment = production_environment(url)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    setup_django(environment)
    from django.db import connection

    from education.models import Attempt, Result

    print(f"Building {args.students} students and a {PAPER}-question contest...", flush=True)
    contest, cookies = build(args.students)
    connection.close()
    port = free_port()
    server = start_server(port, args, environment)
    try:
        start_path = f"/quiz/{contest.pk}/start/"
        starts, start_seconds = run_parallel(
            port, [request_bytes(start_path, *cookie) for cookie in cookies.values()], args.concurrency
        )
        tokens = [location.rstrip("/").rsplit("/", 1)[-1] for status, location, _ms in starts if status == 302]
        print(
            f"Phase 1: {len(tokens)}/{len(cookies)} attempts started in {start_seconds:.1f} s "
            f"({len(tokens) / start_seconds:.0f}/s)"
        )

        rng = random.Random(26)
        jobs = []
        for attempt in Attempt.objects.filter(token__in=tokens).order_by("token"):
            body = answers_body(attempt, rng)
            raw = request_bytes(f"/quiz/attempt/{attempt.token}/", *cookies[attempt.user_id], body)
            trivial = request_bytes("/bench/ceiling/", *cookies[attempt.user_id], body)
            jobs.extend([(attempt.token, raw, trivial)] * (2 if rng.random() < 0.1 else 1))
        rng.shuffle(jobs)
        pids = server_pids(server), database_pids()
        connection.close()
        ceilings = [ceiling_rate(port, jobs, args)] if args.ceiling else []
        before = cpu_seconds(pids[0]), cpu_seconds(pids[1]), time.process_time()
        outcomes, seconds = run_parallel(port, [raw for _token, raw, _trivial in jobs], args.concurrency)
        after = cpu_seconds(pids[0]), cpu_seconds(pids[1]), time.process_time()
        if args.ceiling:
            ceilings.append(ceiling_rate(port, jobs, args))
    finally:
        server.terminate()
        server.wait()

    spent = [(later - earlier) * 1000 / len(outcomes) for earlier, later in zip(before, after, strict=True)]
    print(
        f"Phase 2: {len(outcomes)} submissions ({len(outcomes) - len(tokens)} duplicates) from {args.concurrency} "
        f"clients to {args.workers} gunicorn workers x {args.threads} threads in {seconds:.2f} s"
    )
    report_speed(outcomes, seconds, spent)
    if ceilings:
        ceiling = sum(ceilings) / len(ceilings)
        print(
            f"  ceiling (the same posts to a trivial signed-in view, before {ceilings[0]:.0f}/s and after "
            f"{ceilings[1]:.0f}/s): submissions/s are {len(outcomes) / seconds / ceiling:.1%} of it"
        )
    acknowledged = [token for (token, _raw, _t), (status, _l, _ms) in zip(jobs, outcomes, strict=True) if status == 302]
    refused = sum(1 for status, _l, _ms in outcomes if status == 400)
    other = [status for status, _l, _ms in outcomes if status not in (302, 400)]
    stored = Result.objects.filter(attempt__token__in=tokens).count()
    duplicates_acknowledged = len(acknowledged) - len(set(acknowledged))
    exactly_once = not other and duplicates_acknowledged == 0 and stored == len(set(acknowledged)) == len(tokens)
    exactly_once = exactly_once and refused == len(jobs) - len(tokens)
    print(f"  acknowledged/s: {len(acknowledged) / seconds:.0f}")
    print(
        f"  acknowledged {len(acknowledged)}, refused duplicates {refused}, other statuses {other[:5]}, results stored {stored}"
    )
    print(f"  every acknowledged submission stored exactly once: {'yes' if exactly_once else 'NO'}")
    sys.exit(0 if exactly_once else 1)


def ceiling_rate(port, jobs, args):
    """Posts/s of phase 2's requests sent to the trivial view instead of the submit view."""
    outcomes, seconds = run_parallel(port, [trivial for _token, _raw, trivial in jobs], args.concurrency)
    statuses = sorted({status for status, _l, _ms in outcomes})
    if statuses != [302]:
        sys.exit(f"bench: the trivial view answered {statuses}; see {VAR_DIR / 'gunicorn.log'}")
    return len(outcomes) / seconds


def report_speed(outcomes, seconds, spent):
    latencies = [ms for _status, _location, ms in outcomes]
    print(f"  submissions/s: {len(outcomes) / seconds:.0f}")
    print(f"  latency ms: p50 {percentile(latencies, 0.5):.1f}   p99 {percentile(latencies, 0.99):.1f}")
    print(
        f"  CPU ms per request: gunicorn {spent[0]:.2f}, PostgreSQL {spent[1]:.2f}, load generator {spent[2]:.2f}; "
        f"{2000 / sum(spent):.0f}/s if two idle cores did nothing else"
    )


if __name__ == "__main__":
    main()
