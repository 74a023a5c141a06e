"""Saving reports the way the Wagtail admin does: a revision and an audit-log entry for every change."""

from django.db import transaction
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction

from .models import ReportMaterial, ReportPhoto
from .workflow import submit


@transaction.atomic
def save_report(report, user, *, materials, new_photos=(), removed_photo_ids=(), send=False, publish=False):
    """Save a report with its material lines {kind: quantity} and photos; optionally send it to the office.

    A report that was never approved is updated in place; an approved one keeps its approved
    figures and waits for the new revision to be approved.
    """
    report.materials = [ReportMaterial(kind=kind, quantity=qty) for kind, qty in materials.items() if qty]
    photos = [photo for photo in report.photos.all() if photo.pk not in set(removed_photo_ids)]
    for upload in new_photos:
        photo = ReportPhoto()
        # Store the file now: an approved report's edit lives only in its revision until approved.
        photo.image.save(upload.name, upload, save=False)
        photos.append(photo)
    report.photos = photos
    if report.pk is None:
        report.reporter = report.reporter or user
        CreateAction(report, user=user, publish=publish, clean=False).execute(skip_permission_checks=True)
    else:
        EditAction(report, user=user, publish=publish, clean=False).execute(skip_permission_checks=True)
    if send and not publish:
        submit(report, user)
    return report
