"""Benchmark: the campaign dashboard and export over a million activity reports on PostgreSQL.

Run from the project root (PostgreSQL server from DATABASE_URL; the bench uses its own database):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/campaigns_dashboard.py \
        [--reports 1000000] [--repeat 10] [--rebuild]

It builds one city (10 districts × 12 towns × 15 villages) with approved reports spread over five
years, each with one or two material lines, rebuilds the dashboard's monthly summary (bulk_create
bypasses the model's save), then times through the whole Django stack in process:
the dashboard for the city for a year, for one town for a month, and the Excel export of both.
The database is kept between runs; --rebuild starts again.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "jindu_campaigns_bench"
BATCH = 20_000
YEARS = (2021, 2022, 2023, 2024, 2025)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def setup(rebuild):
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("bench: set DATABASE_URL to a PostgreSQL server; this benchmark is for PostgreSQL.")
    import psycopg
    from psycopg import sql

    with psycopg.connect(urlunsplit(parts._replace(scheme="postgresql", path="/postgres")), autocommit=True) as conn:
        if rebuild:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{DB_NAME}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jindu.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(target):
    from django.db import connection, transaction

    from campaigns.models import (
        ActivityReport,
        ActivityType,
        MonthlySummary,
        ReportMaterial,
        ReportStatus,
    )
    from jindu.models import MaterialKind, Region
    from jindu.models.regions import RegionLevel

    city = Region.objects.filter(code="990000").first()
    if city is None:
        print("Building the region tree...", flush=True)
        city = Region.add_root(code="990000", name="基准市", level=RegionLevel.CITY)
        for d in range(10):
            district = city.add_child(code=f"99{d + 1:02d}00", name=f"第{d + 1}区", level=RegionLevel.DISTRICT)
            for t in range(12):
                town = district.add_child(
                    code=f"99{d + 1:02d}00{t:03d}", name=f"第{d + 1}区{t + 1}镇", level=RegionLevel.TOWN
                )
                for v in range(15):
                    town.add_child(
                        code=f"99{d + 1:02d}00{t:03d}{v:03d}", name=f"{t + 1}镇{v + 1}村", level=RegionLevel.VILLAGE
                    )
    types = [
        ActivityType.objects.get_or_create(name=name, defaults={"unit": "场"})[0] for name in ("宣讲", "演出", "入户")
    ]
    kinds = [
        MaterialKind.objects.get_or_create(name=name, defaults={"unit": "份"})[0]
        for name in ("宣传册", "倡议书", "横幅")
    ]
    have = ActivityReport.objects.count()
    if have >= target:
        print(f"Reusing {have} reports.")
        if not MonthlySummary.objects.exists():
            rebuild_summary()
        vacuum_summary()
        return city
    places = list(Region.objects.in_subtree(city).filter(level__gte=RegionLevel.TOWN).values_list("pk", flat=True))
    rng = random.Random(have)
    start_day = datetime.date(YEARS[0], 1, 1).toordinal()
    days = datetime.date(YEARS[-1], 12, 31).toordinal() - start_day + 1
    print(f"Creating {target - have} reports...", flush=True)
    begun = time.perf_counter()
    while have < target:
        size = min(BATCH, target - have)
        with transaction.atomic():
            reports = ActivityReport.objects.bulk_create(
                [
                    ActivityReport(
                        date=datetime.date.fromordinal(start_day + rng.randrange(days)),
                        region_id=rng.choice(places),
                        activity_type=rng.choice(types),
                        sessions=rng.randint(1, 3),
                        people_reached=rng.randint(10, 600),
                        households_visited=rng.randint(0, 50),
                        live=True,
                        status=ReportStatus.APPROVED,
                    )
                    for _ in range(size)
                ]
            )
            lines = []
            for report in reports:
                for kind in rng.sample(kinds, rng.randint(1, 2)):
                    lines.append(ReportMaterial(report=report, kind=kind, quantity=rng.randint(10, 500)))
            ReportMaterial.objects.bulk_create(lines)
        have += size
        print(f"  {have}/{target} ({time.perf_counter() - begun:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE campaigns_activityreport")
        cursor.execute("VACUUM ANALYZE campaigns_reportmaterial")
    rebuild_summary()
    return city


def rebuild_summary():
    """bulk_create skips ActivityReport.save(), so the dashboard's summary is rebuilt as a deploy would."""
    from campaigns.summary import rebuild

    begun = time.perf_counter()
    rows, material_rows = rebuild()
    vacuum_summary()
    print(f"Summary rebuilt: {rows} rows, {material_rows} material rows ({time.perf_counter() - begun:.0f} s)")


def vacuum_summary():
    """Set the visibility map after the migration or a rebuild, as autovacuum soon would: reads are index-only."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE campaigns_monthlysummary")
        cursor.execute("VACUUM ANALYZE campaigns_materialsummary")


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    timings = []
    for _ in range(repeat):
        begun = time.perf_counter()
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} returned {response.status_code}")
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - begun) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), max(timings), len(queries.captured_queries)


def main():
    args = parse_args()
    setup(args.rebuild)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from campaigns.models import ActivityReport
    from jindu.models import Region

    city = build(args.reports)
    town = Region.objects.get(code="990400005")
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    in_year = ActivityReport.objects.filter(date__year=2024, region__path__startswith=city.path).count()
    rows = [
        (
            "dashboard, city, year 2024",
            f"/admin/campaigns/dashboard/?region={city.pk}&period=year&year=2024",
            args.repeat,
        ),
        (
            "dashboard, town, 2024-06",
            f"/admin/campaigns/dashboard/?region={town.pk}&period=month&year=2024&month=6",
            args.repeat,
        ),
        (
            "export, town, 2024-06",
            f"/admin/campaigns/dashboard/export/?region={town.pk}&period=month&year=2024&month=6",
            args.repeat,
        ),
        (
            "export, city, 2024-06",
            f"/admin/campaigns/dashboard/export/?region={city.pk}&period=month&year=2024&month=6",
            3,
        ),
        ("export, city, year 2024", f"/admin/campaigns/dashboard/export/?region={city.pk}&period=year&year=2024", 1),
    ]
    print(f"\nreports: {ActivityReport.objects.count()} (city year 2024: {in_year})")
    print(f"{'what':32}{'median ms':>12}{'max ms':>12}{'queries':>9}")
    for name, url, repeat in rows:
        median, worst, queries = measure(client, url, repeat)
        print(f"{name:32}{median:>12.1f}{worst:>12.1f}{queries:>9}", flush=True)


if __name__ == "__main__":
    main()
