from django.db import transaction
from django_tasks import task

from . import summary


@task()
def rebuild_summary():
    """The dashboard's monthly summary recomputed from the reports, in the worker (one transaction)."""
    with transaction.atomic():
        return summary.rebuild()
