"""A piece of long work run by the task worker for one person: an export or an import they can watch."""

import datetime
import os
import socket

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class PrivateStorage(FileSystemStorage):
    """Files under JINDU_PRIVATE_ROOT, which no web server serves: they leave only through a view that checks."""

    def __init__(self):
        super().__init__(base_url=None)

    @cached_property
    def base_location(self):
        return settings.JINDU_PRIVATE_ROOT

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def deconstruct(self):
        return ("jindu.models.jobs.PrivateStorage", (), {})


def private_storage():
    # A fresh storage each time a file is touched, so a changed JINDU_PRIVATE_ROOT (tests) is honoured.
    return PrivateStorage()


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_superuser:
            return self
        return self.filter(owner=user)


class Job(models.Model):
    """What the worker is doing for someone: rows done of rows total, then a file to download or a reason."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    error = models.TextField(blank=True)
    upload = models.FileField(storage=private_storage, upload_to="job-uploads/%Y/%m", blank=True)
    result = models.FileField(storage=private_storage, upload_to="job-files/%Y/%m", blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    worker_host = models.CharField(max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    started = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["owner", "-created"], name="job_owner_created")]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

    @property
    def has_file(self):
        return bool(self.result) and self.status == self.Status.DONE and not self.is_expired

    @property
    def is_expired(self):
        return self.expires is not None and self.expires <= timezone.now()

    def worker_is_gone(self, now=None):
        """A running job whose worker process died: checked by process id on its own host, else by heartbeat."""
        if self.status != self.Status.RUNNING:
            return False
        if self.worker_host == socket.gethostname() and self.worker_pid:
            try:
                os.kill(self.worker_pid, 0)
            except ProcessLookupError:
                return True
            except PermissionError:
                return False
            return False
        now = now or timezone.now()
        last = self.heartbeat or self.started or self.created
        return last < now - datetime.timedelta(minutes=settings.JINDU_JOB_STALE_MINUTES)
