"""The endpoint ``/api/3/action/<name>`` (and CKAN's unversioned ``/api/action/<name>``, which
ckanapi calls): parameters from the query string (GET) or a JSON or form body (POST), the
answer in CKAN's envelope ``{"help", "success", "result"}`` or ``{"help", "success": false,
"error": {"__type", "message", ...}}`` with CKAN's status codes (400, 404, 409)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router

from oneplan.stats.ckan.actions import ACTIONS
from oneplan.stats.ckan.params import ActionError, BadRequest

router = Router(tags=["CKAN-compatible catalogue"])

DESCRIPTION = (
    "CKAN Action API v3 read actions over the open (public) datasets of the catalogue, for "
    "ckanapi, CKAN harvesters and the GD Catalog: "
    + ", ".join(sorted(ACTIONS))
    + ". Parameters come as query parameters (GET) or a JSON object (POST). "
    "See `help_show?name=ACTION` for each action's parameters."
)


def _parameters(request: HttpRequest) -> dict[str, Any]:
    """The call's data: CKAN reads a JSON body, form fields or the query string."""
    if request.method == "POST":
        if request.content_type == "application/json" or (
            request.body and not request.POST and request.content_type != "multipart/form-data"
        ):
            try:
                data = json.loads(request.body or b"{}")
            except ValueError as exc:
                raise BadRequest(f"Bad request - JSON Error: {exc}") from None
            if not isinstance(data, dict):
                raise BadRequest(
                    "Bad request - JSON Error: the body must be a JSON object, "
                    f"not {type(data).__name__}"
                )
            return data
        source = request.POST
    else:
        source = request.GET
    return {key: values[0] if len(values) == 1 else values for key, values in source.lists()}


def _respond(body: dict[str, Any], status: int) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json;charset=utf-8",
    )


def call(request: HttpRequest, action: str) -> HttpResponse:
    """Run one action and wrap its result (or its refusal) in CKAN's envelope."""
    help_url = request.build_absolute_uri(
        reverse("api:ckan_action", kwargs={"action": "help_show"})
    )
    body: dict[str, Any] = {"help": f"{help_url}?{urlencode({'name': action})}"}
    try:
        function = ACTIONS.get(action)
        if function is None:
            raise BadRequest(f"Bad request - Action name not known: {action}")
        result = function(_parameters(request), request)
    except ActionError as error:
        return _respond({**body, "success": False, "error": error.error}, error.status)
    return _respond({**body, "success": True, "result": result}, 200)


@router.api_operation(
    ["GET", "POST"],
    "/3/action/{action}",
    url_name="ckan_action",
    summary="CKAN Action API (read actions)",
    description=DESCRIPTION,
)
def ckan_action(request: HttpRequest, action: str) -> HttpResponse:
    return call(request, action)


@router.api_operation(["GET", "POST"], "/action/{action}", include_in_schema=False)
def ckan_action_unversioned(request: HttpRequest, action: str) -> HttpResponse:
    return call(request, action)
