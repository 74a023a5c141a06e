"""Benchmark: a site with thousands of Chinese articles, its search index build and its page times.

Run from the project root:

    .venv/bin/python bench/run.py [--articles 3000] [--repeat 50] [--rebuild]

The bench never touches the developer's database. With DATABASE_URL unset or SQLite it uses
var/bench.sqlite3; with PostgreSQL it uses a database named jindu_bench on the same server.
The bench database is kept between runs so that reruns skip building the articles; --rebuild
drops it (or deletes the SQLite file) and starts again.

What it measures:
- the search index build (`manage.py update_index`), in seconds;
- then, after ANALYZE, the server time of the home page, an article, the article list and two
  searches, through the whole Django stack in process (django.test.Client): median and p90 in ms,
  and the number of DB queries;
- then home, article and article list with the page cache on (jindu/pagecache.py; Redis when REDIS_URL
  is set, as in production, else Django's local memory): for the first reader of a page (a miss, with
  menu and footer kept) and for every reader after (a hit).
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import random
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from measuring import WARM_UP, get_ok, make_client, measure, measure_page_cache, percentile, production_caches  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
# The settings put var/ here too (JINDU_VAR_DIR moves it).
VAR_DIR = Path(os.environ.get("JINDU_VAR_DIR", ROOT / "var"))
SQLITE_PATH = VAR_DIR / "bench.sqlite3"
POSTGRES_DB = "jindu_bench"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}

BATCH_SIZE = 500
SLUG_PREFIX = "bench-"
SEARCH_WORDS = ["冰毒", "新精神活性物质"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000, help="how many articles the site should hold")
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per URL")
    parser.add_argument("--rebuild", action="store_true", help="start from an empty bench database")
    args = parser.parse_args()
    if args.articles < 1 or args.repeat < 1:
        parser.error("--articles and --repeat must be at least 1")
    return args


# The bench database -------------------------------------------------------------------------


def bench_database_url(rebuild):
    """DATABASE_URL for the bench's own database, created (or emptied with rebuild) as needed."""
    url = os.environ.get("DATABASE_URL", "").strip()
    scheme = urlsplit(url).scheme.lower() if url else "sqlite"
    if scheme == "sqlite":
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        if rebuild:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_PATH}"
    if scheme in POSTGRES_SCHEMES:
        parts = urlsplit(url)
        prepare_postgres(parts, rebuild)
        return urlunsplit(parts._replace(path=f"/{POSTGRES_DB}"))
    sys.exit(f"bench: unsupported database {scheme!r} in DATABASE_URL; use SQLite or PostgreSQL.")


def prepare_postgres(parts, rebuild):
    """Create the bench database through the server's maintenance database (dropping it first on rebuild)."""
    import psycopg
    from psycopg import sql

    # libpq understands postgresql:// only; the other schemes are dj-database-url spellings.
    conninfo = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    name = sql.Identifier(POSTGRES_DB)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        if rebuild:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [POSTGRES_DB]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def setup_django(rebuild):
    os.environ["DATABASE_URL"] = bench_database_url(rebuild)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jindu.settings.test")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.db import connection

    # Settings that ignore DATABASE_URL must not lead the bench into a real database.
    name = str(connection.settings_dict["NAME"])
    if name not in (str(SQLITE_PATH), POSTGRES_DB):
        sys.exit(f"bench: refusing to run on database {name!r}; the settings did not pick up the bench DATABASE_URL.")


def check_search_backend():
    """Fail early, and plainly, when the configured search backend cannot be loaded on this database."""
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    try:
        backend = get_search_backend()
    except Exception:
        print(f"bench: the search backend cannot be loaded on {connection.vendor}:", file=sys.stderr)
        raise
    print(f"Search backend: {type(backend).__module__}.{type(backend).__name__}")


# Demo content -------------------------------------------------------------------------------


class Corpus:
    """Sentences, headings, titles and tags taken from the demo articles."""

    def __init__(self, articles):
        self.articles = articles
        self.headings = []
        self.sentences = []
        for article in articles:
            for block_type, value in article["body"]:
                if block_type == "heading":
                    self.headings.append(value)
                elif block_type == "paragraph":
                    self.sentences.extend(self.split_sentences(value))
        self.tags = sorted({tag for article in articles for tag in article["tags"]})

    @staticmethod
    def split_sentences(html):
        # Tags end sentences too: list items carry no 。 of their own.
        for chunk in re.split(r"<[^>]+>", html):
            for sentence in chunk.split("。"):
                sentence = sentence.strip()
                if len(sentence) < 6:
                    continue
                yield sentence if sentence[-1] in "。！？”" else sentence + "。"


def article_fields(number, corpus):
    """The fields of bench article `number`; the same number always gives the same article."""
    from django.utils import timezone
    from django.utils.html import escape

    from jindu.demo.content import stream_data

    rng = random.Random(number)
    source = corpus.articles[(number - 1) % len(corpus.articles)]
    sentences = iter(rng.sample(corpus.sentences, len(corpus.sentences)))
    target = rng.randint(600, 1100)  # the last sentence takes it to about 600-1200 characters
    blocks, length = [], 0
    while length < target:
        blocks.append(("heading", rng.choice(corpus.headings)))
        paragraphs = []
        for _ in range(rng.randint(1, 3)):
            text = "".join(next(sentences) for _ in range(rng.randint(2, 4)))
            paragraphs.append(f"<p>{escape(text)}</p>")
            length += len(text)
            if length >= target:
                break
        blocks.append(("paragraph", "".join(paragraphs)))

    date = datetime.date(2025, 12, 31) - datetime.timedelta(days=rng.randrange(4 * 365))
    published = timezone.make_aware(datetime.datetime.combine(date, datetime.time(9)))
    return {
        "title": f"{source['title']} · {number}",
        "slug": f"{SLUG_PREFIX}{number}",
        "date": date,
        "summary": "".join(rng.sample(corpus.sentences, 2))[:200],
        "body": stream_data(blocks),
        "first_published_at": published,
        "last_published_at": published,
        "tags": rng.sample(corpus.tags, rng.randint(1, 2)),
    }


