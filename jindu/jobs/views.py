"""A person's jobs: the list, one job's page with its progress, its state as JSON, and its file."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from jindu.models import Job
from jindu.spreadsheets import no_store

from . import fail_if_worker_gone, live_rows


def _job(request, pk):
    job = fail_if_worker_gone(get_object_or_404(Job.objects.visible_to(request.user), pk=pk))
    job.rows_done = live_rows(job)
    return job


@never_cache
@login_required
def job_list(request):
    recent = Job.objects.visible_to(request.user).filter(owner=request.user).select_related("owner")[:30]
    return render(request, "jindu/jobs/list.html", {"jobs": recent})


@never_cache
@login_required
def job_detail(request, pk):
    return render(request, "jindu/jobs/detail.html", {"job": _job(request, pk)})


@never_cache
@login_required
def job_status(request, pk):
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "percent": job.percent,
            "finished": job.is_finished,
            "phase": job.message if job.status == Job.Status.RUNNING else "",
        }
    )


@login_required
def job_download(request, pk):
    job = _job(request, pk)
    if not job.has_file:
        raise Http404
    try:
        handle = job.result.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return no_store(FileResponse(handle, as_attachment=True, filename=job.result_name or "export.xlsx"))
