"""Benchmark: N students start and submit a 20-question contest paper under gunicorn on loopback.

Run from the project root, against PostgreSQL (the bench makes and uses its own database,
jindu_bench_education, on the server DATABASE_URL points at):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/education_contest.py [--students 2000] [--concurrency 32] [--workers 5]

Phase 1 starts one attempt per student (not timed for the target). Phase 2 submits every paper
at once from `concurrency` client threads, and re-submits a tenth of them concurrently as a
double-click would. It reports submissions/s and p50/p99 latency of phase 2, then checks that
every acknowledged submission (a 302 to the result) is stored exactly once and every duplicate
was refused with a 400.
"""

import argparse
import http.client
import math
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "jindu_bench_education"
QUESTIONS = 60
PAPER = 20


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes")
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


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "jindu.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(students):
    """A site, a 60-question bank, a contest drawing 20, and signed-in sessions for the students."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from wagtail.models import Page, Site

    from education.factories import QuestionFactory, QuizPageFactory, make_student
    from education.models import QuizAudience
    from jindu.factories import HomePageFactory

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="bench-home")
    Site.objects.all().delete()
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=home, is_default_site=True, site_name="bench")
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
    cookies = []
    for number in range(students):
        user = make_student(username=f"bench{number}", display_name=f"学生{number}")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        csrf = secrets.token_hex(16)
        cookies.append((f"sessionid={session.session_key}; csrftoken={csrf}", csrf))
    return contest, cookies


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port, workers, url):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "jindu.settings.test",
        "DATABASE_CONN_MAX_AGE": "600",
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "jindu.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("bench: gunicorn did not start")


def post(port, path, cookie, csrf, body):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {
        "Cookie": cookie,
        "X-CSRFToken": csrf,
        "Content-Type": "application/x-www-form-urlencoded",
        "Host": "127.0.0.1",
    }
    started = time.perf_counter()
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Location", ""), (time.perf_counter() - started) * 1000


def run_parallel(jobs, concurrency):
    results = [None] * len(jobs)
    cursor = iter(range(len(jobs)))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                return
            results[index] = jobs[index]()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def answers_body(attempt, rng):
    from urllib.parse import urlencode

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
    setup_django(url)
    from django.db import connection

    from education.models import Attempt, Result

    print(f"Building {args.students} students and a {PAPER}-question contest...", flush=True)
    contest, cookies = build(args.students)
    connection.close()
    port = free_port()
    server = start_gunicorn(port, args.workers, url)
    try:
        start_path = f"/quiz/{contest.pk}/start/"
        starts, start_seconds = run_parallel(
            [lambda c=c: post(port, start_path, c[0], c[1], "") for c in cookies], args.concurrency
        )
        tokens = [location.rstrip("/").rsplit("/", 1)[-1] for status, location, _ms in starts if status == 302]
        print(
            f"Phase 1: {len(tokens)}/{len(cookies)} attempts started in {start_seconds:.1f} s ({len(tokens) / start_seconds:.0f}/s)"
        )

        rng = random.Random(26)
        attempts = {
            attempt.token: attempt for attempt in Attempt.objects.filter(token__in=tokens).select_related("user")
        }
        cookie_of = {f"bench{number}": cookie for number, cookie in enumerate(cookies)}
        jobs = []
        for token in tokens:
            attempt = attempts[token]
            cookie, csrf = cookie_of[attempt.user.username]
            body = answers_body(attempt, rng)
            path = f"/quiz/attempt/{token}/"
            copies = 2 if rng.random() < 0.1 else 1
            for _copy in range(copies):
                jobs.append((token, lambda p=path, c=cookie, t=csrf, b=body: post(port, p, c, t, b)))
        rng.shuffle(jobs)
        connection.close()
        outcomes, seconds = run_parallel([job for _token, job in jobs], args.concurrency)
    finally:
        server.terminate()
        server.wait()

    latencies = [ms for _status, _location, ms in outcomes]
    acknowledged = [token for (token, _job), (status, _l, _ms) in zip(jobs, outcomes, strict=True) if status == 302]
    refused = sum(1 for status, _l, _ms in outcomes if status == 400)
    other = [status for status, _l, _ms in outcomes if status not in (302, 400)]
    stored = Result.objects.filter(attempt__token__in=tokens).count()
    duplicates_acknowledged = len(acknowledged) - len(set(acknowledged))
    exactly_once = not other and duplicates_acknowledged == 0 and stored == len(set(acknowledged)) == len(tokens)
    print(
        f"Phase 2: {len(outcomes)} submissions ({len(outcomes) - len(tokens)} duplicates) from {args.concurrency} clients "
        f"to {args.workers} gunicorn workers in {seconds:.2f} s"
    )
    print(f"  submissions/s: {len(outcomes) / seconds:.0f}   acknowledged/s: {len(acknowledged) / seconds:.0f}")
    print(f"  latency ms: p50 {percentile(latencies, 0.5):.1f}   p99 {percentile(latencies, 0.99):.1f}")
    print(
        f"  acknowledged {len(acknowledged)}, refused duplicates {refused}, other statuses {other[:5]}, results stored {stored}"
    )
    print(f"  every acknowledged submission stored exactly once: {'yes' if exactly_once else 'NO'}")
    sys.exit(0 if exactly_once else 1)


if __name__ == "__main__":
    main()
