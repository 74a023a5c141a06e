from django.core.management.base import BaseCommand

from jindu.demo.content import load_demo


class Command(BaseCommand):
    help = "Load demo regions, pages and settings; running it twice doubles nothing."

    def handle(self, *args, **options):
        load_demo(log=lambda line: self.stdout.write(line))
