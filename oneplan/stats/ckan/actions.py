"""The read actions of CKAN's Action API v3 over OnePlan's open catalogue.

Each action takes the call's parameters and the request and returns the ``result`` of CKAN's
envelope, or raises one of the errors in ``params``. Organisations are the agencies that own
open datasets (``organization_show`` also answers for any other agency, with no datasets).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from pythainlp.util import collate

from oneplan.orgs.models import Agency
from oneplan.stats.ckan import licenses
from oneplan.stats.ckan.dicts import (
    dataset_dict,
    dataset_id,
    open_datasets,
    organization_dict,
    resource_dict,
    resource_id,
    tags_of,
    with_details,
)
from oneplan.stats.ckan.ids import pk_of, tag_id
from oneplan.stats.ckan.params import (
    MAX_OFFSET,
    NotFound,
    Params,
    ValidationFailed,
    boolean,
    integer,
    required,
    string_list,
    text,
)
from oneplan.stats.ckan.query import agency_by_name_or_id, parse_sort
from oneplan.stats.ckan.search import ROWS_MAX, package_search
from oneplan.stats.models import Dataset, Resource

Action = Callable[[Params, HttpRequest], Any]
# The CKAN release whose read actions and answers these follow; clients gate features on it.
CKAN_VERSION = "2.10.0"
ORGANIZATIONS_MAX = 1000  # CKAN's ckan.group_and_organization_list_max
ORGANIZATIONS_ALL_FIELDS_MAX = 25  # CKAN's ckan.group_and_organization_list_all_fields_max


def package_list(params: Params, request: HttpRequest) -> list[str]:
    """Names of the open datasets, sorted; ``limit`` and ``offset`` page them."""
    names = open_datasets().order_by("code").values_list("code", flat=True)
    offset = min(integer(params, "offset", 0), MAX_OFFSET)
    limit = min(integer(params, "limit", 0), MAX_OFFSET)
    return list(names[offset : offset + limit] if limit else names[offset:])


def _dataset(value: str) -> Dataset:
    datasets = with_details(open_datasets())
    found = datasets.filter(code=value).first()
    if found is None:
        pk = pk_of(value)
        found = datasets.filter(pk=pk).first() if pk is not None else None
        if found is not None and dataset_id(found) != value.lower():
            found = None
    if found is None:
        raise NotFound(f"dataset {value!r}")
    return found


def package_show(params: Params, request: HttpRequest) -> dict[str, Any]:
    """One open dataset by ``id`` (its name or its id), with resources and GD Catalog keys."""
    return dataset_dict(_dataset(required(params, "id", "name_or_id")), request)


def resource_show(params: Params, request: HttpRequest) -> dict[str, Any]:
    """One resource of an open dataset by ``id``."""
    value = required(params, "id")
    pk = pk_of(value)
    resource = (
        Resource.objects.select_related("dataset")
        .filter(pk=pk, dataset__in=open_datasets().values("pk"))
        .first()
        if pk is not None
        else None
    )
    if resource is None or resource_id(resource) != value.lower():
        raise NotFound(f"resource {value!r}")
    siblings = list(
        Resource.objects.filter(dataset=resource.dataset_id).values_list("pk", flat=True)
    )
    return resource_dict(
        resource, siblings.index(resource.pk), dataset_id(resource.dataset), request
    )


def _dataset_counts() -> dict[int, int]:
    rows = (
        open_datasets()
        .filter(owner__isnull=False)
        .order_by()
        .values("owner")
        .annotate(n=Count("pk"))
    )
    return {row["owner"]: row["n"] for row in rows}


def organization_list(params: Params, request: HttpRequest) -> list[Any]:
    """Names of the agencies that own open datasets, or their dictionaries with
    ``all_fields=true``. ``sort`` (name, title or package_count, asc or desc; default
    "title asc"), ``q`` (part of the name or title), ``organizations`` (names to keep),
    ``limit`` (at most 1000 names or 25 dictionaries, as in CKAN) and ``offset``."""
    all_fields = boolean(params, "all_fields", False)
    ceiling = ORGANIZATIONS_ALL_FIELDS_MAX if all_fields else ORGANIZATIONS_MAX
    limit = min(integer(params, "limit", ceiling) or ceiling, ceiling)
    offset = integer(params, "offset", 0)
    counts = _dataset_counts()
    rows = [
        (organization_dict(agency), counts[agency.pk])
        for agency in Agency.objects.filter(pk__in=counts)
    ]
    query = text(params, "q").casefold()
    if query:
        rows = [r for r in rows if query in r[0]["name"] or query in r[0]["title"].casefold()]
    keep = set(string_list(params, "organizations"))
    if keep:
        rows = [r for r in rows if r[0]["name"] in keep]
    sort = text(params, "sort") or "title asc"
    field, _, direction = sort.partition(" ")
    # Titles in Thai dictionary order (leading vowels such as เ- sort under their consonant).
    thai_order = {title: n for n, title in enumerate(collate(r[0]["title"] for r in rows))}
    keys: dict[str, Callable[[tuple[dict[str, Any], int]], Any]] = {
        "name": lambda r: r[0]["name"],
        "title": lambda r: (thai_order[r[0]["title"]], r[0]["name"]),
        "package_count": lambda r: (r[1], r[0]["name"]),
    }
    if field not in keys or direction.strip().lower() not in ("", "asc", "desc"):
        raise ValidationFailed("sort", f"Cannot sort by {sort!r}; use name, title or package_count")
    rows.sort(key=keys[field], reverse=direction.strip().lower() == "desc")
    rows = rows[offset : offset + limit]
    if not all_fields:
        return [org["name"] for org, _ in rows]
    return [{**org, "package_count": n} for org, n in rows]


def organization_show(params: Params, request: HttpRequest) -> dict[str, Any]:
    """One agency by ``id`` (its name or id) with ``package_count``; ``include_datasets=true``
    adds its open datasets (at most 1000) under ``packages``."""
    value = required(params, "id")
    agency = agency_by_name_or_id(value)
    if agency is None:
        raise NotFound(f"organization {value!r}")
    datasets = open_datasets().filter(owner=agency)
    result = {**organization_dict(agency), "package_count": datasets.count()}
    if boolean(params, "include_datasets", False):
        page = with_details(datasets.order_by(*parse_sort("name asc")))[:ROWS_MAX]
        result["packages"] = [dataset_dict(dataset, request) for dataset in page]
    return result


def tag_list(params: Params, request: HttpRequest) -> list[Any]:
    """The tags of open datasets, sorted; ``query`` keeps those containing it; ``all_fields``
    gives dictionaries. OnePlan has free tags only: a ``vocabulary_id`` is not found."""
    vocabulary = text(params, "vocabulary_id")
    if vocabulary:
        raise NotFound(f"vocabulary {vocabulary!r}")
    names: set[str] = set()
    for dataset in open_datasets().only("tags"):
        names.update(tags_of(dataset))
    query = text(params, "query").casefold()
    ordered = sorted(n for n in names if query in n.casefold())
    if boolean(params, "all_fields", False):
        return [
            {"id": tag_id(n), "name": n, "display_name": n, "vocabulary_id": None} for n in ordered
        ]
    return ordered


def license_list(params: Params, request: HttpRequest) -> list[dict[str, Any]]:
    """The licences OnePlan knows, then any other licence an open dataset uses."""
    used = set(open_datasets().exclude(license="").values_list("license", flat=True))
    known = [lic.as_dict() for lic in licenses.REGISTER.values()]
    return known + [licenses.lookup(i).as_dict() for i in sorted(used - set(licenses.REGISTER))]


def _oneplan_version() -> str:
    try:
        return version("oneplan")
    except PackageNotFoundError:
        return "unknown"


def status_show(params: Params, request: HttpRequest) -> dict[str, Any]:
    """The site: its address, title, default language and the CKAN API level it follows."""
    return {
        "site_title": "OnePlan",
        "site_description": "แผนพัฒนาพื้นที่และบัญชีข้อมูลของจังหวัด (OnePlan)",
        "site_url": request.build_absolute_uri("/").rstrip("/"),
        "ckan_version": CKAN_VERSION,
        "oneplan_version": _oneplan_version(),
        "error_emails_to": None,
        "locale_default": "th",
        "extensions": ["oneplan"],
    }


def help_show(params: Params, request: HttpRequest) -> str:
    """What an action (``name``) does and which parameters it reads."""
    name = required(params, "name")
    action = ACTIONS.get(name)
    if action is None:
        raise NotFound(f"action {name!r}")
    return inspect.getdoc(action) or ""


ACTIONS: dict[str, Action] = {
    action.__name__: action
    for action in (
        package_list,
        package_show,
        package_search,
        resource_show,
        organization_list,
        organization_show,
        tag_list,
        license_list,
        status_show,
        help_show,
    )
}
