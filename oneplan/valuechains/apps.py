from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValueChainsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "oneplan.valuechains"
    verbose_name = _("Value chains and data gaps")

    def ready(self) -> None:
        from oneplan.stats.signals import values_refreshed
        from oneplan.valuechains.receivers import close_gaps_when_data_arrives

        values_refreshed.connect(close_gaps_when_data_arrives, dispatch_uid="valuechains-gaps")
