"""The short ladder of abstract base models every OnePlan model stands on."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def set_history_user(obj: models.Model, user: Any) -> None:
    """Name who makes the next save of ``obj`` in its history (outside a web request)."""
    obj._history_user = user  # type: ignore[attr-defined]


class ChangeLoggedModel(models.Model):
    """Timestamps plus a full change history (who, when, before, after) in a shadow table."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class NamedModel(ChangeLoggedModel):
    """A record with a business code and a Thai and English name; Thai is shown first."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    url_name: str = ""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name_th or self.name_en or self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(self.url_name, kwargs={"code": self.code})

    def display_name(self, language: str = "th") -> str:
        """The name in the reader's language, falling back to the other one."""
        if language == "en":
            return self.name_en or self.name_th
        return self.name_th or self.name_en

    def build_search_text(self) -> str:
        """Pre-segmented text that name searches run against (see ``oneplan.lib.thaitext``)."""
        from oneplan.lib.thaitext import search_document

        return search_document(self.code, self.name_th, self.name_en)
