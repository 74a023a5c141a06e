"""Benchmark the show schedule: 5,000 showings over two years (one past, one to come).

Usage: .venv/bin/python bench/events_schedule.py [--showings 5000] [--repeat 30] [--rebuild]
With DATABASE_URL pointing at PostgreSQL, it uses (and creates) the database jindu_events_bench on that
server; otherwise SQLite at var/bench-events.sqlite3. Measures the server time (django.test.Client, whole
stack in process) of the upcoming listing, a filtered listing, the month view, the full iCalendar feed and
the JSON API, and the full feed right after a showing changed; targets: listing under 50 ms, feed under 300 ms. Then the listings and the month view with the
page cache on (Redis when REDIS_URL is set, as in production): the first reader's miss and later readers' hits.
"""

import argparse
import datetime
import json
import random
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import run as common  # noqa: E402  (the site benchmark's database and measuring helpers)

common.SQLITE_PATH = common.VAR_DIR / "bench-events.sqlite3"
common.POSTGRES_DB = "jindu_events_bench"

EVENTS = 250
TOWNS = 12
VILLAGES_PER_TOWN = 6
SLUG_PREFIX = "bench-show-"
TARGETS_MS = {"upcoming listing": 50, "filtered listing": 50, "month view": 50, "full feed": 300}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--showings", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="start from an empty bench database")
    args = parser.parse_args()
    if args.showings < 1 or args.repeat < 1:
        parser.error("--showings and --repeat must be at least 1")
    return args


def build_regions():
    from jindu.models import Region
    from jindu.models.regions import RegionLevel

    county = Region.objects.filter(code="990100").first() or Region.add_root(
        code="990100", name="演示县", level=RegionLevel.DISTRICT
    )
    towns = {}
    for number in range(TOWNS):
        code = f"990100{number:03d}"
        town = Region.objects.filter(code=code).first()
        if town is None:
            town = county.add_child(code=code, name=f"演示{number}镇", level=RegionLevel.TOWN)
            county.refresh_from_db()
        villages = []
        for village_number in range(VILLAGES_PER_TOWN):
            village_code = f"{code}{village_number:03d}"
            village = Region.objects.filter(code=village_code).first()
            if village is None:
                village = town.add_child(
                    code=village_code, name=f"演示{number}镇{village_number}村", level=RegionLevel.VILLAGE
                )
                town.refresh_from_db()
            villages.append(village)
        towns[town] = villages
    return towns


def build_schedule(target):
    from django.db import transaction
    from django.utils import timezone

    from events.demo import load_index
    from events.models import ArtForm, EventKind, EventPage, Showing
    from jindu.demo.content import load_home
    from jindu.models import Dialect

    with transaction.atomic():
        home = load_home()
        index = load_index(home)
        towns = build_regions()
    existing = Showing.objects.filter(event__slug__startswith=SLUG_PREFIX).count()
    if existing >= target:
        print(f"Reusing the bench database: {existing} showings already there.")
        return index, towns
    rng = random.Random(626)
    dialects, art_forms = list(Dialect.objects.all()), list(ArtForm.objects.all())
    kinds = [kind for kind, _label in EventKind.choices]
    print(f"Creating {EVENTS} events and {target} showings...", flush=True)
    start = time.perf_counter()
    with common.search_index_updates_disconnected(), transaction.atomic():
        Showing.objects.filter(event__slug__startswith=SLUG_PREFIX).delete()
        events = list(EventPage.objects.filter(slug__startswith=SLUG_PREFIX))
        for number in range(len(events), EVENTS):
            page = EventPage(
                title=f"禁毒文艺演出第{number}场巡演",
                slug=f"{SLUG_PREFIX}{number}",
                kind=rng.choice(kinds),
                summary="用群众听得懂的方言，把禁毒知识送到村里。",
            )
            page.dialects = rng.sample(dialects, rng.randint(1, 2))
            page.art_forms = rng.sample(art_forms, rng.randint(1, 3))
            index.add_child(instance=page)
            events.append(page)
        now = timezone.now()
        town_list = list(towns)
        showings = []
        for number in range(target):
            town = rng.choice(town_list)
            village = rng.choice(towns[town])
            begins = now + datetime.timedelta(minutes=rng.randint(-365 * 24 * 60, 365 * 24 * 60))
            showings.append(
                Showing(
                    event=events[number % len(events)],
                    start=begins,
                    end=begins + datetime.timedelta(hours=2),
                    region=village,
                    town=town,
                    venue=f"{village.name}文化广场",
                    address=f"{town.name}{village.name}村委会旁",
                    status="cancelled" if number % 40 == 0 else "scheduled",
                    sort_order=number,
                )
            )
        Showing.objects.bulk_create(showings, batch_size=500)
    print(f"  done in {time.perf_counter() - start:.1f} s", flush=True)
    return index, towns


