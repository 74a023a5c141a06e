"""Server time of pages rendered fresh, in process: public pages at 3,000 articles, student and teacher pages.

Run from the project root against a PostgreSQL database of its own (created, filled with the demo and
articles once, then reused):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jindu_perf2 .venv/bin/python bench/fresh_pages.py [--articles 3000] [--repeat 30]
        [--signed-in-only]

Production settings (DEBUG off, HTTPS) with the page cache on (REDIS_URL: Redis as production runs it,
else Django's local memory). Each public page is asked for with a query parameter no page reads, so it
is rendered for the reader (as after an edit, or for a signed-in reader) while the site frame and the
kept fragments come from the cache. Student pages (我的课程, a lesson, a quiz paper) are asked for by a
demo student, the class page by the demo teacher. Median and p90 of --repeat requests, and the query
count of one more. Targets (issue 18): public pages under 15 ms and at most 8 queries, signed-in pages under 20 ms.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--signed-in-only", action="store_true", help="skip the public pages")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def setup_django(settings_module):
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql") or parts.path.strip("/") in ("", "jindu", "postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own, e.g. .../jindu_perf2")
    import psycopg
    from psycopg import sql

    name = parts.path.strip("/")
    with psycopg.connect(urlunsplit(parts._replace(scheme="postgresql", path="/postgres")), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "*")
    os.environ.setdefault("WAGTAILADMIN_BASE_URL", "https://jindu.example.cn")
    os.environ.setdefault("JINDU_PAGE_CACHE_SECONDS", "600")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")  # the test client speaks plain HTTP
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if settings_module.endswith("production"):
        call_command("collectstatic", interactive=False, verbosity=0)  # the manifest production's storage reads


def build(articles):
    from jindu.demo.content import load_demo
    from jindu.models import ArticlePage, HomePage

    if not HomePage.objects.exists():
        print("Loading the demo...", flush=True)
        load_demo(log=lambda line: None)
    if ArticlePage.objects.count() < articles:
        from run import analyze, build_site

        build_site(articles)
        analyze()


def public_urls():
    from django.urls import reverse

    from education.models import QuizPage
    from events.models import EventPage
    from jindu.models import ArticleIndexPage, ArticlePage
    from media.models import DownloadCentrePage, MediaIndexPage, VideoPage

    index = ArticleIndexPage.objects.live().first()
    return {
        "home": "/",
        "article list": index.url,
        "article list, page 50": index.url + "?page=50",
        "article": ArticlePage.objects.live().child_of(index).order_by("-date").first().url,
        "media": MediaIndexPage.objects.live().first().url,
        "video": VideoPage.objects.live().first().url,
        "shows": EventPage.objects.live().first().get_parent().url,
        "event": EventPage.objects.live().first().url,
        "downloads": DownloadCentrePage.objects.live().first().url,
        "quiz": QuizPage.objects.live().first().url,
        "search": reverse("search") + "?q=冰毒",
    }


def student_and_urls():
    from django.test import Client

    from education.models import LessonPage, QuizPage
    from schools.models import Student

    student = (
        Student.objects.select_related("user")
        .filter(user__is_active=True, registered_at__isnull=False, must_change_password=False)
        .first()
    )
    lesson = LessonPage.objects.live().first()
    quiz = lesson.specific.quiz if getattr(lesson.specific, "quiz", None) else QuizPage.objects.live().first()
    client = Client()
    client.force_login(student.user)
    response = client.post(f"/quiz/{quiz.pk}/start/", {})
    urls = {"我的课程 /school/my/": "/school/my/", "lesson": lesson.url}
    if response.status_code == 302 and "/quiz/attempt/" in response["Location"]:
        urls["quiz paper"] = response["Location"]
    else:
        print(f"(quiz start answered {response.status_code}; the quiz paper is left out)")
    return student.user, urls


def teacher_and_urls():
    from schools.models import SchoolClass

    school_class = SchoolClass.objects.filter(teachers__isnull=False).first()
    return school_class.teachers.first(), {"teacher's class page": f"/school/classes/{school_class.pk}/"}


def measure_rows(client, urls, repeat, fresh):
    from measuring import measure

    rows = []
    for name, url in urls.items():
        rows.append({"name": name, "url": url, **measure(client, url, repeat, fresh=fresh)})
        print(
            f"  {name:24} {rows[-1]['median_ms']:7.1f} ms (p90 {rows[-1]['p90_ms']:.1f}) {rows[-1]['queries']:3} queries"
        )
    return rows


def main():
    args = parse_args()
    if args.build_only:  # filling the database goes faster without production's logging and page-cache signals
        setup_django("jindu.settings.test")
        from django.test import override_settings

        with override_settings(MEDIA_ROOT=ROOT / "var" / "uploads"):  # where production settings read them
            build(args.articles)
        return
    subprocess.run([sys.executable, __file__, "--build-only", f"--articles={args.articles}"], check=True)
    setup_django("jindu.settings.production")
    from django.core.cache import cache
    from django.test import Client

    from jindu.models import ArticlePage

    cache.clear()
    if not args.signed_in_only:
        print(f"\nPublic pages rendered fresh, {ArticlePage.objects.live().count()} articles (anonymous):")
        measure_rows(Client(), public_urls(), args.repeat, fresh=True)
    for label, (user, urls) in (("Student", student_and_urls()), ("Teacher", teacher_and_urls())):
        print(f"\n{label} pages (signed in):")
        client = Client()
        client.force_login(user)
        measure_rows(client, urls, args.repeat, fresh=False)


if __name__ == "__main__":
    main()
