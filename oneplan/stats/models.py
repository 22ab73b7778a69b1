"""The indicator registry: what is measured, in what unit, and which way is better."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from oneplan.core.models import NamedModel
from oneplan.stats.choices import Direction


class Indicator(NamedModel):
    """A measure that plans set targets for and agencies report values of."""

    unit = models.CharField(_("unit"), max_length=64, blank=True)
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices, default=Direction.HIGHER
    )

    url_name = "stats:indicator"

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
