import signal
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


class Command(BaseCommand):
    help = (
        "Run Wagtail's publish_scheduled every --interval seconds until stopped, so scheduled pages go live "
        "and expire on time; `make run` starts it beside the development server. --once runs it once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="seconds between runs (default 60)")
        parser.add_argument("--once", action="store_true", help="run once and stop")

    def handle(self, *args, interval, once, **options):
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_: stop.set())
        while True:
            call_command("publish_scheduled", stdout=self.stdout, stderr=self.stderr)
            if once or stop.wait(max(interval, 1)):
                return
            # A connection kept open for a minute may have been dropped by the server meanwhile.
            close_old_connections()
