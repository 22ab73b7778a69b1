"""Effective-dated membership changes: one place for joining and moving between groups."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from oneplan.core.models import set_history_user
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area, AreaMembership


def join(
    member: Area,
    container: Area,
    valid_from: dt.date,
    source: str = "",
    user: AbstractBaseUser | None = None,
) -> int:
    """Record that ``member`` belongs to ``container`` from ``valid_from``; 0 if already so."""
    if AreaMembership.objects.filter(
        member=member, container=container, valid_from=valid_from
    ).exists():
        return 0
    link = AreaMembership(member=member, container=container, valid_from=valid_from, source=source)
    link.full_clean()
    set_history_user(link, user)
    link.save()
    return 1


def move(
    member: Area,
    new_container: Area,
    on: dt.date,
    source: str = "",
    user: AbstractBaseUser | None = None,
) -> AreaMembership:
    """Move ``member`` to ``new_container`` from ``on``, ending its current link of that kind
    the same day, so earlier reports still see the old grouping."""
    if new_container.level not in (AreaLevel.PROVINCE_GROUP, AreaLevel.REGION):
        raise ValidationError(_("A province can only move to a province group or a region."))
    with transaction.atomic():
        current = (
            AreaMembership.objects.current(on)
            .select_for_update()
            .filter(member=member, container__level=new_container.level)
            .first()
        )
        if current is not None:
            if current.container_id == new_container.pk:
                raise ValidationError(
                    _("%(member)s already belongs to %(container)s on %(day)s.")
                    % {"member": member, "container": new_container, "day": on}
                )
            if current.valid_from >= on:
                raise ValidationError(
                    _("The current link starts on %(start)s; a move must come after it.")
                    % {"start": current.valid_from}
                )
            current.valid_to = on
            set_history_user(current, user)
            current.save(update_fields=["valid_to", "last_updated"])
        link = AreaMembership(member=member, container=new_container, valid_from=on, source=source)
        link.full_clean()
        set_history_user(link, user)
        link.save()
    return link
