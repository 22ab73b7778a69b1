"""Distinguishing tokens (numbers and place names) of two requests, compared kind by kind."""

from __future__ import annotations

from collections.abc import Iterable

from oneplan.lib.duplicates.normalise import NAMED_KINDS, Token

# Named places are written without a space before the next word, so a name may run on
# ("บ้านสวนเพื่อ..."): for those one name may be the start of the other.
_RUN_ON_KINDS = frozenset(NAMED_KINDS)


def similar_names(a: str, b: str, *, run_on: bool = False) -> bool:
    """Whether two place names may be the same place: equal, "เมือง" for "เมืองแพร่" (the
    capital district), from four letters on one slip of the keyboard apart, and with
    ``run_on`` one the start of the other."""
    if a == b or (run_on and (a.startswith(b) or b.startswith(a))):
        return True
    if "เมือง" in (a, b) and (a.startswith("เมือง") and b.startswith("เมือง")):
        return True
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    # One letter left out, added or changed at the first difference; the rest must agree.
    return (
        a[start + 1 :] == b[start:]
        or a[start:] == b[start + 1 :]
        or a[start + 1 :] == b[start + 1 :]
    )


def _covers(these: frozenset[str], those: frozenset[str], kind: str, *, fuzzy: bool) -> bool:
    """Whether every one of ``those`` is matched by one of ``these``."""
    if fuzzy:
        run_on = kind in _RUN_ON_KINDS
        return all(any(similar_names(a, b, run_on=run_on) for a in these) for b in those)
    return those <= these


Grouped = dict[str, frozenset[str]]  # distinguishing tokens by kind: {"หมู่": {"3", "4"}}


def grouped(tokens: Iterable[Token]) -> Grouped:
    """Tokens by kind, as ``conflicts`` takes them."""
    kinds: dict[str, set[str]] = {}
    for kind, value in tokens:
        kinds.setdefault(kind, set()).add(value)
    return {kind: frozenset(values) for kind, values in kinds.items()}


def conflicts(a: Grouped, b: Grouped, *, fuzzy: bool = False) -> list[tuple[str, str, str]]:
    """The kinds on which ``a`` and ``b`` disagree, as (kind, a's values, b's values).

    A kind disagrees when both texts name it and neither's values include the other's: a
    rewrite that drops one of three villages does not disagree; "หมู่ 3" against "หมู่ 5"
    does. With ``fuzzy``, names match by ``similar_names``.
    """
    found = []
    for kind in sorted(a.keys() & b.keys()) if a and b else ():
        va, vb = a[kind], b[kind]
        if va == vb:
            continue
        if not (_covers(va, vb, kind, fuzzy=fuzzy) or _covers(vb, va, kind, fuzzy=fuzzy)):
            only_a = ",".join(sorted(va - vb, key=_sort_key))
            only_b = ",".join(sorted(vb - va, key=_sort_key))
            found.append((kind, only_a, only_b))
    return found


def _sort_key(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), value)
    except ValueError:
        return (1, 0.0, value)
