"""Loading files from the web: the upload page, a batch's page (progress polled by HTMX, the
outcome, the error file, "load it now" after a dry run, undo) and the list of batches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan import permissions
from oneplan.core.views import ObjectListView, report_invalid
from oneplan.stats import running
from oneplan.stats.batches import undo_batch
from oneplan.stats.choices import BatchStatus
from oneplan.stats.filtersets import BatchFilterSet
from oneplan.stats.forms import UploadForm
from oneplan.stats.models import ImportBatch
from oneplan.stats.tasks import LOADED_OR_LOADING, loads_of, queue_load_of_checked, queue_upload
from oneplan.stats.uploads import ACTIVE, upload_path

PROBLEMS_PER_PAGE = 100
# Statuses whose whole file was read: their bar is full.
READ_THROUGH = (BatchStatus.DONE, BatchStatus.CHECKED, BatchStatus.UNDONE, BatchStatus.REJECTED)


def _anonymous(request: HttpRequest) -> bool:
    return not request.user.is_authenticated


def upload(request: HttpRequest) -> HttpResponse:
    """The upload form; a valid submission is queued and the batch page follows."""
    if _anonymous(request):
        return redirect_to_login(request.get_full_path())
    if not permissions.may_load_any(request.user):
        raise PermissionDenied(_("Only planners, statisticians and data officers may load data."))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = queue_upload(
            form.cleaned_data["file"],
            form.mapping,
            request.user,
            dry_run=form.cleaned_data["dry_run"],
            accept_valid=form.cleaned_data["accept_valid"],
        )
        return redirect("stats:batch", pk=batch.pk)
    return render(request, "stats/import_new.html", {"form": form})


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    batch = get_object_or_404(ImportBatch.objects.select_related("user"), pk=pk)
    permissions.require(request.user, permissions.Action.VIEW, batch)
    return batch


def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch: full page, or (for HTMX's poll) the part that changes while it runs."""
    if _anonymous(request):
        return redirect_to_login(request.get_full_path())
    batch = _batch(request, pk)
    if batch.status == BatchStatus.RUNNING and running.sweep(ImportBatch.objects.filter(pk=pk)):
        batch.refresh_from_db()
    running.live([batch])
    template = (
        "stats/batch_body.html" if getattr(request, "htmx", False) else "stats/batch_detail.html"
    )
    return render(request, template, batch_context(request, batch))


def batch_context(request: HttpRequest, batch: ImportBatch) -> dict[str, Any]:
    active = batch.status in ACTIVE
    if active:
        percent: int | None = batch.progress if batch.rows_total else None
    elif batch.status in READ_THROUGH:
        percent = 100
    else:
        percent = batch.progress
    problems = Paginator(batch.problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    loads = list(loads_of(batch).order_by("-created", "-pk")) if batch.dry_run else []
    return {
        "batch": batch,
        "active": active,
        "percent": percent,
        "problems": problems,
        "show_sheet": any(p.get("sheet") for p in problems.object_list),
        "loads": loads,
        "can_load": batch.status == BatchStatus.CHECKED
        and permissions.may_load_any(request.user)
        and not any(b.status in LOADED_OR_LOADING for b in loads)
        and bool(batch.upload)
        and upload_path(batch).is_file(),
        "can_undo": batch.status == BatchStatus.DONE
        and permissions.can_undo_batch(request.user, batch),
        "mapping_text": json.dumps(batch.mapping, ensure_ascii=False, indent=2),
    }


def batch_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """The rejected rows as CSV, with a BOM so that Excel reads Thai correctly."""
    if _anonymous(request):
        return redirect_to_login(request.get_full_path())
    batch = _batch(request, pk)
    if not batch.error_rows:
        raise Http404(_("Batch #%(pk)s has no error file.") % {"pk": batch.pk})
    response = HttpResponse(
        ("\ufeff" + batch.error_rows).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    name = f"{Path(batch.source).stem or 'batch'}-{batch.pk}-errors.csv"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_POST
def load_checked(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Load it now": queue the real load of the file a dry run checked."""
    batch = _batch(request, pk)
    try:
        new = queue_load_of_checked(batch, request.user, "accept_valid" in request.POST)
    except ValidationError as exc:
        report_invalid(request, exc)
        return redirect("stats:batch", pk=batch.pk)
    return redirect("stats:batch", pk=new.pk)


@require_POST
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a load; the refusal (a later batch changed the same values) is shown as is."""
    batch = _batch(request, pk)
    try:
        removed, restored = undo_batch(batch, request.user)
    except ValidationError as exc:
        report_invalid(request, exc)
    else:
        messages.success(
            request,
            _("Batch #%(pk)s undone: %(removed)s values removed, %(restored)s put back.")
            % {"pk": batch.pk, "removed": f"{removed:,}", "restored": f"{restored:,}"},
        )
    return redirect("stats:batch", pk=batch.pk)


class BatchListView(ObjectListView):
    """Import batches, newest first; loaders see their own, administrators everyone's."""

    queryset = ImportBatch.objects.select_related("user").defer(
        "problems", "error_rows", "preview", "mapping"
    )
    filterset = BatchFilterSet
    template_name = "stats/batch_list.html"
    partial_template_name = "stats/batch_table.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if _anonymous(request):
            return redirect_to_login(request.get_full_path())
        return super().get(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        mine = self.queryset.filter(permissions.batch_filter(request.user))
        running.sweep(mine)
        return mine

    def rows(self, objects: list[Any]) -> list[Any]:
        running.live(objects)
        return objects
