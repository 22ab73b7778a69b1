"""The canvas's forms: a stage, a success factor, an indicator a factor needs, a new chain and a
copy of a template. They check what was typed; the functions in ``editing`` and ``library``
check the rest, and their errors come back to the field they concern."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.plans.models import PlanElement
from oneplan.stats.choices import Frequency
from oneplan.stats.models import Indicator
from oneplan.valuechains.models import ValueChain

CODE = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    gettext_lazy("Letters, digits, dots, dashes and underscores only, e.g. VC-12-DURIAN."),
)

# Codes that would shadow a page under /valuechains/ (see urls.py).
RESERVED_CODES = frozenset({"new"})


class KeyedForm(forms.Form):
    """A form whose ids are unique on a page holding many of its kind (``key`` names it)."""

    def __init__(self, *args: Any, key: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{key}-%s" if key else "id_%s")
        super().__init__(*args, **kwargs)
        self.key = key

    def take_errors(self, exc: ValidationError) -> None:
        """Put a domain function's errors on the fields they name (the rest on the form)."""
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc)


class StageForm(KeyedForm):
    name_th = forms.CharField(label=gettext_lazy("Thai name"), max_length=255)
    name_en = forms.CharField(label=gettext_lazy("English name"), max_length=255, required=False)


class FactorForm(KeyedForm):
    name_th = forms.CharField(label=gettext_lazy("Thai name"), max_length=500)
    name_en = forms.CharField(label=gettext_lazy("English name"), max_length=500, required=False)
    description = forms.CharField(
        label=gettext_lazy("description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
    )


class RequirementForm(KeyedForm):
    indicator = forms.CharField(
        label=gettext_lazy("Indicator"),
        max_length=32,
        help_text=gettext_lazy("type a code or a name and choose from the registry"),
        widget=forms.TextInput(attrs={"list": "indicator-options", "size": 14}),
    )
    frequency = forms.ChoiceField(
        label=gettext_lazy("needed frequency"),
        choices=[("", gettext_lazy("the indicator's own")), *Frequency.choices],
        required=False,
    )
    area_level = forms.ChoiceField(
        label=gettext_lazy("needed area level"),
        choices=[("", gettext_lazy("the indicator's own")), *AreaLevel.choices],
        required=False,
    )
    note = forms.CharField(label=gettext_lazy("note"), max_length=500, required=False)

    def clean_indicator(self) -> Indicator:
        code = self.cleaned_data["indicator"].strip()
        # The datalist offers "CODE · name"; a code typed alone is accepted too.
        code = code.split(" · ", 1)[0].strip()
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            raise ValidationError(_("%(code)s is not in the indicator registry.") % {"code": code})
        return indicator


class AreaChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.display_name((get_language() or 'th')[:2])}"


class IssueChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} {obj.name_th}".strip()


class ChainForm(KeyedForm):
    """A new chain, or a copy of a template: for which area and strategic issue, under what
    code and name."""

    area = AreaChoiceField(label=gettext_lazy("Area"), queryset=Area.objects.none())
    element = IssueChoiceField(
        label=gettext_lazy("Strategic issue"),
        queryset=PlanElement.objects.none(),
        required=False,
        empty_label=gettext_lazy("(link one later)"),
    )
    code = forms.CharField(label=gettext_lazy("Code"), max_length=32, validators=[CODE])
    name_th = forms.CharField(label=gettext_lazy("Thai name"), max_length=255)

    def __init__(
        self, *args: Any, areas: list[Area], issues: list[PlanElement], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        area_field: Any = self.fields["area"]
        area_field.queryset = Area.objects.filter(pk__in=[a.pk for a in areas]).order_by("code")
        element_field: Any = self.fields["element"]
        element_field.queryset = PlanElement.objects.filter(
            pk__in=[e.pk for e in issues]
        ).select_related("edition__plan__area")

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if code.lower() in RESERVED_CODES:
            raise ValidationError(_("%(code)s names a page; choose another code.") % {"code": code})
        if ValueChain.objects.filter(code=code).exists():
            raise ValidationError(_("The code %(code)s is taken.") % {"code": code})
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        area, element = data.get("area"), data.get("element")
        if area is not None and element is not None and element.edition.plan.area_id != area.pk:
            self.add_error(
                "element",
                _("%(issue)s is an issue of another area's plan.") % {"issue": element},
            )
        return data
