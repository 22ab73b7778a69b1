"""Administrative areas (DOPA codes), regions, province groups and their effective-dated links."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from oneplan.core.models import ChangeLoggedModel, NamedModel
from oneplan.geo.choices import DOPA_CODE_LENGTHS, DOPA_PARENT_LENGTH, AreaLevel

if TYPE_CHECKING:
    from collections.abc import Iterable


class AreaQuerySet(models.QuerySet["Area"]):
    def of_level(self, level: AreaLevel | str) -> AreaQuerySet:
        return self.filter(level=level)

    def within(self, area: Area, on: dt.date | None = None) -> AreaQuerySet:
        """Areas inside ``area``: by code prefix for DOPA areas, through memberships for
        regions and groups (as they stand on ``on``, today by default)."""
        prefixes = area.dopa_prefixes(on)
        if prefixes is None:
            return self.all()
        condition = Q(pk=area.pk)
        for prefix in prefixes:
            condition |= Q(code__startswith=prefix) & Q(code__regex=r"^[0-9]+$")
        if area.level in (AreaLevel.REGION, AreaLevel.PROVINCE_GROUP):
            condition |= Q(
                pk__in=AreaMembership.objects.current(on).filter(container=area).values("member")
            )
        return self.filter(condition)


class Area(NamedModel):
    """An area at any level; DOPA areas carry their Interior Ministry code as ``code``."""

    level = models.CharField(_("level"), max_length=20, choices=AreaLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    postal_codes = models.CharField(_("postal codes"), max_length=64, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)

    objects = AreaQuerySet.as_manager()
    url_name = "geo:area"

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        indexes = [models.Index(fields=["level", "code"], name="geo_area_level_code")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="geo_area_not_own_parent"
            ),
        ]

    def clean(self) -> None:
        errors = area_code_problems(self.code, self.level)
        if self.parent_id and self.level in DOPA_PARENT_LENGTH:
            expected = self.code[: DOPA_PARENT_LENGTH[AreaLevel(self.level)]]
            if self.parent is not None and self.parent.code != expected:
                errors.append(
                    _("The parent of %(code)s must be %(expected)s.")
                    % {"code": self.code, "expected": expected}
                )
        if errors:
            raise ValidationError({"code": errors})

    @property
    def is_dopa(self) -> bool:
        return self.level in DOPA_CODE_LENGTHS.values()

    def dopa_prefixes(self, on: dt.date | None = None) -> list[str] | None:
        """DOPA code prefixes this area covers; ``None`` means the whole country."""
        if self.level == AreaLevel.COUNTRY:
            return None
        if self.is_dopa:
            return [self.code]
        if self.level == AreaLevel.LOCAL_GOVERNMENT:
            return []
        return sorted(province_codes_in(self, on))

    def covers(self, other: Area, on: dt.date | None = None) -> bool:
        """True if ``other`` is this area or lies inside it."""
        if other.pk == self.pk:
            return True
        prefixes = self.dopa_prefixes(on)
        if prefixes is None:
            return True
        code = other.code if other.is_dopa else (other.parent.code if other.parent else "")
        if any(code.startswith(p) for p in prefixes if code):
            return True
        if other.level in (AreaLevel.PROVINCE_GROUP, AreaLevel.REGION):
            return AreaMembership.objects.current(on).filter(container=self, member=other).exists()
        return False

    def containers(self, on: dt.date | None = None) -> dict[str, Area]:
        """The province group and region this area belongs to on ``on`` (keys "group", "region")."""
        province = self.province()
        subject = province if province is not None else self
        found: dict[str, Area] = {}
        links = AreaMembership.objects.current(on).select_related("container")
        for link in links.filter(member=subject):
            key = "group" if link.container.level == AreaLevel.PROVINCE_GROUP else "region"
            found[key] = link.container
        if "group" in found and "region" not in found:
            for link in links.filter(member=found["group"], container__level=AreaLevel.REGION):
                found["region"] = link.container
        return found

    def province(self) -> Area | None:
        """The province this DOPA area lies in (itself for a province)."""
        if self.level == AreaLevel.PROVINCE:
            return self
        if self.is_dopa:
            return Area.objects.filter(code=self.code[:2], level=AreaLevel.PROVINCE).first()
        if self.level == AreaLevel.LOCAL_GOVERNMENT and self.parent is not None:
            return self.parent.province()
        return None

    def ancestors(self) -> list[Area]:
        """Administrative parents from the top down (country first)."""
        chain: list[Area] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class AreaMembershipQuerySet(models.QuerySet["AreaMembership"]):
    def current(self, on: dt.date | None = None) -> AreaMembershipQuerySet:
        """Links in force on ``on`` (today by default)."""
        day = on or dt.date.today()
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gt=day))


class AreaMembership(ChangeLoggedModel):
    """An effective-dated link: a province in a province group, a group in a region.

    Announcements move provinces between groups; a new link starts on a date and the old one
    ends on that date (``valid_to`` is exclusive), so history is kept.
    """

    member = models.ForeignKey(
        Area, verbose_name=_("member"), on_delete=models.CASCADE, related_name="memberships"
    )
    container = models.ForeignKey(
        Area, verbose_name=_("container"), on_delete=models.CASCADE, related_name="members"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until (exclusive)"), null=True, blank=True)
    source = models.CharField(_("announcement"), max_length=255, blank=True)

    objects = AreaMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["container__code", "member__code", "valid_from"]
        verbose_name = _("area membership")
        verbose_name_plural = _("area memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "container", "valid_from"], name="geo_membership_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="geo_membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.container} ({self.valid_from}–{self.valid_to or ''})"

    def clean(self) -> None:
        allowed = {
            AreaLevel.PROVINCE: {AreaLevel.PROVINCE_GROUP, AreaLevel.REGION},
            AreaLevel.PROVINCE_GROUP: {AreaLevel.REGION},
        }
        if self.container.level not in allowed.get(AreaLevel(self.member.level), set()):
            raise ValidationError(
                _("A %(member)s cannot be a member of a %(container)s.")
                % {
                    "member": self.member.get_level_display(),
                    "container": self.container.get_level_display(),
                }
            )
        overlapping = AreaMembership.objects.filter(
            member=self.member, container__level=self.container.level
        ).exclude(pk=self.pk)
        end = self.valid_to or dt.date.max
        for other in overlapping:
            other_end = other.valid_to or dt.date.max
            if other.valid_from < end and self.valid_from < other_end:
                raise ValidationError(
                    _("%(member)s already belongs to %(container)s from %(start)s.")
                    % {
                        "member": self.member,
                        "container": other.container,
                        "start": other.valid_from,
                    }
                )


def area_code_problems(code: str, level: str) -> list[str]:
    """What is wrong with ``code`` for an area of ``level`` (empty when nothing is)."""
    problems: list[str] = []
    if not code:
        return [str(_("The code is missing."))]
    expected = DOPA_CODE_LENGTHS.get(len(code)) if code.isdigit() else None
    if level in DOPA_CODE_LENGTHS.values():
        if not code.isdigit():
            problems.append(str(_("A DOPA code has digits only.")))
        elif expected != level:
            problems.append(
                str(
                    _("A %(level)s code has %(n)s digits.")
                    % {
                        "level": AreaLevel(level).label,
                        "n": next(n for n, lv in DOPA_CODE_LENGTHS.items() if lv == level),
                    }
                )
            )
    return problems


def province_codes_in(area: Area, on: dt.date | None = None) -> set[str]:
    """Codes of the provinces in a region or province group on ``on``."""
    links = AreaMembership.objects.current(on)
    direct = set(
        links.filter(container=area, member__level=AreaLevel.PROVINCE).values_list(
            "member__code", flat=True
        )
    )
    groups = links.filter(container=area, member__level=AreaLevel.PROVINCE_GROUP).values("member")
    via_groups = links.filter(container__in=groups, member__level=AreaLevel.PROVINCE).values_list(
        "member__code", flat=True
    )
    return direct | set(via_groups)


def areas_by_code(codes: Iterable[str]) -> dict[str, Area]:
    """Fetch many areas in one query, keyed by code."""
    return {a.code: a for a in Area.objects.filter(code__in=list(codes))}