def targets(index, towns):
    from jindu.models import Dialect

    gelong = Dialect.objects.get(name="哥隆话")
    town = next(iter(towns))
    return [
        {"name": "upcoming listing", "url": index.url},
        {"name": "filtered listing", "url": f"{index.url}?dialect={gelong.pk}&town={town.code}"},
        {"name": "month view", "url": f"{index.url}calendar/"},
        {"name": "full feed", "url": index.feed_url()},
        {"name": "API showings", "url": "/api/v2/showings/?limit=20"},
    ]


def measure_feed_after_edits(index, client, url, repeat):
    """The full feed right after a showing changed: the whole-feed cache misses, kept VEVENTs serve the rest.

    It needs a cache that holds thousands of entries: run it with REDIS_URL, as production does.
    """
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    showing = index.showings().upcoming().first()
    timings = []
    with override_settings(CACHES=common.production_caches()):
        from django.core.cache import cache

        cache.clear()
        common.get_ok(client, url)
        for number in range(repeat):
            showing.note = f"基准测试修改 {number}"
            showing.save()
            begun = time.perf_counter()
            common.get_ok(client, url)
            timings.append((time.perf_counter() - begun) * 1000)
        showing.note = ""
        showing.save()
        with CaptureQueriesContext(connection) as queries:
            common.get_ok(client, url)
        cache.clear()
    return {
        "name": "full feed after an edit",
        "url": url,
        "median_ms": round(statistics.median(timings), 2),
        "p90_ms": round(common.percentile(timings, 0.9), 2),
        "queries": len(queries.captured_queries),
        "target_ms": 300,
    }


def main():
    args = parse_args()
    common.setup_django(args.rebuild)

    from django.core.management import call_command
    from django.db import connection

    from events.models import Showing

    print(f"Database: {common.database_description()} ({connection.settings_dict['NAME']})", flush=True)
    call_command("migrate", verbosity=0)
    index, towns = build_schedule(args.showings)
    common.analyze()

    client = common.make_client()
    rows = targets(index, towns)
    for row in rows:
        print(f"Measuring {row['url']}...", flush=True)
        row.update(common.measure(client, row["url"], args.repeat))
        row["target_ms"] = TARGETS_MS.get(row["name"], "")
    rows.append(measure_feed_after_edits(index, client, rows[3]["url"], args.repeat))
    rows += common.measure_page_cache(rows, args.repeat, {"upcoming listing", "filtered listing", "month view"})
    for row in rows:
        row.setdefault("target_ms", "")

    feed = client.get(rows[3]["url"]).content.decode()
    summary = {
        "vendor": connection.vendor,
        "database": common.database_description(),
        "showings": Showing.objects.count(),
        "feed_events": feed.count("BEGIN:VEVENT"),
        "repeat": args.repeat,
    }
    print()
    print(" | ".join(f"{key}: {value}" for key, value in summary.items()))
    print(f"{'page':<34}{'median ms':>10}{'p90 ms':>10}{'queries':>9}{'target ms':>11}  url")
    for row in rows:
        print(
            f"{row['name']:<34}{row['median_ms']:>10.1f}{row['p90_ms']:>10.1f}{row['queries']:>9}"
            f"{row['target_ms']!s:>11}  {row['url']}"
        )
    results_path = common.VAR_DIR / f"bench-events-{connection.vendor}.json"
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(json.dumps({**summary, "results": rows}, ensure_ascii=False, indent=2) + "\n")
    print(f"\nResults written to {results_path}")


if __name__ == "__main__":
    main()
