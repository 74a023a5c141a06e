from django.core.management.base import BaseCommand

from education.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Delete what is past its retention time: access-log rows (EDUCATION_ACCESS_LOG_RETENTION_DAYS), "
        "anonymous quiz attempts (EDUCATION_ANONYMOUS_ATTEMPT_RETENTION_DAYS) and expired sessions. Run daily."
    )

    def handle(self, *args, **options):
        for what, count in apply_retention().items():
            self.stdout.write(f"{what}: {count} deleted")
