"""Recording a project: one form for a new project and for changing one. The form sends what
was typed to ``editing.read_project`` and ``editing.save_project``, which check everything;
their problems come back next to the fields and cells they concern, all at once."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.geo.models import Area
from oneplan.projects.choices import (
    Channel,
    Framework,
    FundingSource,
    OriginLevel,
    OutputKind,
)
from oneplan.projects.editing import read_project, save_project
from oneplan.projects.forms import ProjectForm, choices_for, record_targets
from oneplan.projects.models import Project
from oneplan.projects.views.common import general_message, problems_of
from oneplan.projects.views.requests import visible_project


def add_project(request: HttpRequest) -> HttpResponse:
    targets = record_targets(request.user)
    if not targets:
        raise PermissionDenied(_("You may not record projects."))
    return _form_page(request, None, targets)


def edit_project(request: HttpRequest, code: str) -> HttpResponse:
    project = visible_project(request, code)
    permissions.require(request.user, permissions.Action.CHANGE, project)
    targets = record_targets(request.user)
    if project.area.pk not in {a.pk for a in targets}:
        targets.insert(0, project.area)
    return _form_page(request, project, targets)


def _form_page(request: HttpRequest, project: Project | None, targets: list[Area]) -> HttpResponse:
    by_code = {a.code: a for a in targets}
    if request.method == "POST":
        form = ProjectForm.from_post(request.POST)
        # Changing the area only redraws the form with that area's plans and chains.
        if "refresh" not in request.POST:
            try:
                saved = save_project(request.user, read_project(form.sent()), project)
            except ValidationError as exc:
                form.take_problems(problems_of(exc))
            except PermissionDenied as exc:
                form.take_problems({"area": [general_message(str(exc))]})
            else:
                messages.success(request, _("%(code)s saved.") % {"code": saved.code})
                return redirect(saved)
    else:
        wanted = by_code.get(request.GET.get("area", "")) or targets[0]
        form = ProjectForm.initial(project, wanted)
    area = by_code.get(form.values.get("area", ""))
    context = {
        "project": project,
        "form": form,
        "targets": targets,
        "area": area,
        "choices": choices_for(area, project),
        "channels": Channel.choices,
        "origin_levels": OriginLevel.choices,
        "sources": FundingSource.choices,
        "output_kinds": OutputKind.choices,
        "frameworks": Framework.choices,
    }
    return render(request, "projects/request_form.html", context)
