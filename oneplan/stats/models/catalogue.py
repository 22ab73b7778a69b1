"""The data catalogue: datasets with the GD Catalog (CKAN) fields, what they provide, resources."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from oneplan.core.models import ChangeLoggedModel, NamedModel
from oneplan.geo.choices import AreaLevel
from oneplan.stats.choices import (
    AccessCategory,
    DataType,
    Frequency,
    Language,
    SourceType,
    UpdateUnit,
)
from oneplan.stats.models.registry import Indicator

# CKAN's rule for a dataset's ``name``: lowercase ASCII letters, digits, "-" and "_".
ckan_name = RegexValidator(
    r"^[a-z0-9_-]{2,100}$",
    _("Use 2-100 lowercase letters, digits, '-' or '_' (the catalogue's dataset name)."),
)


class Dataset(NamedModel):
    """A catalogue entry: a superset of the GD Catalog fields, so national catalogues can
    harvest it. ``code`` is the CKAN ``name``; ``name_th`` its title."""

    code = models.CharField(
        _("name (identifier)"), max_length=100, unique=True, validators=[ckan_name]
    )
    data_type = models.CharField(
        _("data type"), max_length=16, choices=DataType.choices, default=DataType.STATISTICAL
    )
    owner = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("data owner agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="datasets",
    )
    maintainer = models.CharField(_("maintainer"), max_length=255, blank=True)
    maintainer_email = models.EmailField(_("maintainer e-mail"), blank=True)
    contact = models.CharField(_("contact (phone, address)"), max_length=255, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    objectives = models.JSONField(_("objectives"), default=list, blank=True)
    update_unit = models.CharField(
        _("update frequency"), max_length=16, choices=UpdateUnit.choices, default=UpdateUnit.YEAR
    )
    update_interval = models.PositiveSmallIntegerField(_("update interval"), default=1)
    coverage_level = models.CharField(
        _("geographic coverage"),
        max_length=20,
        choices=AreaLevel.choices,
        default=AreaLevel.PROVINCE,
    )
    coverage_area = models.ForeignKey(
        "geo.Area",
        verbose_name=_("area covered"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="datasets",
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    source_type = models.CharField(
        _("source type"),
        max_length=16,
        choices=SourceType.choices,
        default=SourceType.ADMINISTRATIVE,
    )
    data_format = models.CharField(_("format"), max_length=64, blank=True)
    access = models.CharField(
        _("data category"),
        max_length=16,
        choices=AccessCategory.choices,
        default=AccessCategory.PUBLIC,
    )
    classification = models.CharField(_("classification"), max_length=255, blank=True)
    license = models.CharField(_("licence"), max_length=64, blank=True, default="CC-BY-4.0")
    access_conditions = models.TextField(_("access conditions"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.THAI
    )
    issued = models.DateField(_("date created"), null=True, blank=True)
    modified = models.DateField(_("date last updated"), null=True, blank=True)
    release_calendar = models.CharField(_("release calendar"), max_length=255, blank=True)
    first_year = models.PositiveSmallIntegerField(
        _("first year of data (CE)"), null=True, blank=True
    )
    last_year = models.PositiveSmallIntegerField(_("last year of data (CE)"), null=True, blank=True)
    disaggregation = models.CharField(_("disaggregation"), max_length=255, blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=64, blank=True)
    unit_multiplier = models.SmallIntegerField(_("unit multiplier (power of ten)"), default=0)
    calculation = models.TextField(_("calculation method"), blank=True)
    standard = models.CharField(_("data standard"), max_length=255, blank=True)
    official = models.BooleanField(_("official statistic"), default=False)
    url = models.URLField(_("web page"), blank=True)
    # NSO's five quality dimensions (มิติคุณภาพ): free notes, shown on the dataset page.
    quality_relevance = models.TextField(_("relevance"), blank=True)
    quality_accuracy = models.TextField(_("accuracy"), blank=True)
    quality_timeliness = models.TextField(_("timeliness"), blank=True)
    quality_coherence = models.TextField(_("coherence"), blank=True)
    quality_accessibility = models.TextField(_("accessibility"), blank=True)
    indicators = models.ManyToManyField(
        Indicator, through="DatasetIndicator", related_name="datasets", blank=True
    )
    entry_expiry_days = models.PositiveSmallIntegerField(
        _("entry closes after (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Values of a period can be typed or loaded until this many days after the period "
            "ends; then the period is locked unless an administrator unlocks it. Empty: never."
        ),
    )

    url_name = "stats:dataset"

    class Meta:
        ordering = ["code"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def build_search_text(self) -> str:
        from oneplan.lib.thaitext import search_document

        return search_document(
            self.code,
            self.name_th,
            self.name_en,
            self.description,
            " ".join(str(t) for t in self.tags),
        )

    QUALITY_FIELDS = (
        "quality_relevance",
        "quality_accuracy",
        "quality_timeliness",
        "quality_coherence",
        "quality_accessibility",
    )


class DatasetIndicator(models.Model):
    """A dataset provides an indicator at a frequency and down to an area level."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="provides")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="provided_by")
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices)
    min_area_level = models.CharField(
        _("lowest area level"), max_length=20, choices=AreaLevel.choices
    )

    class Meta:
        ordering = ["dataset", "indicator"]
        verbose_name = _("indicator provided")
        verbose_name_plural = _("indicators provided")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "indicator"], name="stats_dataset_ind"),
        ]

    def __str__(self) -> str:
        return f"{self.dataset.code} → {self.indicator.code}"


class Resource(ChangeLoggedModel):
    """A file or link belonging to a dataset (CKAN resource)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("name"), max_length=255)
    url = models.URLField(_("link"), max_length=500, blank=True)
    upload = models.FileField(_("file"), upload_to="resources/%Y/", blank=True)
    resource_format = models.CharField(_("format"), max_length=32, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["dataset", "position", "pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.name
