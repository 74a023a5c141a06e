"""Heartbeat throughput: a whole school watching one lesson video at once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jindu_media .venv/bin/python bench/media_heartbeats.py

It migrates the database, creates --students signed-in users (``bench-student-N``) with
sessions and one 10-minute video, starts gunicorn on 127.0.0.1 (a free port), then every
student sends --rounds heartbeats (one per round, the first creates the progress rows) over
--concurrency keep-alive connections, as the player does: POST JSON with the CSRF cookie and
header. An untimed warm-up (heartbeats for no item, answered 400) runs first. It prints requests/s and latency percentiles per round and overall, stops gunicorn and
deletes the bench sessions and progress. Loopback only; every request has a timeout, and the
whole run is bounded by students x rounds requests.
"""

import argparse
import asyncio
import math
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from loadgen import HOST, wait_until_listening

ROOT = Path(__file__).resolve().parent.parent
USER_PREFIX = "bench-student-"
MEDIA_TITLE = "bench: heartbeat lesson video"
REQUEST_TIMEOUT = 30
STARTUP_TIMEOUT = 60
LOG_PATH = Path(os.environ.get("JINDU_VAR_DIR", ROOT / "var")) / "bench-media-gunicorn.log"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=200, help="open connections sending at once")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    args = parser.parse_args()
    if min(args.students, args.rounds, args.concurrency, args.workers, args.threads) < 1:
        parser.error("all numbers must be at least 1")
    return args


def setup_django():
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql"):
        sys.exit(
            "bench: set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/jindu_media"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jindu.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(students):
    """Bench users with fresh sessions, and the video; returns (media id, [(session key, csrf token)])."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.utils import timezone
    from wagtailmedia.models import get_media_model

    from media.models import WatchProgress

    call_command("migrate", verbosity=0)
    User = get_user_model()
    existing = set(User.objects.filter(username__startswith=USER_PREFIX).values_list("username", flat=True))
    User.objects.bulk_create(
        [
            User(username=f"{USER_PREFIX}{n}", display_name=f"压测学生{n}", password="!")
            for n in range(students)
            if f"{USER_PREFIX}{n}" not in existing
        ],
        batch_size=1000,
    )
    users = list(User.objects.filter(username__startswith=USER_PREFIX).order_by("pk")[:students])

    Media = get_media_model()
    media = Media.objects.filter(title=MEDIA_TITLE).first()
    if media is None:
        media = Media.objects.create(
            title=MEDIA_TITLE, type="video", duration=600, file=ContentFile(b"\0", name="bench.mp4")
        )
    WatchProgress.objects.filter(media=media).delete()

    expiry = timezone.now() + timezone.timedelta(hours=1)
    store = SessionStore()
    backend = "jindu.auth.ModelBackend"  # jindu.auth.SESSION_BACKEND
    sessions, credentials = [], []
    for user in users:
        key = secrets.token_hex(16)
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend, HASH_SESSION_KEY: user.get_session_auth_hash()}
        sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expiry))
        credentials.append((key, secrets.token_hex(16)))
    Session.objects.bulk_create(sessions, batch_size=1000)
    return media.pk, credentials


def cleanup(media_id, credentials):
    from django.contrib.sessions.models import Session

    from media.models import WatchProgress

    Session.objects.filter(session_key__in=[key for key, _token in credentials]).delete()
    WatchProgress.objects.filter(media_id=media_id).delete()


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(port, workers, threads):
    env = {**os.environ, "DATABASE_CONN_MAX_AGE": "60"}
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "jindu.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--log-level=warning",
        "--timeout=60",
        # Load Django once in the master so every worker starts warm.
        "--preload",
    ]
    # Django logs every 400 of the warm-up; keep that out of the report.
    log = open(LOG_PATH, "w")  # closed when this process ends
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)
    if wait_until_listening(server, port, STARTUP_TIMEOUT, LOG_PATH):
        return server
    stop_server(server)
    sys.exit("bench: gunicorn did not start in time")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def heartbeat_request(port, media_id, session_key, token, position):
    body = f'{{"media": {media_id}, "position": {position}}}'.encode()
    head = (
        f"POST /watch/heartbeat/ HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"Cookie: sessionid={session_key}; csrftoken={token}\r\nX-CSRFToken: {token}\r\n"
        "Connection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


async def read_response(reader):
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    length, close = 0, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _sep, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "connection" and value.strip().lower() == "close":
            close = True
    await reader.readexactly(length)
    return status, close


async def run_round(port, media_id, credentials, position, concurrency):
    queue = asyncio.Queue()
    for key, token in credentials:
        queue.put_nowait((key, token))
    latencies, statuses = [], {}

    async def connection_worker():
        reader = writer = None
        try:
            while not queue.empty():
                key, token = queue.get_nowait()
                if writer is None:
                    reader, writer = await asyncio.open_connection(HOST, port)
                start = time.perf_counter()
                writer.write(heartbeat_request(port, media_id, key, token, position))
                try:
                    status, close = await asyncio.wait_for(read_response(reader), REQUEST_TIMEOUT)
                except (TimeoutError, ConnectionError, asyncio.IncompleteReadError):
                    status, close = "error", True
                latencies.append(time.perf_counter() - start)
                statuses[status] = statuses.get(status, 0) + 1
                if close:
                    writer.close()
                    reader = writer = None
        finally:
            if writer is not None:
                writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(connection_worker() for _ in range(min(concurrency, len(credentials)))))
    return time.perf_counter() - start, latencies, statuses


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def report(name, seconds, latencies, statuses):
    ms = [value * 1000 for value in latencies]
    print(
        f"{name:<9}{len(ms):>8}{len(ms) / seconds:>10.0f}{statistics.median(ms):>9.1f}"
        f"{percentile(ms, 0.95):>9.1f}{percentile(ms, 0.99):>9.1f}{max(ms):>9.1f}   {dict(sorted(statuses.items(), key=str))}"
    )


def database_version():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def main():
    args = parse_args()
    setup_django()
    from django.db import connection

    print(
        f"PostgreSQL {database_version()} ({connection.settings_dict['NAME']}); preparing {args.students} students..."
    )
    media_id, credentials = prepare(args.students)
    connection.close()
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    print(
        f"gunicorn on {HOST}:{port}: {args.workers} workers x {args.threads} threads; "
        f"{args.concurrency} connections; {args.rounds} rounds of {args.students} heartbeats"
    )
    # Untimed warm-up: a heartbeat for no item (400) runs the whole stack in every thread, writes nothing.
    warm_up = credentials[: args.workers * args.threads * 4]
    _seconds, _latencies, statuses = asyncio.run(run_round(port, 0, warm_up, 0, args.concurrency))
    print(f"warm-up: {len(warm_up)} requests, statuses {statuses}")
    print(f"{'round':<9}{'requests':>8}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}   statuses")
    all_latencies, all_statuses, total_seconds = [], {}, 0.0
    try:
        for number in range(args.rounds):
            seconds, latencies, statuses = asyncio.run(
                run_round(port, media_id, credentials, number * 15, args.concurrency)
            )
            report(f"{number + 1}", seconds, latencies, statuses)
            all_latencies += latencies
            total_seconds += seconds
            for status, count in statuses.items():
                all_statuses[status] = all_statuses.get(status, 0) + count
        report("overall", total_seconds, all_latencies, all_statuses)
    finally:
        stop_server(server)
        from media.models import WatchProgress

        rows = WatchProgress.objects.filter(media_id=media_id).count()
        print(f"Progress rows: {rows} (one per student expected); server log: {LOG_PATH}")
        cleanup(media_id, credentials)


if __name__ == "__main__":
    main()
