"""Building a value chain: create it, add, rename, reorder and delete its stages and success
factors, and attach or remove the indicators a factor needs.

Pages, the API and loaders call these. Each asks ``oneplan.permissions`` first, unless
``user`` is None (a loader writing the demo or a template). Positions are kept 1, 2, 3, ...
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.core.models import set_history_user
from oneplan.geo.models import Area
from oneplan.permissions import Action, UserLike
from oneplan.plans.models import PlanElement
from oneplan.stats.models import Indicator
from oneplan.valuechains.models import Requirement, Stage, SuccessFactor, ValueChain

StageMove = Literal["left", "right"]
FactorMove = Literal["up", "down", "left", "right"]
# The usual three stages of the NSO method; a new chain starts with them.
DEFAULT_STAGES = (("ต้นน้ำ", "Upstream"), ("กลางน้ำ", "Midstream"), ("ปลายน้ำ", "Downstream"))

M = TypeVar("M", Stage, SuccessFactor)


def _require(user: UserLike | None, action: Action, obj: models.Model) -> None:
    if user is not None:
        permissions.require(user, action, obj)


def _save(obj: models.Model, user: UserLike | None, exclude: Sequence[str] = ()) -> None:
    obj.full_clean(exclude=list(exclude))
    if user is not None and user.is_authenticated:
        set_history_user(obj, user)
    obj.save()


def _reposition(items: list[M]) -> None:
    for i, item in enumerate(items, start=1):
        item.position = i
    if items:
        type(items[0]).objects.bulk_update(items, ["position"])


def _next_position(items: models.QuerySet[M]) -> int:
    return max((i.position for i in items), default=0) + 1


def create_chain(
    area: Area,
    user: UserLike | None,
    *,
    code: str,
    name_th: str,
    element: PlanElement | None = None,
    name_en: str = "",
    description: str = "",
    stages: Sequence[tuple[str, str]] = DEFAULT_STAGES,
) -> ValueChain:
    """A new chain of ``area`` for a strategic issue, with the usual three stages."""
    chain = ValueChain(
        code=code.strip(),
        name_th=name_th.strip(),
        name_en=name_en.strip(),
        description=description,
        area=area,
        element=element,
    )
    _require(user, Action.ADD, chain)
    with transaction.atomic():
        _save(chain, user, exclude=["search_text"])
        for name_th_, name_en_ in stages:
            add_stage(chain, None, name_th=name_th_, name_en=name_en_)
    return chain


def add_stage(
    chain: ValueChain, user: UserLike | None, *, name_th: str, name_en: str = ""
) -> Stage:
    """Append a stage (a column) at the end of the chain."""
    stage = Stage(chain=chain, name_th=name_th.strip(), name_en=name_en.strip())
    _require(user, Action.ADD, stage)
    stage.position = _next_position(chain.stages.all())
    _save(stage, user)
    return stage


def change_stage(stage: Stage, user: UserLike | None, *, name_th: str, name_en: str = "") -> Stage:
    _require(user, Action.CHANGE, stage)
    stage.name_th, stage.name_en = name_th.strip(), name_en.strip()
    _save(stage, user)
    return stage


def move_stage(stage: Stage, user: UserLike | None, move: StageMove) -> Stage:
    """Swap a stage with its neighbour on the left or right."""
    _require(user, Action.CHANGE, stage)
    if move not in ("left", "right"):
        raise ValidationError(_("Unknown move %(m)s") % {"m": move})
    with transaction.atomic():
        stages = list(stage.chain.stages.all())
        _swap(stages, stage, -1 if move == "left" else 1)
        _reposition(stages)
    stage.refresh_from_db()
    return stage


def delete_stage(stage: Stage, user: UserLike | None) -> None:
    """Delete a stage with its success factors and the indicators they need."""
    _require(user, Action.DELETE, stage)
    chain = stage.chain
    with transaction.atomic():
        stage.delete()
        _reposition(list(chain.stages.all()))


def add_factor(
    stage: Stage,
    user: UserLike | None,
    *,
    name_th: str,
    name_en: str = "",
    description: str = "",
) -> SuccessFactor:
    """Append a success factor (a card) at the bottom of a stage."""
    factor = SuccessFactor(
        stage=stage, name_th=name_th.strip(), name_en=name_en.strip(), description=description
    )
    _require(user, Action.ADD, factor)
    factor.position = _next_position(stage.factors.all())
    _save(factor, user)
    return factor


def change_factor(
    factor: SuccessFactor,
    user: UserLike | None,
    *,
    name_th: str,
    name_en: str = "",
    description: str = "",
) -> SuccessFactor:
    _require(user, Action.CHANGE, factor)
    factor.name_th, factor.name_en = name_th.strip(), name_en.strip()
    factor.description = description.strip()
    _save(factor, user)
    return factor


def move_factor(factor: SuccessFactor, user: UserLike | None, move: FactorMove) -> SuccessFactor:
    """Up or down within its stage, or to the end of the stage on the left or right."""
    _require(user, Action.CHANGE, factor)
    with transaction.atomic():
        siblings = list(factor.stage.factors.all())
        if move in ("up", "down"):
            _swap(siblings, factor, -1 if move == "up" else 1)
            _reposition(siblings)
        elif move in ("left", "right"):
            stages = list(factor.stage.chain.stages.all())
            at = next(i for i, s in enumerate(stages) if s.pk == factor.stage_id)
            to = at + (-1 if move == "left" else 1)
            if not 0 <= to < len(stages):
                raise ValidationError(_("There is no stage on that side."))
            _reposition([s for s in siblings if s.pk != factor.pk])
            factor.stage = stages[to]
            factor.position = _next_position(stages[to].factors.all())
            _save(factor, user)
        else:
            raise ValidationError(_("Unknown move %(m)s") % {"m": move})
    factor.refresh_from_db()
    return factor


def delete_factor(factor: SuccessFactor, user: UserLike | None) -> None:
    """Delete a success factor and the indicators it needs."""
    _require(user, Action.DELETE, factor)
    stage = factor.stage
    with transaction.atomic():
        factor.delete()
        _reposition(list(stage.factors.all()))


def add_requirement(
    factor: SuccessFactor,
    user: UserLike | None,
    indicator: Indicator,
    *,
    frequency: str = "",
    area_level: str = "",
    note: str = "",
) -> Requirement:
    """Say that ``factor`` needs ``indicator`` (a line of the area's data list)."""
    chain = factor.stage.chain
    need = Requirement(
        area=chain.area,
        indicator=indicator,
        factor=factor,
        frequency=frequency,
        area_level=area_level,
        note=note.strip(),
    )
    _require(user, Action.ADD, need)
    if factor.requirements.filter(indicator=indicator).exists():
        raise ValidationError(
            {"indicator": _("%(code)s is already on this card.") % {"code": indicator.code}}
        )
    _save(need, user)
    return need


def remove_requirement(need: Requirement, user: UserLike | None) -> None:
    _require(user, Action.DELETE, need)
    if user is not None and user.is_authenticated:
        set_history_user(need, user)
    need.delete()


def _swap(items: list[M], item: M, step: int) -> None:
    at = next(i for i, s in enumerate(items) if s.pk == item.pk)
    other = at + step
    if 0 <= other < len(items):
        items[at], items[other] = items[other], items[at]
