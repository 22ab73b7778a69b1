"""How a domain function's ``ValidationError`` reaches an API caller: one 422 naming every
field and its problems ("funding[2].amount_requested: ...; meeting: ...")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from ninja.errors import HttpError


def invalid(exc: ValidationError) -> HttpError:
    if hasattr(exc, "error_dict"):
        text = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    else:
        text = " ".join(exc.messages)
    return HttpError(422, text)
