"""CKAN identifiers for OnePlan records: UUID-shaped, stable and unique across OnePlan sites.

A harvester (ckanext-harvest) keeps a remote dataset's ``id`` as the id of its local copy, so
two provinces' "dataset 5" must not share an id. A dataset's or resource's id is a UUID of
version 8 (RFC 9562 "custom") holding the primary key in its first 48 bits, so "id asc" sorts
like the key and a lookup needs no table of ids, and 74 bits of a hash of the record's kind,
key and creation instant, which differ between sites. An organisation's id is a name-based
UUID of the agency code, which is national, so one agency has one id on every site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid

_PK_BITS = 48
_HASH_BITS = 128 - _PK_BITS
_VERSION_SHIFT = 76  # the version nibble: bits 76-79
_VARIANT_SHIFT = 62  # the RFC 4122/9562 variant: bits 62-63 = 0b10
# Fixed once for OnePlan: changing it would change every organisation and tag id.
NAMESPACE = uuid.UUID("ca072cff-11b8-4c8c-a50b-b79fa730774b")


def record_id(kind: str, pk: int, created: dt.datetime) -> str:
    """The id of a ``kind`` ("dataset", "resource") record created at ``created``."""
    stamp = created.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S%f")
    digest = hashlib.sha256(f"oneplan:{kind}:{pk}:{stamp}".encode()).digest()
    value = (pk << _HASH_BITS) | int.from_bytes(digest[: _HASH_BITS // 8], "big")
    value = (value & ~(0xF << _VERSION_SHIFT)) | (0x8 << _VERSION_SHIFT)
    value = (value & ~(0x3 << _VARIANT_SHIFT)) | (0x2 << _VARIANT_SHIFT)
    return str(uuid.UUID(int=value))


def pk_of(value: str) -> int | None:
    """The primary key inside a ``record_id`` (to be checked against the record), or None."""
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return None
    if parsed.version != 8:
        return None
    return parsed.int >> _HASH_BITS


_NAME_UNSAFE = re.compile(r"[^a-z0-9_-]+")


def organization_name(code: str) -> str:
    """CKAN's ``name`` of an agency: its code in lowercase, other characters as "-"."""
    return _NAME_UNSAFE.sub("-", code.lower()).strip("-") or "agency"


def organization_id(code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"agency:{code}"))


def tag_id(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"tag:{name}"))
