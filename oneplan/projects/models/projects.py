"""A project (โครงการ) put forward for budget, and what it carries: outputs, documents, tags."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oneplan.core.models import ChangeLoggedModel, NamedModel
from oneplan.lib.thaitext import search_document
from oneplan.projects.choices import (
    Channel,
    DocumentKind,
    Framework,
    OriginLevel,
    OutputKind,
    RequestState,
)


class Project(NamedModel):
    """A project or budget request of one area (province or group) for a fiscal year.

    ``name_th`` is the title. ``area`` is whose annual project list it belongs to; where the
    work happens is ``locations`` (down to villages).
    """

    url_name = "projects:project"

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), db_index=True)
    last_year = models.PositiveSmallIntegerField(_("last fiscal year"), null=True, blank=True)
    area = models.ForeignKey(
        "geo.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="projects"
    )
    channel = models.CharField(
        _("put forward by"), max_length=20, choices=Channel.choices, default=Channel.PROVINCE
    )
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("implementing agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    locations = models.ManyToManyField(
        "geo.Area", verbose_name=_("locations"), blank=True, related_name="project_locations"
    )
    elements = models.ManyToManyField(
        "plans.PlanElement",
        verbose_name=_("plan elements served"),
        blank=True,
        related_name="projects",
    )
    factor = models.ForeignKey(
        "valuechains.SuccessFactor",
        verbose_name=_("value-chain factor served"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    addresses = models.ManyToManyField(
        "plans.PlanIndicator",
        verbose_name=_("problem indicators addressed"),
        blank=True,
        related_name="projects",
    )
    origin = models.ForeignKey(
        "plans.PlanElement",
        verbose_name=_("need it came from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects_from",
    )
    origin_level = models.CharField(
        _("origin"), max_length=20, choices=OriginLevel.choices, blank=True
    )
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), null=True, blank=True)
    land_ready = models.BooleanField(_("land ready"), default=False)
    design_ready = models.BooleanField(_("design ready"), default=False)
    state = models.CharField(
        _("state"), max_length=16, choices=RequestState.choices, default=RequestState.DRAFT
    )
    rank = models.PositiveIntegerField(_("rank in the project list"), null=True, blank=True)
    sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        ordering = ["fiscal_year", "area", "rank", "code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [models.Index(fields=["area", "fiscal_year"], name="projects_area_year")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__isnull=True)
                | models.Q(last_year__gte=models.F("fiscal_year")),
                name="projects_years_in_order",
                violation_error_message=_("The last fiscal year comes before the first."),
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse(self.url_name, kwargs={"code": self.code})

    def build_search_text(self) -> str:
        return search_document(self.name_th, self.name_en, self.code, self.description)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.code:
            self.code = next_code(self.fiscal_year, self.area.code)
        super().save(*args, **kwargs)


def next_code(fiscal_year: int, area_code: str) -> str:
    """The next free project code of an area and year, e.g. ``P2569-12-0007`` (BE year)."""
    prefix = f"P{fiscal_year + 543}-{area_code}-"
    last = (
        Project.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{number:04d}"


class ProjectOutput(models.Model):
    """An output or KPI the project promises, with its target."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(
        _("kind"), max_length=8, choices=OutputKind.choices, default=OutputKind.OUTPUT
    )
    name_th = models.CharField(_("Thai name"), max_length=500)
    indicator = models.ForeignKey(
        "stats.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.CharField(_("unit"), max_length=64, blank=True)
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), null=True, blank=True)

    class Meta:
        ordering = ["project", "kind", "pk"]
        verbose_name = _("output or KPI")
        verbose_name_plural = _("outputs and KPIs")

    def __str__(self) -> str:
        return f"{self.name_th}: {self.target:f} {self.unit}".strip()


class ProjectDocument(ChangeLoggedModel):
    """A readiness document: cost estimate, design, land title; a file or a link."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to="projects/%Y/", blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["project", "kind", "pk"]
        verbose_name = _("readiness document")
        verbose_name_plural = _("readiness documents")

    def __str__(self) -> str:
        return self.title


class AlignmentTag(models.Model):
    """A national framework the project declares it serves (e.g. SDG 6.1, master plan 16)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tags")
    framework = models.CharField(_("framework"), max_length=20, choices=Framework.choices)
    code = models.CharField(_("code"), max_length=32)
    label = models.CharField(_("label"), max_length=255, blank=True)

    class Meta:
        ordering = ["project", "framework", "code"]
        verbose_name = _("alignment tag")
        verbose_name_plural = _("alignment tags")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "framework", "code"], name="projects_tag_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_framework_display()} {self.code}"
