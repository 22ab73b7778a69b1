"""API authentication: reads are open; writes need a token (``Authorization: Token <key>`` or
``Bearer <key>``) or a logged-in browser session with its CSRF token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyHeader, SessionAuth

from oneplan.orgs.models import ApiToken


class TokenAuth(APIKeyHeader):
    param_name = "Authorization"
    openapi_description = "Authorization: Token <key> (or Bearer <key>)"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not key:
            return None
        scheme, _, value = key.partition(" ")
        if scheme.lower() not in {"token", "bearer"} or not value.strip():
            return None
        token = ApiToken.authenticate(value.strip())
        if token is None:
            return None
        # Touch last_used at most once a minute so reads of busy tokens stay cheap.
        now = timezone.now()
        if token.last_used is None or (now - token.last_used).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        request.user = token.user
        return token.user


WRITE_AUTH = [TokenAuth(), SessionAuth()]
