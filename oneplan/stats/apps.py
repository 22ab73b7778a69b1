from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "oneplan.stats"
    label = "stats"
    verbose_name = _("Indicators and data")
