"""Public pages under gunicorn as fractions of Django's ceiling, kept by the page cache and rendered fresh.

Run from the project root on an idle machine, against a site with content (the demo: `make run`
once, or DATABASE_URL pointing at a loaded database):

    .venv/bin/python bench/public_pages.py [--redis redis://127.0.0.1:6379/3] [--requests 400] [PATH …]

gunicorn serves production settings plus a trivial anonymous GET (bench/ceiling_urls.py) with
2 workers x 2 threads on loopback. For each path it sends keep-alive GETs from 4 clients: the
address itself (a reader of a kept page once the page cache is on) and the address with a
parameter no page reads (`?fresh=1`: rendered for the reader, as for a signed-in reader or
after an edit). Each figure is req/s and its fraction of the trivial view's req/s, measured
just before and after it in the same run. With --redis the whole run is repeated with REDIS_URL set (Redis cache, the
page cache on), so the table shows what the page cache and its lookups cost or save.
The server's var/ is var/bench-public/: the static files collected for production's storage and a
copy of --uploads (default var/uploads), whose images get their renditions made on first view, so
point DATABASE_URL at a copy of the site's database (`createdb -T jindu_demo jindu_bench_demo`).
A last figure compares the ceiling with and without REDIS_URL on two servers taking turns.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from loadgen import HOST, ROOT, Connection, cpu_seconds, free_port, log_tail, run_parallel, server_pids, start_gunicorn

# The server's var/: static files collected for production's storage, and a copy of the uploads the pages show.
VAR_DIR = ROOT / "var" / "bench-public"
LOG_PATH = VAR_DIR / "gunicorn.log"
ANSWER_SECONDS = 30
DEMO_PATHS = ["/", "/knowledge/", "/knowledge/meth-harms/", "/media/", "/media/refuse-first-puff/", "/shows/"]
CEILING = "/bench/ceiling-get/"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=DEMO_PATHS)
    parser.add_argument("--redis", help="also run with this REDIS_URL (use a database of its own, e.g. /3)")
    parser.add_argument("--requests", type=int, default=400, help="requests per figure")
    parser.add_argument("--concurrency", type=int, default=4)
    add_uploads_argument(parser)
    return parser.parse_args()


def add_uploads_argument(parser):
    parser.add_argument(
        "--uploads",
        default=str(ROOT / "var" / "uploads"),
        help="the uploads folder of the site's database (copied, so the pages show their images as in production)",
    )


def get_bytes(path):
    return f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nX-Forwarded-Proto: https\r\n\r\n".encode()


def production_environment(environment):
    return {
        "DJANGO_SETTINGS_MODULE": "ceiling_settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + "x" * 50),
        "ALLOWED_HOSTS": HOST,
        "WAGTAILADMIN_BASE_URL": os.environ.get("WAGTAILADMIN_BASE_URL", "https://jindu.example.cn"),
        "JINDU_VAR_DIR": str(VAR_DIR),
        **environment,
    }


def prepare_var_dir(uploads):
    """Production's static storage serves names from the manifest collectstatic writes; without it every page is a 500."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if Path(uploads).is_dir():
        shutil.copytree(uploads, VAR_DIR / "uploads", dirs_exist_ok=True)
    else:
        print(f"bench: no uploads at {uploads}; the pages show no images (--uploads names the folder)", flush=True)
    print("collectstatic (production settings)...", flush=True)
    environment = {**os.environ, **production_environment({"REDIS_URL": ""})}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0", f"--pythonpath={ROOT / 'bench'}"],
        cwd=ROOT,
        env=environment,
        check=True,
    )


def rate(port, path, args):
    run_parallel(port, [get_bytes(path)] * (args.concurrency * 5), args.concurrency)  # warm every thread
    results, seconds = run_parallel(port, [get_bytes(path)] * args.requests, args.concurrency)
    statuses = {status for status, _location, _ms in results}
    if statuses != {200}:
        sys.exit(f"bench: {path} answered {sorted(statuses)}; the server's log ends:\n{log_tail(LOG_PATH)}")
    return args.requests / seconds


def check_answers(port, paths):
    """One GET of each address, with a short timeout, so a broken page stops the bench at once and says why."""
    for path in paths:
        connection = Connection(port, timeout=ANSWER_SECONDS)
        status, _location, milliseconds = connection.send(get_bytes(path))
        connection.close()
        if status != 200:
            answer = f"answered {status}" if status else f"gave no answer in {ANSWER_SECONDS} s"
            sys.exit(f"bench: {path} {answer}; the server's log ends:\n{log_tail(LOG_PATH)}")
        print(f"  {path}: 200 in {milliseconds:.0f} ms", flush=True)


