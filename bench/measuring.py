"""Timing pages through the whole Django stack in process, shared by the benchmarks in this folder."""

import math
import os
import statistics
import time

WARM_UP = 3


def percentile(values, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def get_ok(client, url):
    from django.utils.encoding import iri_to_uri

    response = client.get(iri_to_uri(url))
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} returned {response.status_code}, expected 200")
    return response


def measure(client, url, repeat, fresh=False):
    """Median and p90 of `repeat` requests; `fresh` adds a query parameter of its own to each, so no page cache serves it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def address(number):
        return f"{url}{'&' if '?' in url else '?'}bench-reader={number}" if fresh else url

    for number in range(WARM_UP):
        get_ok(client, address(-number - 1))
    timings = []
    for number in range(repeat):
        start = time.perf_counter()
        get_ok(client, address(number))
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        get_ok(client, address(repeat))
    return {
        "median_ms": round(statistics.median(timings), 2),
        "p90_ms": round(percentile(timings, 0.9), 2),
        "queries": len(queries.captured_queries),
    }


def make_client():
    """A test client whose Host header is the default site's, when the settings allow it."""
    from django.conf import settings
    from django.http.request import validate_host
    from django.test import Client
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    host = site.hostname if validate_host(site.hostname, settings.ALLOWED_HOSTS) else "testserver"
    extra = {"HTTP_HOST": host}
    if site.port not in (80, 443):
        extra["SERVER_PORT"] = str(site.port)
    return Client(**extra)


def production_caches():
    """Redis at REDIS_URL, as production runs; without it Django's local memory, which keeps 300 entries."""
    if os.environ.get("REDIS_URL"):
        return {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def measure_page_cache(rows, repeat, names):
    """The rows called `names` again, served from the anonymous page cache (REDIS_URL: Redis, as in production)."""
    from django.test import override_settings

    cached = []
    with override_settings(JINDU_PAGE_CACHE_SECONDS=600, CACHES=production_caches()):
        from django.core.cache import cache

        cache.clear()
        client = make_client()
        for row in rows:
            if row["name"] not in names:
                continue
            print(f"Measuring {row['url']} with the page cache on...", flush=True)
            if get_ok(client, row["url"]).get("X-Page-Cache") is None:
                raise RuntimeError(f"{row['url']} is not served from the page cache")
            missed = measure(client, row["url"], repeat, fresh=True)
            cached.append({"name": f"{row['name']} (first reader)", "url": row["url"], **missed})
            cached.append({"name": f"{row['name']} (cached)", "url": row["url"], **measure(client, row["url"], repeat)})
        cache.clear()
    return cached
