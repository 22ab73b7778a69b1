"""CKAN's error kinds and the readers of action parameters (query string or JSON body).

Each error carries the HTTP status and the ``__type`` CKAN gives it, so ckanapi turns it back
into the same exception (``NotFound``, ``ValidationError``, ``SearchQueryError``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

Params = Mapping[str, Any]
# Offsets beyond this are past any real catalogue's end; PostgreSQL refuses beyond bigint.
MAX_OFFSET = 2**31 - 1


class ActionError(Exception):
    """An action refused its input; ``error`` is the body's ``error`` member."""

    status = 400
    kind = "Bad Request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def error(self) -> dict[str, Any]:
        return {"__type": self.kind, "message": self.message}


class BadRequest(ActionError):
    """Not an action call at all: unknown action, unreadable body."""


class NotFound(ActionError):
    status = 404
    kind = "Not Found Error"

    def __init__(self, what: str) -> None:
        super().__init__(f"Not found: {what}")


class SearchQueryError(ActionError):
    """A search the catalogue cannot run: an unknown field in ``fq``, ``sort`` or facets."""

    kind = "Search Query Error"

    def __init__(self, message: str) -> None:
        super().__init__(f"Search Query is invalid: {message}")


class ValidationFailed(ActionError):
    """CKAN's "Validation Error": per-parameter messages beside ``__type`` (HTTP 409)."""

    status = 409
    kind = "Validation Error"

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.fields = {field: [problem]}

    @property
    def error(self) -> dict[str, Any]:
        return {"__type": self.kind, "message": self.message, **self.fields}


def _one(params: Params, key: str) -> Any:
    value = params.get(key)
    if isinstance(value, list):  # a repeated query parameter
        value = value[-1] if value else None
    return value


def text(params: Params, key: str, default: str = "") -> str:
    value = _one(params, key)
    if value is None:
        return default
    if isinstance(value, (dict, list)):
        raise ValidationFailed(key, "Must be a string")
    return str(value).strip()


def required(params: Params, *keys: str) -> str:
    """The first of ``keys`` given (CKAN accepts ``id`` or ``name_or_id`` for one thing)."""
    for key in keys:
        value = text(params, key)
        if value:
            return value
    raise ValidationFailed(keys[0], "Missing value")


def integer(params: Params, key: str, default: int, *, minimum: int | None = 0) -> int:
    """An integer parameter; CKAN's messages: "Invalid integer", "Must be a natural number"."""
    value = _one(params, key)
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValidationFailed(key, f"Invalid integer (got {value!r})")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationFailed(key, f"Invalid integer (got {value!r})") from None
    if minimum is not None and number < minimum:
        raise ValidationFailed(key, f"Must be a natural number (got {number})")
    return number


def boolean(params: Params, key: str, default: bool) -> bool:
    value = _one(params, key)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in {"true", "1", "yes", "on"}:
        return True
    if word in {"false", "0", "no", "off"}:
        return False
    raise ValidationFailed(key, f"Not a boolean value (got {value!r}); use true or false")


def string_list(params: Params, key: str, *, split: bool = True) -> list[str]:
    """A list given as a JSON list, a JSON-encoded list in one string (what CKAN's web front
    end sends for ``facet.field``), repeated query parameters, or one string: split into
    comma- or space-separated words, or kept whole when not ``split``."""
    value = params.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                value = json.loads(stripped)
            except ValueError:
                raise ValidationFailed(key, f"Could not parse as valid JSON: {value!r}") from None
        elif split:
            value = [part for part in stripped.replace(" ", ",").split(",") if part]
        else:
            value = [stripped]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationFailed(key, f"Must be a list of strings (got {value!r})")
    return [v.strip() for v in value if v.strip()]
