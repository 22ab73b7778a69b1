from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    """Which way an indicator should move."""

    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    BAND = "band", _("Within a target band")


class Frequency(models.TextChoices):
    """How often an indicator is measured; the values are ``thaidate.PeriodKind`` values."""

    YEAR = "year", _("Yearly (calendar)")
    FISCAL_YEAR = "fiscal_year", _("Yearly (fiscal)")
    QUARTER = "quarter", _("Quarterly (calendar)")
    FISCAL_QUARTER = "fiscal_quarter", _("Quarterly (fiscal)")
    MONTH = "month", _("Monthly")


class Aggregation(models.TextChoices):
    """How values combine over areas and over time (see docs/user/data.md)."""

    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean")
    WEIGHTED_MEAN = "weighted_mean", _("Weighted mean by a denominator")
    LAST = "last", _("Last value in time (summed over areas)")
    NONE = "none", _("Not aggregated")


class ObservationStatus(models.TextChoices):
    PROVISIONAL = "P", _("Provisional")
    FINAL = "F", _("Final")


class DataType(models.TextChoices):
    """GD Catalog ประเภทข้อมูล."""

    RECORD = "record", _("Record")
    STATISTICAL = "statistical", _("Statistical")
    GEOSPATIAL = "geospatial", _("Geospatial")
    OTHER = "other", _("Other")


class AccessCategory(models.TextChoices):
    """GD Catalog หมวดหมู่ตามธรรมาภิบาลข้อมูล (who may see the data)."""

    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal use")
    PERSONAL = "personal", _("Personal data")
    SECURITY = "security", _("Security")
    SECRET = "secret", _("Official secret")


class SourceType(models.TextChoices):
    SURVEY = "survey", _("Survey")
    CENSUS = "census", _("Census")
    REGISTER = "register", _("Register")
    ADMINISTRATIVE = "administrative", _("Administrative records")
    OTHER = "other", _("Other")


class UpdateUnit(models.TextChoices):
    """GD Catalog ความถี่ในการปรับปรุงข้อมูล: unit, with an interval beside it."""

    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")
    IRREGULAR = "irregular", _("Irregular")
    NEVER = "never", _("Not updated")


class Objective(models.TextChoices):
    """GD Catalog วัตถุประสงค์: what the dataset serves."""

    NATIONAL_STRATEGY = "national_strategy", _("National strategy")
    MASTER_PLAN = "master_plan", _("Master plan")
    NESDP = "nesdp", _("National economic and social development plan")
    REFORM = "reform", _("National reform plan")
    POLICY = "policy", _("Government policy")
    AREA_PLAN = "area_plan", _("Area development plan")
    MISSION = "mission", _("Agency mission")
    LAW = "law", _("Law or regulation")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    THAI = "th", _("Thai")
    ENGLISH = "en", _("English")
    BOTH = "th,en", _("Thai and English")


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Loaded")
    CHECKED = "checked", _("Checked (dry run, nothing written)")
    REJECTED = "rejected", _("Rejected (nothing written)")
    FAILED = "failed", _("Failed")
    UNDONE = "undone", _("Undone")
