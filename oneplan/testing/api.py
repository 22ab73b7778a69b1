"""Small helpers for API tests."""

from __future__ import annotations

from typing import Any


def get_json(client: Any, url: str, status: int = 200, **params: Any) -> Any:
    """GET ``url`` with ``params``, check the status (showing the body if wrong), parse JSON."""
    response = client.get(url, params)
    assert response.status_code == status, response.content.decode()
    return response.json()
