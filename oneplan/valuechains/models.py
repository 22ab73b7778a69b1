"""Value chains (stages, success factors), data requirements and data gaps: the NSO method."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from oneplan.core.models import ChangeLoggedModel, NamedModel
from oneplan.geo.choices import AreaLevel
from oneplan.stats.choices import Frequency
from oneplan.valuechains.choices import GapStatus, GapType, Remedy


class ValueChain(NamedModel):
    """A strategic issue's value chain in one province or group, or a template to copy."""

    url_name = "valuechains:chain"

    area = models.ForeignKey(
        "geo.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="value_chains",
    )
    element = models.ForeignKey(
        "plans.PlanElement",
        verbose_name=_("strategic issue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="value_chains",
    )
    is_template = models.BooleanField(_("template"), default=False)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("value chain")
        verbose_name_plural = _("value chains")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_template=True) | Q(area__isnull=False),
                name="valuechains_chain_area",
                violation_error_message=_("A value chain belongs to an area unless a template."),
            ),
        ]


class Stage(models.Model):
    """A column of the chain: upstream, midstream, downstream or any name."""

    chain = models.ForeignKey(ValueChain, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_th = models.CharField(_("Thai name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)

    class Meta:
        ordering = ["chain", "position", "pk"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self) -> str:
        return self.name_th


class SuccessFactor(models.Model):
    """A critical success factor of a stage (a card on the canvas)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="factors")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_th = models.CharField(_("Thai name"), max_length=500)
    name_en = models.CharField(_("English name"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["stage", "position", "pk"]
        verbose_name = _("success factor")
        verbose_name_plural = _("success factors")

    def __str__(self) -> str:
        return self.name_th


class Requirement(ChangeLoggedModel):
    """A row of the data list: an indicator needed by a plan element, a stage or a success
    factor, at a frequency and down to an area level (the indicator's own when blank).
    Indicators attached to the area's plan are needed too without a row here (see
    ``datalist``); a row is for data a chain or an element needs beyond its KPIs."""

    area = models.ForeignKey(
        "geo.Area",
        verbose_name=_("area"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="data_requirements",
        help_text=_("whose data list; empty on a template chain"),
    )
    indicator = models.ForeignKey(
        "stats.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="requirements",
    )
    element = models.ForeignKey(
        "plans.PlanElement",
        verbose_name=_("plan element"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="data_requirements",
    )
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("stage"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requirements",
    )
    factor = models.ForeignKey(
        SuccessFactor,
        verbose_name=_("success factor"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requirements",
    )
    frequency = models.CharField(
        _("needed frequency"), max_length=16, choices=Frequency.choices, blank=True
    )
    area_level = models.CharField(
        _("needed area level"), max_length=20, choices=AreaLevel.choices, blank=True
    )
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("responsible agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_requirements",
    )
    outside_authority = models.BooleanField(_("outside the province's authority"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["area", "indicator", "pk"]
        verbose_name = _("data requirement")
        verbose_name_plural = _("data requirements")
        constraints = [
            models.CheckConstraint(
                condition=Q(element__isnull=False)
                | Q(stage__isnull=False)
                | Q(factor__isnull=False),
                name="valuechains_requirement_needed_by",
                violation_error_message=_(
                    "Say what needs the data: a plan element, a stage or a success factor."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ({self.needed_by})"

    @property
    def needed_by(self) -> str:
        part = self.factor or self.stage or self.element
        return str(part) if part else ""

    def clean(self) -> None:
        if self.factor is not None and self.stage_id and self.factor.stage_id != self.stage_id:
            raise ValidationError({"stage": _("The success factor belongs to another stage.")})


class DataGap(ChangeLoggedModel):
    """A gap on an area's board: an indicator it needs that is missing or incomplete, what
    falls short (computed, never typed), and what will be done about it."""

    area = models.ForeignKey(
        "geo.Area", verbose_name=_("area"), on_delete=models.CASCADE, related_name="data_gaps"
    )
    indicator = models.ForeignKey(
        "stats.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="data_gaps",
    )
    types = models.JSONField(_("gap types"), default=list, blank=True)
    remedy = models.CharField(_("remedy"), max_length=16, choices=Remedy.choices, blank=True)
    proxy = models.ForeignKey(
        "stats.Indicator",
        verbose_name=_("proxy indicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proxy_for",
    )
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("responsible agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_gaps",
    )
    budget = models.DecimalField(
        _("budget (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(
        _("target fiscal year"), null=True, blank=True, help_text=_("stored CE, shown BE")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=GapStatus.choices, default=GapStatus.OPEN
    )
    closed_by_data = models.BooleanField(_("closed when the data arrived"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["area", "indicator"]
        verbose_name = _("data gap")
        verbose_name_plural = _("data gaps")
        constraints = [
            models.UniqueConstraint(fields=["area", "indicator"], name="valuechains_gap_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.area} · {self.indicator}"

    def type_labels(self) -> list[str]:
        return [str(GapType(t).label) for t in self.types if t in GapType.values]


class PriorityWeights(models.Model):
    """A province's (or group's) weights for the parts of a gap's priority score."""

    area = models.OneToOneField(
        "geo.Area", on_delete=models.CASCADE, related_name="gap_weights", verbose_name=_("area")
    )
    centrality = models.FloatField(_("how central the indicator is"), default=3)
    reach = models.FloatField(_("how many plan elements need it"), default=2)
    severity = models.FloatField(_("how severe the gap is"), default=2)
    target = models.FloatField(_("whether a target depends on it"), default=3)
    coverage_threshold = models.FloatField(_("coverage threshold"), default=0.8)
    periods_late = models.PositiveSmallIntegerField(
        _("periods a value may lag before it is stale"), default=2
    )

    class Meta:
        verbose_name = _("gap priority weights")
        verbose_name_plural = _("gap priority weights")

    def __str__(self) -> str:
        return str(self.area)
