"""Plans at every level, their yearly editions, the element tree, indicators with targets,
alignment links between plans, approvals and needs raised from one plan to the plan above."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oneplan.core.models import ChangeLoggedModel, NamedModel
from oneplan.plans.choices import (
    LOCKED_STATUSES,
    EditionStatus,
    ElementKind,
    PlanLevel,
    ReferralStatus,
)

MAX_DIGITS, DECIMAL_PLACES = 20, 4


# SQLite keeps decimals as double-precision floats: 15 significant digits survive a round
# trip. One rule for every database, so a value is never accepted and then read back changed.
MAX_SIGNIFICANT = 15


def too_large(number: Decimal) -> bool:
    """More digits than a target or baseline column keeps exactly on every database."""
    digits = len(number.normalize().as_tuple().digits)
    return (
        number.copy_abs() >= Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES)
        or digits > MAX_SIGNIFICANT
    )


class PlanType(NamedModel):
    """A kind of plan (e.g. provincial development plan) with the rules of its time: its level,
    cycle and the element kinds its tree may hold. Kept as data because the rules change."""

    level = models.CharField(_("level"), max_length=20, choices=PlanLevel.choices)
    cycle_years = models.PositiveSmallIntegerField(_("cycle in years"), default=5)
    reviewed_yearly = models.BooleanField(_("reviewed every year"), default=False)
    is_framework = models.BooleanField(
        _("reference framework"),
        default=False,
        help_text=_("National frameworks that other plans align to (strategy, NESDP, SDGs)."),
    )
    is_action_plan = models.BooleanField(_("action plan"), default=False)
    element_kinds = models.JSONField(
        _("element kinds"), default=list, help_text=_("Kinds of element its tree may hold.")
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    url_name = ""

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("plan type")
        verbose_name_plural = _("plan types")

    def clean(self) -> None:
        unknown = [k for k in self.element_kinds if k not in ElementKind.values]
        if unknown:
            raise ValidationError(
                {"element_kinds": _("Unknown kinds: %(k)s") % {"k": ", ".join(unknown)}}
            )


class Plan(NamedModel):
    """One plan of one body for one area and span of fiscal years (CE years stored)."""

    plan_type = models.ForeignKey(
        PlanType, verbose_name=_("plan type"), on_delete=models.PROTECT, related_name="plans"
    )
    area = models.ForeignKey(
        "geo.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="plans"
    )
    owner = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("owner agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    first_year = models.PositiveSmallIntegerField(_("first fiscal year"))
    last_year = models.PositiveSmallIntegerField(_("last fiscal year"))
    sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Made up for the demo, not a published plan.")
    )

    url_name = "plans:plan"

    class Meta:
        ordering = ["plan_type__sort_order", "area__code", "-first_year", "code"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def clean(self) -> None:
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last fiscal year comes before the first.")})

    @property
    def fiscal_years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def latest_edition(self) -> PlanEdition | None:
        return self.editions.order_by("-number").first()

    def current_edition(self) -> PlanEdition | None:
        """The edition others align to: the latest approved or published, else the latest."""
        locked = self.editions.filter(status__in=LOCKED_STATUSES).order_by("-number").first()
        return locked or self.latest_edition()


class PlanEdition(ChangeLoggedModel):
    """A version of a plan: the original and each yearly review (ฉบับทบทวน)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="editions"
    )
    number = models.PositiveSmallIntegerField(_("edition number"), default=1)
    review_year = models.PositiveSmallIntegerField(_("review fiscal year"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan edition")
        verbose_name_plural = _("plan editions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_edition_unique"),
        ]

    def __str__(self) -> str:
        return str(_("%(plan)s, edition %(n)s") % {"plan": self.plan, "n": self.number})

    def get_absolute_url(self) -> str:
        return reverse("plans:edition", kwargs={"pk": self.pk})

    @property
    def locked(self) -> bool:
        """Approved and published editions are read-only."""
        return self.status in LOCKED_STATUSES


class PlanElement(ChangeLoggedModel):
    """A node of an edition's tree: vision, strategic issue, goal, approach, programme, ...

    ``uid`` stays the same when an edition is copied into the next, so editions can be compared.
    """

    edition = models.ForeignKey(
        PlanEdition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="elements"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent element"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=ElementKind.choices)
    number = models.CharField(_("number"), max_length=32, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    name_th = models.CharField(_("Thai name"), max_length=1000)
    name_en = models.CharField(_("English name"), max_length=1000, blank=True)
    description = models.TextField(_("description"), blank=True)
    agencies = models.ManyToManyField(
        "orgs.Agency",
        verbose_name=_("responsible agencies"),
        blank=True,
        related_name="plan_elements",
    )
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("plan element")
        verbose_name_plural = _("plan elements")
        constraints = [
            models.UniqueConstraint(fields=["edition", "uid"], name="plans_element_uid"),
        ]
        indexes = [models.Index(fields=["edition", "parent", "position"], name="plans_el_tree")]

    def __str__(self) -> str:
        return f"{self.number} {self.name_th}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        """Pre-segmented text that name searches run against (see ``oneplan.lib.thaitext``)."""
        from oneplan.lib.thaitext import search_document

        return search_document(self.number, self.name_th, self.name_en)

    def get_absolute_url(self) -> str:
        return reverse("plans:element", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.parent is not None and self.parent.edition_id != self.edition_id:
            errors.setdefault("parent", []).append(str(_("The parent belongs to another edition.")))
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                errors.setdefault("parent", []).append(
                    str(_("An element cannot be inside itself."))
                )
                break
            seen.add(node.pk)
            node = node.parent
        kinds = self.edition.plan.plan_type.element_kinds if self.edition_id else []
        if kinds and self.kind not in kinds:
            errors.setdefault("kind", []).append(
                str(
                    _("A %(type)s holds no %(kind)s.")
                    % {"type": self.edition.plan.plan_type, "kind": self.get_kind_display()}
                )
            )
        if errors:
            raise ValidationError(errors)


class Alignment(ChangeLoggedModel):
    """``source`` serves ``target``: an element of one plan linked to an element of another."""

    source = models.ForeignKey(
        PlanElement, verbose_name=_("element"), on_delete=models.CASCADE, related_name="links_up"
    )
    target = models.ForeignKey(
        PlanElement,
        verbose_name=_("serves"),
        on_delete=models.CASCADE,
        related_name="links_down",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["source", "target"]
        verbose_name = _("alignment link")
        verbose_name_plural = _("alignment links")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="plans_alignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    def clean(self) -> None:
        if self.source.edition.plan_id == self.target.edition.plan_id:
            raise ValidationError(
                {"target": _("An element links to an element of another plan, not its own.")}
            )


class PlanIndicator(ChangeLoggedModel):
    """An indicator attached to a plan element, with its baseline and the agencies answering
    for it (one of them leading when the KPI is joint)."""

    element = models.ForeignKey(
        PlanElement, verbose_name=_("element"), on_delete=models.CASCADE, related_name="indicators"
    )
    indicator = models.ForeignKey(
        "stats.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="plan_uses",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"),
        null=True,
        blank=True,
        max_digits=MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
    )
    data_source = models.CharField(_("data source"), max_length=500, blank=True)
    outside_authority = models.BooleanField(_("outside the province's authority"), default=False)
    agencies = models.ManyToManyField(
        "orgs.Agency",
        through="IndicatorAgency",
        verbose_name=_("responsible agencies"),
        related_name="plan_indicators",
    )

    class Meta:
        ordering = ["element", "position", "pk"]
        verbose_name = _("plan indicator")
        verbose_name_plural = _("plan indicators")
        constraints = [
            models.UniqueConstraint(fields=["element", "indicator"], name="plans_indicator_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.element.number} · {self.indicator}"


class IndicatorAgency(models.Model):
    """An agency answering for a plan indicator; a joint KPI has several, one leading."""

    plan_indicator = models.ForeignKey(
        PlanIndicator, on_delete=models.CASCADE, related_name="responsibilities"
    )
    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="+")
    lead = models.BooleanField(_("lead agency"), default=False)

    class Meta:
        ordering = ["-lead", "agency__code"]
        verbose_name = _("responsible agency")
        verbose_name_plural = _("responsible agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["plan_indicator", "agency"], name="plans_indicatoragency_unique"
            ),
            models.UniqueConstraint(
                fields=["plan_indicator"], condition=Q(lead=True), name="plans_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency}{' (lead)' if self.lead else ''}"


class Target(ChangeLoggedModel):
    """The value a plan indicator should reach in one area in one fiscal year (CE stored)."""

    plan_indicator = models.ForeignKey(
        PlanIndicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    area = models.ForeignKey(
        "geo.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="targets"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    value = models.DecimalField(_("target"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)

    class Meta:
        ordering = ["plan_indicator", "area__code", "fiscal_year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["plan_indicator", "area", "fiscal_year"], name="plans_target_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_indicator} {self.fiscal_year}: {self.value}"


class EditionTransition(models.Model):
    """One recorded move of an edition's status, with the committee's decision when approved."""

    edition = models.ForeignKey(PlanEdition, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=16, choices=EditionStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=EditionStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    committee = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    meeting = models.CharField(_("meeting"), max_length=32, blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["edition", "at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.edition}: {self.from_status} → {self.to_status}"


class Referral(ChangeLoggedModel):
    """A need or proposal of one plan raised to a plan above, and what became of it.

    The item itself is never copied: adoption and merging link it to an element of the
    receiving plan, so one item keeps one history and gathers links as it climbs.
    """

    element = models.ForeignKey(
        PlanElement, verbose_name=_("item"), on_delete=models.CASCADE, related_name="referrals"
    )
    from_plan = models.ForeignKey(
        Plan, verbose_name=_("raised from"), on_delete=models.CASCADE, related_name="referrals_out"
    )
    to_plan = models.ForeignKey(
        Plan, verbose_name=_("raised to"), on_delete=models.CASCADE, related_name="referrals_in"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.RAISED
    )
    linked_element = models.ForeignKey(
        PlanElement,
        verbose_name=_("linked to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="received_referrals",
    )
    reason = models.TextField(_("reason"), blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["element", "created", "pk"]
        verbose_name = _("raised need")
        verbose_name_plural = _("raised needs")
        constraints = [
            models.UniqueConstraint(
                fields=["element", "to_plan"],
                condition=Q(status=ReferralStatus.RAISED),
                name="plans_one_open_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.element} → {self.to_plan}"
