"""Page weight on a first visit at phone size: every response the browser fetched, and the total.

Run against a running site (the demo: `make run`, or gunicorn with production settings):

    .venv/bin/python bench/page_weight.py http://127.0.0.1:8000/ [more addresses…]

Chromium (/usr/bin/chromium, as the browser tests use) opens each address in a fresh context at
390x844, waits for the network to settle, and sums the bytes of every response. A server that
does not compress (runserver) is charged what nginx would send: text compressed with brotli (or
gzip), as `deploy/nginx.conf` and WhiteNoise do; images and media as they are.
"""

import gzip
import sys

import brotli
from playwright.sync_api import sync_playwright

PHONE = {"width": 390, "height": 844}
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


def on_the_wire(response, body):
    encoding = response.headers.get("content-encoding", "")
    content_type = response.headers.get("content-type", "")
    if encoding or not content_type.startswith(TEXT_TYPES):
        return len(body)
    return min(len(brotli.compress(body)), len(gzip.compress(body)))


def weigh(browser, url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    rows = []
    page.on("requestfinished", lambda request: rows.append(request))
    page.goto(url, wait_until="networkidle")
    sizes = []
    for request in rows:
        response = request.response()
        if response is None:
            continue
        try:
            body = response.body()
        except Exception:  # a redirect has no body to read
            body = b""
        sizes.append((request.url, response.headers.get("content-type", ""), len(body), on_the_wire(response, body)))
    context.close()
    return sizes


def main(urls):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for url in urls:
            sizes = weigh(browser, url)
            print(f"\n{url}")
            for address, content_type, raw, wire in sizes:
                print(f"  {wire / 1024:7.1f} KiB  ({raw / 1024:7.1f} raw)  {content_type.split(';')[0]:24} {address}")
            total = sum(wire for *_, wire in sizes)
            print(f"  {total / 1024:7.1f} KiB in {len(sizes)} responses")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:] or ["http://127.0.0.1:8000/"])