def run(args, label, environment):
    """Each path's figures beside a ceiling measured just before and just after them (the machine may be shared)."""
    port = free_port()
    print(f"{label}: gunicorn on port {port}, log in {LOG_PATH}", flush=True)
    server = start_gunicorn(port, production_environment(environment), LOG_PATH)
    try:
        check_answers(port, [CEILING, *args.paths])
        ceilings = [rate(port, CEILING, args)]
        rows = []
        for path in args.paths:
            fresh = path + ("&" if "?" in path else "?") + "fresh=1"
            kept, rendered = rate(port, path, args), rate(port, fresh, args)
            ceilings.append(rate(port, CEILING, args))
            rows.append((path, kept, rendered, (ceilings[-2] + ceilings[-1]) / 2))
            print(f"  {path}: {kept:.0f} req/s as kept, {rendered:.0f} req/s rendered fresh", flush=True)
    finally:
        server.terminate()
        server.wait()
    ceiling = sum(ceilings) / len(ceilings)
    print(
        f"\n{label}: ceiling (trivial anonymous GET) {ceiling:.0f} req/s (from {min(ceilings):.0f} to {max(ceilings):.0f})"
    )
    print(f"  {'path':32} {'as kept':>18} {'rendered fresh':>18}")
    for path, kept, fresh, near in rows:
        print(f"  {path:32} {kept:7.0f} req/s {kept / near:6.1%} {fresh:7.0f} req/s {fresh / near:6.1%}")
    return ceiling, rows


def compare_ceilings(args, redis_url, rounds=10):
    """The trivial GET's req/s with REDIS_URL over without it: two servers side by side, measured in turns.

    One ceiling measured a few minutes after the other moves with the machine's load; taking turns,
    in alternating order, many times, leaves the ratio to what Redis costs each request.
    """
    burst = argparse.Namespace(**{**vars(args), "requests": args.requests * 5})
    ports = free_port(), free_port()
    servers = [
        start_gunicorn(ports[0], production_environment({"REDIS_URL": ""}), VAR_DIR / "gunicorn-without-redis.log"),
        start_gunicorn(ports[1], production_environment({"REDIS_URL": redis_url}), VAR_DIR / "gunicorn-redis.log"),
    ]
    ratios, rates, cpu = [], ([], []), [0.0, 0.0]
    try:
        for port in ports:  # gunicorn listens before it forks the workers: once this answers, they are there
            rate(port, CEILING, args)
        pids = server_pids(servers[0]), server_pids(servers[1])
        for number in range(rounds):
            order = (0, 1) if number % 2 == 0 else (1, 0)
            measured = {}
            for which in order:
                before = cpu_seconds(pids[which])
                measured[which] = rate(ports[which], CEILING, burst)
                cpu[which] += cpu_seconds(pids[which]) - before
                rates[which].append(measured[which])
            ratios.append(measured[1] / measured[0])
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    # gunicorn's CPU per request does not depend on how the clients' connections fell between the two workers.
    cpu_ms = [seconds * 1000 / (rounds * burst.requests) for seconds in cpu]
    result = {
        "ratio": statistics.median(ratios),
        "lowest": min(ratios),
        "highest": max(ratios),
        "without": statistics.median(rates[0]),
        "with": statistics.median(rates[1]),
        "cpu_ms_without": cpu_ms[0],
        "cpu_ms_with": cpu_ms[1],
    }
    print(
        f"\nceiling with REDIS_URL / without, {rounds} rounds taking turns: median {result['ratio']:.1%} "
        f"(rounds from {result['lowest']:.1%} to {result['highest']:.1%}; medians {result['with']:.0f} and "
        f"{result['without']:.0f} req/s); gunicorn CPU per request {cpu_ms[1]:.2f} and {cpu_ms[0]:.2f} ms: "
        f"{cpu_ms[0] / cpu_ms[1]:.1%} as many requests per CPU second with Redis",
        flush=True,
    )
    return result


def main():
    args = parse_args()
    prepare_var_dir(args.uploads)
    without, _rows = run(args, "without REDIS_URL (no page cache)", {"REDIS_URL": ""})
    if args.redis:
        with_redis, _rows = run(args, f"with REDIS_URL={args.redis} (page cache on)", {"REDIS_URL": args.redis})
        print(f"\nceiling with Redis / without, one run after the other: {with_redis / without:.1%}")
        compare_ceilings(args, args.redis)


if __name__ == "__main__":
    main()