@contextlib.contextmanager
def search_index_updates_disconnected():
    """Skip the per-save search index and reference index updates; update_index builds the index later."""
    from django.db.models.signals import post_save
    from modelsearch.index import get_indexed_models
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    disconnected = [
        model for model in get_indexed_models() if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


def build_site(target):
    """Home page, article index, menu and footer, and `target` articles; returns the article index."""
    from django.db import transaction

    from jindu.demo.articles import ARTICLES
    from jindu.demo.content import load_article_index, load_home, load_settings
    from jindu.models import ArticlePage

    with transaction.atomic():
        home = load_home()
        index = load_article_index(home)
        load_settings(home, index)

    existing = set(ArticlePage.objects.child_of(index).values_list("slug", flat=True))
    needed = target - len(existing)
    if needed <= 0:
        print(f"Reusing the bench database: {len(existing)} articles already there.")
        return index

    print(f"Creating {needed} articles ({len(existing)} already there)...", flush=True)
    corpus = Corpus(ARTICLES)
    numbers = (number for number in range(1, target + len(existing) + 1) if f"{SLUG_PREFIX}{number}" not in existing)
    start = time.perf_counter()
    created = 0
    with search_index_updates_disconnected():
        while created < needed:
            with transaction.atomic():
                for _ in range(min(BATCH_SIZE, needed - created)):
                    fields = article_fields(next(numbers), corpus)
                    tags = fields.pop("tags")
                    page = ArticlePage(**fields)
                    page.tags.set(tags)  # saved together with the page
                    index.add_child(instance=page)
                    created += 1
            print(f"  {created}/{needed} articles created ({time.perf_counter() - start:.1f} s)", flush=True)
    return index


def analyze():
    """Refresh the planner statistics, as autovacuum would soon after a bulk load.

    Without this, PostgreSQL plans the search queries with the statistics of an empty table
    (a nested loop over every page for each match) and searches take seconds instead of ms.
    """
    from django.db import connection

    print("Analyzing the database...", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# Measuring ----------------------------------------------------------------------------------


def targets(index):
    from wagtail.models import Page

    from jindu.models import ArticlePage

    article = ArticlePage.objects.live().child_of(index).order_by("path").first()
    rows = [
        {"name": "home", "url": "/"},
        {"name": "article", "url": article.get_url()},
        {"name": "article list", "url": index.get_url()},
    ]
    for word in SEARCH_WORDS:
        hits = Page.objects.live().public().search(word).count()
        rows.append({"name": f"search {word}", "url": f"/search/?q={word}", "hits": hits})
    return rows


def database_description():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return f"{connection.vendor} {cursor.fetchone()[0]}"


def display_width(text):
    """Columns the text takes in a terminal: CJK characters are two wide."""
    return sum(2 if ord(char) >= 0x1100 else 1 for char in text)


def pad(text, width):
    return text + " " * max(0, width - display_width(text))


def print_table(summary, rows):
    print()
    print(
        f"database: {summary['vendor']} | articles: {summary['articles']} | "
        f"index build: {summary['index_build_seconds']:.1f} s | repeat: {summary['repeat']}"
    )
    name_width = max(display_width(row["name"]) for row in rows) + 2
    url_width = max(display_width(row["url"]) for row in rows) + 2
    print(f"{pad('page', name_width)}{pad('url', url_width)}{'median ms':>10}{'p90 ms':>10}{'queries':>9}  hits")
    for row in rows:
        print(
            f"{pad(row['name'], name_width)}{pad(row['url'], url_width)}"
            f"{row['median_ms']:>10.1f}{row['p90_ms']:>10.1f}{row['queries']:>9}  {row.get('hits', '')}"
        )


def main():
    args = parse_args()
    setup_django(args.rebuild)

    import django
    import wagtail
    from django.core.management import call_command
    from django.db import connection

    from jindu.models import ArticlePage

    print(f"Database: {database_description()} ({connection.settings_dict['NAME']})", flush=True)
    call_command("migrate", verbosity=0)
    check_search_backend()
    index = build_site(args.articles)

    print("Building the search index...", flush=True)
    start = time.perf_counter()
    call_command("update_index", verbosity=0)
    index_seconds = time.perf_counter() - start
    analyze()

    client = make_client()
    rows = targets(index)
    for row in rows:
        print(f"Measuring {row['url']}...", flush=True)
        row.update(measure(client, row["url"], args.repeat))
    rows += measure_page_cache(rows, args.repeat, {"home", "article", "article list"})

    summary = {
        "vendor": connection.vendor,
        "database": database_description(),
        "articles": ArticlePage.objects.live().child_of(index).count(),
        "index_build_seconds": round(index_seconds, 2),
        "repeat": args.repeat,
        "warm_up": WARM_UP,
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    print_table(summary, rows)

    results_path = VAR_DIR / f"bench-results-{connection.vendor}.json"
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(json.dumps({**summary, "results": rows}, ensure_ascii=False, indent=2) + "\n")
    print(f"\nResults written to {results_path}")


if __name__ == "__main__":
    main()
