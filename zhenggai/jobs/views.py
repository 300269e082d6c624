from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render

from zhenggai.audit.downloads import LEDGER, download_record
from zhenggai.jobs.models import Job, JobState


def _own(request, pk) -> Job:
    try:
        return Job.objects.get(pk=pk, owner=request.user)
    except (Job.DoesNotExist, ValueError):
        raise Http404 from None


@login_required
def job_page(request, pk):
    return render(request, "jobs/job.html", {"job": _own(request, pk)})


@login_required
def job_status(request, pk):
    job = _own(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_display": job.get_state_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "message": job.message,
            "download": bool(job.result),
        }
    )


@login_required
def job_download(request, pk):
    job = _own(request, pk)
    if job.state != JobState.DONE or not job.result:
        raise Http404
    response = FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)
    if job.kind == "ledger_export":  # the ledger of a whole scope leaves the system
        params = job.params or {}
        download_record(
            actor=request.user,
            kind=LEDGER,
            fmt="xlsx",
            obj=job,
            scope={k: params.get(k) for k in ("round_id", "group_id", "unit_id", "unit_name")},
        )
    return response
