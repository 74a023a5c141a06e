"""Benchmark: search, index build and sitemap at a growing number of Chinese articles.

Run from the project root, with PostgreSQL for the figures that matter:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/search_bench.py [--articles 3000 10000] [--repeat 30] [--rebuild]

It uses a database of its own (jindu_search on PostgreSQL, or --database-name; var/bench-search.sqlite3
on SQLite), kept between runs so that reruns skip creating the articles; --rebuild starts again. For each
size, smallest first, it adds articles up to that size and measures:
- the full search index build (`update_index`), in seconds and ms per article;
- the public search page (/search/?q=) for a common and a rare word: median and p90 server time
  through the whole Django stack in process, the DB queries and the hits;
- /sitemap.xml the first time in a page-cache generation (built) and after (kept);
- `--explain` prints EXPLAIN ANALYZE of the search query for each word.
"""

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

import run
from measuring import get_ok, make_client, measure, production_caches

COMMON_WORD = "毒品"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[3000, 10000], help="site sizes, measured in turn")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per URL")
    parser.add_argument("--rebuild", action="store_true", help="start from an empty bench database")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each search query")
    parser.add_argument("--skip-index", action="store_true", help="keep the index as it is (for reruns)")
    parser.add_argument("--database-name", default="jindu_search", help="the bench's own PostgreSQL database")
    args = parser.parse_args()
    if min(args.articles) < 1 or args.repeat < 1:
        parser.error("--articles and --repeat must be at least 1")
    return args


def setup(rebuild, database_name="jindu_search"):
    run.POSTGRES_DB = database_name
    run.SQLITE_PATH = run.VAR_DIR / "bench-search.sqlite3"
    run.setup_django(rebuild)


def explain(word):
    from django.db import connection
    from wagtail.models import Page

    results = Page.objects.live().public().specific().search(word)[:11]
    queryset = results.get_queryset() if hasattr(results, "get_queryset") else None
    if queryset is None or connection.vendor != "postgresql":
        return ""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def rare_word():
    """A Chinese word of two or more characters found in two to five articles."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return "甲基苯丙胺"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM ts_stat('SELECT body FROM wagtailsearch_indexentry') "
            "WHERE ndoc BETWEEN 2 AND 5 AND word ~ '^[\u4e00-\u9fff]{2,}$' ORDER BY ndoc DESC, word LIMIT 1"
        )
        row = cursor.fetchone()
    return row[0] if row else "甲基苯丙胺"


def measure_sitemap(repeat):
    """Sitemap (or sitemap index) and its largest part: first request of a generation, then kept."""
    import re

    from django.core.cache import cache
    from django.test import override_settings

    from jindu.pagecache import new_generation

    rows = []
    with override_settings(JINDU_PAGE_CACHE_SECONDS=600, CACHES=production_caches()):
        cache.clear()
        client = make_client()
        urls = ["/sitemap.xml"]
        index = get_ok(client, "/sitemap.xml").content.decode()
        if "<sitemapindex" in index:
            parts = re.findall(r"<loc>[a-z]+://[^/]+([^<]+)</loc>", index)
            urls.append(max(parts, key=lambda url: "?" not in url and "home" not in url).replace("&amp;", "&"))
        for url in urls:
            built = []
            for _ in range(max(3, repeat // 5)):
                new_generation()
                start = time.perf_counter()
                response = get_ok(client, url)
                built.append((time.perf_counter() - start) * 1000)
            size = len(response.content)
            kept = measure(client, url, repeat)
            rows.append(
                {
                    "name": f"{url} built",
                    "url": url,
                    "median_ms": round(sorted(built)[len(built) // 2], 2),
                    "p90_ms": round(max(built), 2),
                    "queries": "",
                    "hits": f"{size // 1024} KiB",
                }
            )
            rows.append({"name": f"{url} kept", "url": url, **kept, "hits": ""})
        cache.clear()
    return rows


def vacuum_analyze():
    """Planner statistics and GIN pending lists as autovacuum leaves them soon after a bulk load."""
    from django.db import connection

    print("VACUUM ANALYZE...", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def measure_size(articles, args):
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page

    from jindu.models import ArticlePage

    index = run.build_site(articles)
    count = ArticlePage.objects.live().child_of(index).count()
    if args.skip_index:
        index_seconds = 0.0
    else:
        print(f"Building the search index for {count} articles...", flush=True)
        start = time.perf_counter()
        call_command("update_index", verbosity=0)
        index_seconds = time.perf_counter() - start
        print(f"  {index_seconds:.1f} s, {index_seconds * 1000 / max(count, 1):.1f} ms/article", flush=True)
    vacuum_analyze()

    client = make_client()
    # The home page, measured in the same run, shows what the machine gives any page right now.
    rows = [{"name": "home (reference)", "url": "/", "hits": "", **measure(client, "/", args.repeat)}]
    for kind, word in (("common", COMMON_WORD), ("rare", rare_word())):
        hits = Page.objects.live().public().search(word).count()
        url = f"/search/?q={word}"
        print(f"Measuring {url} ({hits} hits)...", flush=True)
        rows.append({"name": f"search {kind} {word}", "url": url, "hits": hits, **measure(client, url, args.repeat)})
        print(f"  {rows[-1]}", flush=True)
        page2 = f"/search/?q={word}&page=2"
        if hits > 10:
            rows.append(
                {"name": f"search {kind} page 2", "url": page2, "hits": hits, **measure(client, page2, args.repeat)}
            )
        if args.explain:
            print(f"\nEXPLAIN ANALYZE, {word}:\n{explain(word)}\n", flush=True)
    rows += measure_sitemap(args.repeat)
    summary = {
        "vendor": connection.vendor,
        "database": run.database_description(),
        "articles": count,
        "index_build_seconds": round(index_seconds, 2),
        "index_ms_per_article": round(index_seconds * 1000 / max(count, 1), 2),
        "repeat": args.repeat,
    }
    print(
        f"\ndatabase: {summary['database']} | articles: {count} | index build: {index_seconds:.1f} s "
        f"({summary['index_ms_per_article']:.1f} ms/article) | repeat: {args.repeat}"
    )
    name_width = max(run.display_width(row["name"]) for row in rows) + 2
    print(f"{run.pad('what', name_width)}{'median ms':>10}{'p90 ms':>10}{'queries':>9}  hits/size")
    for row in rows:
        print(
            f"{run.pad(row['name'], name_width)}{row['median_ms']:>10.1f}{row['p90_ms']:>10.1f}"
            f"{row['queries']!s:>9}  {row.get('hits', '')}"
        )
    return {**summary, "results": rows}


def main():
    args = parse_args()
    setup(args.rebuild, args.database_name)
    from django.core.management import call_command
    from django.db import connection

    print(f"Database: {run.database_description()} ({connection.settings_dict['NAME']})", flush=True)
    call_command("migrate", verbosity=0)
    run.check_search_backend()
    report = [measure_size(articles, args) for articles in sorted(args.articles)]
    path = Path(run.VAR_DIR) / f"bench-search-{connection.vendor}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    finished = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    path.write_text(json.dumps({"finished_at": finished, "sizes": report}, ensure_ascii=False, indent=2) + "\n")
    print(f"\nResults written to {path}")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
