"""The upload form of the web import page: a data file, its mapping (a file or pasted text),
an optional sheet and dataset, and the dry-run and accept-valid choices."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from oneplan.core.importing import ImportRejected
from oneplan.exchange.mapping import DEFAULT_MAPPING, ImportMapping, parse_mapping
from oneplan.exchange.tables import EXCEL_SUFFIXES
from oneplan.stats.models import Dataset

DATA_SUFFIXES = frozenset({".csv", ".tsv"}) | EXCEL_SUFFIXES
MAPPING_SUFFIXES = frozenset({".toml", ".json"})
MAX_MAPPING_BYTES = 1_000_000


class DatasetChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.display_name((get_language() or 'th')[:2])}"


class UploadForm(forms.Form):
    """Checks what can be checked before the file is queued; the rows are checked by the
    load itself, in the background."""

    file = forms.FileField(
        label=gettext_lazy("Data file"),
        help_text=gettext_lazy("CSV, TSV or Excel (XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(DATA_SUFFIXES))}),
    )
    mapping_file = forms.FileField(
        label=gettext_lazy("Mapping file"),
        required=False,
        help_text=gettext_lazy("TOML or JSON; without a mapping the standard columns are expected"),
        widget=forms.ClearableFileInput(attrs={"accept": ".toml,.json"}),
    )
    mapping_text = forms.CharField(
        label=gettext_lazy("or paste the mapping"),
        required=False,
        strip=False,  # keep the lines as typed, so a TOML error's line and column are right
        widget=forms.Textarea(attrs={"rows": 8, "cols": 60, "spellcheck": "false"}),
    )
    sheet = forms.CharField(
        label=gettext_lazy("Sheet"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Excel only; default the mapping's sheet, else the first"),
    )
    dataset = DatasetChoiceField(
        label=gettext_lazy("Dataset"),
        queryset=Dataset.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("(as the mapping says, or none)"),
        help_text=gettext_lazy("the catalogue entry the values come from"),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Check only (dry run): show what would change, write nothing"),
        required=False,
    )
    accept_valid = forms.BooleanField(
        label=gettext_lazy("Load the valid rows and keep an error file of the others"),
        required=False,
    )

    mapping: ImportMapping = DEFAULT_MAPPING

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        name = upload.name or ""
        suffix = Path(name).suffix.lower()
        if suffix not in DATA_SUFFIXES:
            raise forms.ValidationError(
                _("%(name)s: a data file must be %(kinds)s, not %(suffix)s.")
                % {
                    "name": name,
                    "kinds": ", ".join(sorted(DATA_SUFFIXES)),
                    "suffix": suffix or _("a file without an extension"),
                }
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        read = self._read_mapping(data)
        if read is None:
            return data
        spec, name, field = read
        upload = data.get("file")
        if data.get("sheet"):
            if upload is not None and Path(upload.name or "").suffix.lower() not in EXCEL_SUFFIXES:
                self.add_error(
                    "sheet",
                    _("%(name)s is not a workbook; it has no sheets.") % {"name": upload.name},
                )
                return data
            spec["sheet"] = data["sheet"].strip()
        if data.get("dataset") is not None:
            spec["dataset"] = data["dataset"].code
        try:
            self.mapping = parse_mapping(spec, name)
        except ImportRejected as exc:
            for problem in exc.problems:
                self.add_error(field, str(problem))
        return data

    def _read_mapping(self, data: dict[str, Any]) -> tuple[dict[str, Any], str, str] | None:
        """The mapping as a dict, its name for messages and the field it came from; None
        (with the form's error set) when it cannot be read."""
        upload: UploadedFile[bytes] | None = data.get("mapping_file")
        text: str = data.get("mapping_text") or ""
        if upload is not None and text.strip():
            self.add_error(
                "mapping_text", _("Give the mapping as a file or as pasted text, not both.")
            )
            return None
        if upload is not None:
            name, field = Path(upload.name or "mapping").name, "mapping_file"
            if Path(name).suffix.lower() not in MAPPING_SUFFIXES:
                self.add_error(
                    field, _("%(name)s: a mapping is a .toml or .json file.") % {"name": name}
                )
                return None
            if (upload.size or 0) > MAX_MAPPING_BYTES:
                self.add_error(field, _("%(name)s is too large for a mapping.") % {"name": name})
                return None
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                self.add_error(
                    field,
                    _("%(name)s is not UTF-8 text (byte %(pos)s).")
                    % {"name": name, "pos": exc.start},
                )
                return None
            as_json = name.lower().endswith(".json")
        elif text.strip():
            name, field = _("pasted mapping"), "mapping_text"
            as_json = text.lstrip().startswith("{")
        else:
            return {}, "default", "mapping_text"
        try:
            parsed = json.loads(text) if as_json else tomllib.loads(text)
        except ValueError as exc:  # JSONDecodeError and TOMLDecodeError name line and column
            self.add_error(field, f"{name}: {exc}")
            return None
        if not isinstance(parsed, dict):
            self.add_error(field, _("%(name)s: a mapping is a table of keys.") % {"name": name})
            return None
        return parsed, name, field
