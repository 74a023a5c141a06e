"""Issue 18's table in one run: public pages against the ceiling with and without Redis, search, index build, page weight.

Run from the project root, with DATABASE_URL naming a PostgreSQL database that holds the demo site
(a copy of it: the pages make image renditions as they are first shown):

    createdb -T jindu_demo jindu_bench_demo
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jindu_bench_demo \\
        .venv/bin/python bench/table.py --redis redis://127.0.0.1:6379/3 [--requests 300] [--articles 3000 10000]

1. bench/page_weight.py: the bytes a phone fetches on a first visit to each public page, served as
   production serves it (nginx in front of gunicorn: gzip, /uploads/ from disk; WhiteNoise's Brotli).
2. bench/public_pages.py: each public page's req/s under gunicorn (production settings, 2 workers x
   2 threads), as the page cache keeps it and rendered fresh, as a fraction of a trivial anonymous GET
   measured beside it; without REDIS_URL (no page cache) and with it (page cache on).
3. bench/search_bench.py's measurements at each size, in a database of its own per size
   (jindu_search_3000, jindu_search_10000 on the same server, kept between runs): the search index
   build and the search page's p50 for a common and a rare word.
`uptime` is printed at the start and the end: every req/s is also given as a fraction of a
ceiling measured in the same run, so a shared machine changes the figures less than their size.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import public_pages
from loadgen import HOST, ROOT, free_port, log_tail, start_gunicorn, wait_until_listening

NGINX_CONF = """
user root;
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream jindu_app {{
        server {host}:{app_port};
        keepalive 16;
    }}
    server {{
        listen {host}:{port};
        gzip on;
        gzip_vary on;
        gzip_proxied any;
        gzip_min_length 1024;
        gzip_types text/css application/javascript application/json text/calendar application/xml text/plain
                   image/svg+xml;
        location /uploads/ {{
            alias {uploads}/;
        }}
        location / {{
            proxy_pass http://jindu_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            # deploy/nginx.conf terminates TLS; this one listens on plain loopback for the browser.
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For $remote_addr;
        }}
    }}
}}
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", required=True, help="REDIS_URL for the second run (a Redis database of its own)")
    parser.add_argument("--requests", type=int, default=300, help="requests per req/s figure")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--articles", type=int, nargs="+", default=[3000, 10000], help="site sizes for search")
    parser.add_argument("--repeat", type=int, default=20, help="timed searches per word and size")
    parser.add_argument("--search-size", type=int, help=argparse.SUPPRESS)  # one size, in a process of its own
    parser.add_argument("--search-output", help=argparse.SUPPRESS)
    public_pages.add_uploads_argument(parser)
    parser.add_argument("paths", nargs="*", default=public_pages.DEMO_PATHS)
    return parser.parse_args()


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


# Search, one size per process: Django is set up once per process, on that size's database.


def search_size(args):
    import run
    import search_bench

    run.POSTGRES_DB = f"jindu_search_{args.search_size}"
    run.setup_django(rebuild=False)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    run.check_search_backend()
    options = argparse.Namespace(repeat=args.repeat, skip_index=False, explain=False)
    report = search_bench.measure_size(args.search_size, options)
    Path(args.search_output).write_text(json.dumps(report, ensure_ascii=False))


def wait_for_other_sessions(database_url, name):
    """run.build_site reuses the articles a database holds: wait while another process still builds them."""
    import psycopg

    conninfo = database_url.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0] + "/postgres"
    query = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        while conn.execute(query, [name]).fetchone()[0]:
            print(f"  waiting: another process is connected to {name}", flush=True)
            time.sleep(30)


def measure_search(args, database_url):
    reports = []
    for size in sorted(args.articles):
        print(f"\n== search at {size} articles (database jindu_search_{size})", flush=True)
        wait_for_other_sessions(database_url, f"jindu_search_{size}")
        with tempfile.NamedTemporaryFile(suffix=".json") as output:
            command = [sys.executable, "-u", __file__, "--redis", args.redis, f"--search-size={size}"]
            command += [f"--search-output={output.name}", f"--repeat={args.repeat}"]
            environment = {**os.environ, "DATABASE_URL": database_url}
            subprocess.run(command, cwd=ROOT, env=environment, check=True)
            reports.append(json.loads(Path(output.name).read_text()))
    return reports


# Page weight: nginx in front of gunicorn, as deploy/nginx.conf has it.


