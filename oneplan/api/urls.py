"""The NinjaAPI instance: OpenAPI at /api/openapi.json, interactive docs at /api/docs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI

from oneplan.analysis.api import router as analysis_router
from oneplan.api.renderer import ThaiJSONRenderer
from oneplan.geo.api import router as geo_router
from oneplan.orgs.api import router as orgs_router
from oneplan.plans.api import router as plans_router
from oneplan.projects.api import router as projects_router
from oneplan.stats.api import router as stats_router
from oneplan.stats.ckan import router as ckan_router
from oneplan.stats.kpi.api import router as kpi_router
from oneplan.valuechains.api import router as valuechains_router

api = NinjaAPI(
    title="OnePlan API",
    version="1",
    description="Plans, areas, agencies and data of OnePlan. Reads are open; writes need a token.",
    renderer=ThaiJSONRenderer(),
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)
api.add_router("/", geo_router)
api.add_router("/", orgs_router)
api.add_router("/", plans_router)
api.add_router("/", stats_router)
api.add_router("/", ckan_router)  # /api/3/action/... (CKAN Action API)
api.add_router("/", kpi_router)
api.add_router("/", valuechains_router)
api.add_router("/", projects_router)
api.add_router("/", analysis_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Permission denied"}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found"}, status=404)
