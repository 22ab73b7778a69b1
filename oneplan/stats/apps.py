from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "oneplan.stats"
    label = "stats"
    verbose_name = _("Indicators and data")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from oneplan.stats.models import Resource
        from oneplan.stats.receivers import touch_dataset

        post_delete.connect(touch_dataset, sender=Resource, dispatch_uid="stats-resource-gone")