def measure_weight(args):
    from page_weight import weigh
    from playwright.sync_api import sync_playwright

    app_port, port = free_port(), free_port()
    environment = public_pages.production_environment({"REDIS_URL": "", "SECURE_SSL_REDIRECT": "false"})
    server = start_gunicorn(app_port, environment, public_pages.LOG_PATH)
    tmp = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    conf = tmp / "nginx.conf"
    uploads = public_pages.VAR_DIR / "uploads"
    conf.write_text(NGINX_CONF.format(tmp=tmp, host=HOST, port=port, app_port=app_port, uploads=uploads))
    nginx = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf)], stderr=subprocess.DEVNULL)
    weights = {}
    try:
        if not wait_until_listening(nginx, port, 30, tmp / "error.log"):
            sys.exit(f"bench: nginx did not start:\n{log_tail(tmp / 'error.log')}")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            for path in args.paths:
                sizes = weigh(browser, f"http://{HOST}:{port}{path}")
                missing = [address for address, _type, raw, _wire in sizes if raw == 0]
                weights[path] = (sum(wire for *_, wire in sizes), len(sizes), missing)
                types = sorted({content_type.split(";")[0] for _address, content_type, _raw, _wire in sizes})
                print(f"  {path}: {weights[path][0] / 1024:.1f} KiB in {len(sizes)} responses: {', '.join(types)}")
            browser.close()
    finally:
        nginx.terminate()
        nginx.wait()
        server.terminate()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    return weights


# The table.


def print_table(args, started, public, ceilings, searches, weights, seconds):
    (without, rows_without), (with_redis, rows_with) = public
    print("\n" + "=" * 100)
    print("Issue 18 table (bench/table.py)")
    print(f"  start: {started}\n  end:   {uptime()}   ({seconds / 60:.0f} min)")
    print(
        "\nPublic pages: req/s under gunicorn (production settings, 2 workers x 2 gthreads, loopback, "
        f"{args.concurrency} keep-alive clients, {args.requests} requests per figure)\n"
        "and the fraction of the trivial anonymous GET measured just before and after each page"
    )
    header = f"  {'path':28}{'no REDIS_URL: kept':>22}{'fresh':>16}{'REDIS_URL: kept':>22}{'fresh':>16}"
    print(header)
    for (path, kept, fresh, near), (_path, kept_r, fresh_r, near_r) in zip(rows_without, rows_with, strict=True):
        print(
            f"  {path:28}{kept:9.0f} r/s {kept / near:7.1%}{fresh:7.0f} r/s {fresh / near:6.1%}"
            f"{kept_r:9.0f} r/s {kept_r / near_r:7.1%}{fresh_r:7.0f} r/s {fresh_r / near_r:6.1%}"
        )
    print(f"  {'ceiling (trivial GET)':28}{without:9.0f} r/s {'':>22}{with_redis:9.0f} r/s")
    per_cpu = ceilings["cpu_ms_without"] / ceilings["cpu_ms_with"]
    verdict = "within" if per_cpu >= 0.90 else "NOT within"
    print(
        f"  ceiling with REDIS_URL / without: {with_redis / without:.1%} one run after the other; "
        f"{ceilings['ratio']:.1%} taking turns side by side (10 rounds, {ceilings['lowest']:.1%} to "
        f"{ceilings['highest']:.1%}); per gunicorn CPU second {per_cpu:.1%} "
        f"({ceilings['cpu_ms_with']:.2f} vs {ceilings['cpu_ms_without']:.2f} ms a request): {verdict} 10%, the issue's target"
    )
    print("  (without REDIS_URL there is no page cache: 'kept' is rendered too, at its own address)")

    print("\nSearch (in process, whole Django stack; PostgreSQL)")
    print(f"  {'articles':>9}{'index build':>14}{'ms/article':>12}{'p50 common':>22}{'p50 rare':>22}{'home p50':>10}")
    for report in searches:
        by_name = {row["name"]: row for row in report["results"]}
        common = next(row for name, row in by_name.items() if name.startswith("search common ") and "page" not in name)
        rare = next(row for name, row in by_name.items() if name.startswith("search rare ") and "page" not in name)
        print(
            f"  {report['articles']:>9}{report['index_build_seconds']:>12.1f} s{report['index_ms_per_article']:>12.1f}"
            f"{common['median_ms']:>9.1f} ms ({common['hits']:>5} hits){rare['median_ms']:>9.1f} ms ({rare['hits']:>4} hits)"
            f"{by_name['home (reference)']['median_ms']:>7.1f} ms"
        )

    print("\nPage weight: a phone's first visit (Chromium 390x844), nginx + gunicorn as deployed, bytes on the wire")
    for path, (total, responses, missing) in weights.items():
        note = f"   ({len(missing)} empty responses)" if missing else ""
        print(f"  {path:28}{total / 1024:8.1f} KiB in {responses} responses{note}")


def main():
    args = parse_args()
    if args.search_size:
        search_size(args)
        return
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench: set DATABASE_URL to a PostgreSQL database holding the demo site (a copy of it).")
    started, clock = uptime(), time.perf_counter()
    print(f"start: {started}", flush=True)
    public_pages.prepare_var_dir(args.uploads)
    print("\n== page weight", flush=True)
    weights = measure_weight(args)
    public = [
        public_pages.run(args, "without REDIS_URL (no page cache)", {"REDIS_URL": ""}),
        public_pages.run(args, f"with REDIS_URL={args.redis} (page cache on)", {"REDIS_URL": args.redis}),
    ]
    ceilings = public_pages.compare_ceilings(args, args.redis)
    searches = measure_search(args, database_url)
    print_table(args, started, public, ceilings, searches, weights, time.perf_counter() - clock)


if __name__ == "__main__":
    main()
