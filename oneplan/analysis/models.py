"""Saved analyses: a Product Champion scoring or a problem ranking, with the criteria and
weights the committee chose, the values it typed, and a snapshot of the result that plan
elements and project requests attach."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oneplan.analysis.choices import AnalysisKind, CriterionKey, NormalisationChoice
from oneplan.core.models import ChangeLoggedModel


class Analysis(ChangeLoggedModel):
    """A named analysis of one province or group, kept with the result it gave when saved."""

    kind = models.CharField(_("kind"), max_length=16, choices=AnalysisKind.choices)
    name_th = models.CharField(_("Thai name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    area = models.ForeignKey(
        "geo.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="analyses"
    )
    # Product Champion: the measure by sector or product and what it is compared with.
    reference = models.ForeignKey(
        "geo.Area",
        verbose_name=_("compared with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    indicator = models.ForeignKey(
        "stats.Indicator",
        verbose_name=_("measure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    category_set = models.ForeignKey(
        "stats.CategorySet",
        verbose_name=_("sectors or products"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    employment = models.ForeignKey(
        "stats.Indicator",
        verbose_name=_("employment measure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    # Problem ranking: the fiscal year judged.
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    result = models.JSONField(_("result when last computed"), default=dict, blank=True)
    computed = models.DateTimeField(_("computed"), null=True, blank=True)
    plan_elements = models.ManyToManyField(
        "plans.PlanElement", verbose_name=_("plan elements"), blank=True, related_name="analyses"
    )
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("project requests"), blank=True, related_name="analyses"
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("analysis")
        verbose_name_plural = _("analyses")

    def __str__(self) -> str:
        return self.name_th or self.name_en

    def get_absolute_url(self) -> str:
        return reverse("analysis:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.kind == AnalysisKind.CHAMPION:
            for name in ("reference", "indicator", "category_set", "start_year", "end_year"):
                if getattr(self, f"{name}_id" if name in _FKS else name) is None:
                    errors.setdefault(name, []).append(str(_("Required for a Product Champion.")))
            if self.start_year and self.end_year and self.start_year >= self.end_year:
                errors.setdefault("end_year", []).append(
                    str(_("The last year must come after the first."))
                )
        elif self.fiscal_year is None:
            errors.setdefault("fiscal_year", []).append(str(_("Required for a problem ranking.")))
        if errors:
            raise ValidationError(errors)


_FKS = {"reference", "indicator", "category_set"}


class Criterion(models.Model):
    """One criterion of an analysis, with its weight and how it is normalised."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="criteria")
    key = models.CharField(_("criterion"), max_length=16, choices=CriterionKey.choices)
    label_th = models.CharField(_("Thai label"), max_length=255, blank=True)
    label_en = models.CharField(_("English label"), max_length=255, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    normalisation = models.CharField(
        _("normalisation"),
        max_length=8,
        choices=NormalisationChoice.choices,
        default=NormalisationChoice.MINMAX,
    )
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    scale_low = models.FloatField(_("scale low"), default=0)
    scale_high = models.FloatField(_("scale high"), default=1)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["analysis", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.label_th or str(self.get_key_display())


class Candidate(models.Model):
    """A sector or product in a Product Champion analysis, and the value chain it leads to."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="candidates")
    category = models.ForeignKey(
        "stats.Category", verbose_name=_("sector or product"), on_delete=models.PROTECT
    )
    value_chain = models.ForeignKey(
        "valuechains.ValueChain",
        verbose_name=_("value chain"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["analysis", "category__position", "category__code"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "category"], name="analysis_candidate_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.category)


class ManualScore(models.Model):
    """A value the committee typed for one candidate on a criterion entered by hand."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores")
    value = models.FloatField(_("value"))

    class Meta:
        verbose_name = _("typed score")
        verbose_name_plural = _("typed scores")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "candidate"], name="analysis_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.value}"
