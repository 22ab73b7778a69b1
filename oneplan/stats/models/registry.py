"""The indicator registry: what is measured, in what unit, how often, and how values combine."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from oneplan.core.models import ChangeLoggedModel, NamedModel
from oneplan.geo.choices import AreaLevel
from oneplan.stats.choices import Aggregation, Direction, Frequency


class CategorySet(NamedModel):
    """A way of splitting values (sex, age group, ...); its code names the dimension."""

    url_name = "stats:category_set"

    class Meta:
        ordering = ["code"]
        verbose_name = _("category set")
        verbose_name_plural = _("category sets")


class Category(ChangeLoggedModel):
    """One value of a category set (e.g. ``F`` หญิง in ``SEX``)."""

    category_set = models.ForeignKey(
        CategorySet,
        verbose_name=_("category set"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    code = models.CharField(_("code"), max_length=16)
    name_th = models.CharField(_("Thai name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["category_set", "position", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["category_set", "code"], name="stats_category_code"),
        ]

    def __str__(self) -> str:
        return self.name_th or self.code


class Indicator(NamedModel):
    """A measure that plans set targets for and agencies report values of."""

    unit = models.CharField(_("unit"), max_length=64, blank=True)
    unit_multiplier = models.SmallIntegerField(
        _("unit multiplier (power of ten)"),
        default=0,
        help_text=_("3 when values are in thousands, 6 in millions (SDMX UNIT_MULT)."),
    )
    decimals = models.PositiveSmallIntegerField(_("decimal places shown"), default=2)
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices, default=Direction.HIGHER
    )
    tolerance = models.DecimalField(
        _("tolerance (%)"),
        max_digits=6,
        decimal_places=2,
        default=5,
        help_text=_("How far from the target still counts as met, for a target band."),
    )
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.YEAR
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=16, choices=Aggregation.choices, default=Aggregation.SUM
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("weight (denominator) indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="weighted",
    )
    formula = models.CharField(
        _("formula"),
        max_length=500,
        blank=True,
        help_text=_("Computed from other indicators, e.g. 100 * {POOR} / {POP}."),
    )
    min_area_level = models.CharField(
        _("lowest meaningful area level"),
        max_length=20,
        choices=AreaLevel.choices,
        default=AreaLevel.PROVINCE,
    )
    official = models.BooleanField(_("official statistic"), default=False)
    min_value = models.FloatField(_("lowest valid value"), null=True, blank=True)
    max_value = models.FloatField(_("highest valid value"), null=True, blank=True)
    category_sets = models.ManyToManyField(
        CategorySet, verbose_name=_("disaggregations"), blank=True, related_name="indicators"
    )
    sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Demo values that are not published facts.")
    )

    url_name = "stats:indicator"

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def clean(self) -> None:
        from oneplan.lib.formula import Formula, FormulaError

        errors: dict[str, list[str]] = {}
        if self.aggregation == Aggregation.WEIGHTED_MEAN and self.denominator_id is None:
            errors.setdefault("denominator", []).append(
                str(_("A weighted mean needs a weight (denominator) indicator."))
            )
        if self.denominator_id is not None and self.denominator_id == self.pk:
            errors.setdefault("denominator", []).append(
                str(_("An indicator cannot be its own weight."))
            )
        if self.formula:
            try:
                parsed = Formula.parse(self.formula)
            except FormulaError as exc:
                errors.setdefault("formula", []).append(str(exc))
            else:
                if self.code in parsed.codes:
                    errors.setdefault("formula", []).append(
                        str(_("A formula cannot use the indicator itself."))
                    )
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            errors.setdefault("max_value", []).append(
                str(_("The highest valid value is below the lowest."))
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_computed(self) -> bool:
        return bool(self.formula)
