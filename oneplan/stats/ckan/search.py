"""``package_search``: free text, ``fq`` filters, paging, sorting and facets, as CKAN answers.

The query count is fixed: one count, one page with its three prefetches and one query per
requested facet, whatever the number of datasets.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest

from oneplan.core.search import search_names
from oneplan.stats.ckan import licenses
from oneplan.stats.ckan.dicts import dataset_dict, open_datasets, tags_of, with_details
from oneplan.stats.ckan.ids import organization_name
from oneplan.stats.ckan.params import (
    Params,
    SearchQueryError,
    boolean,
    integer,
    string_list,
    text,
)
from oneplan.stats.ckan.query import fielded_query, parse_filter, parse_sort
from oneplan.stats.models import Dataset, Resource

ROWS_DEFAULT = 10
ROWS_MAX = 1000  # CKAN's ckan.search.rows_max: larger requests are cut to it
FACET_LIMIT_DEFAULT = 50
FACET_FIELDS = ("organization", "groups", "tags", "res_format", "license_id")
_SOLR_SYNTAX = re.compile(r'[:"()\[\]{}+!^~*?\\/]')


def matching(params: Params) -> QuerySet[Dataset]:
    """The open datasets that ``q``, ``fq`` and ``fq_list`` select (unordered)."""
    datasets = open_datasets()
    query = text(params, "q")
    if query and query not in ("*:*", '""', "''"):
        fielded = fielded_query(query)
        if fielded is not None:
            datasets = datasets.filter(fielded)
        else:  # Solr's syntax characters are not words to look for
            datasets = search_names(datasets, _SOLR_SYNTAX.sub(" ", query))
    for fq in [text(params, "fq"), *string_list(params, "fq_list", split=False)]:
        datasets = datasets.filter(parse_filter(fq))
    return datasets


def _top(counts: Counter[str], limit: int, mincount: int) -> dict[str, int]:
    ranked = sorted(
        ((name, n) for name, n in counts.items() if n >= mincount), key=lambda x: (-x[1], x[0])
    )
    return dict(ranked if limit < 0 else ranked[:limit])


def _facet(field: str, ids: QuerySet[Any]) -> tuple[Counter[str], dict[str, str]]:
    """Counts of datasets by ``field`` value, and display names where they differ."""
    counts: Counter[str] = Counter()
    titles: dict[str, str] = {}
    datasets = Dataset.objects.filter(pk__in=ids).order_by()
    if field == "organization":
        owners = datasets.filter(owner__isnull=False).values(
            "owner__code", "owner__name_th", "owner__name_en"
        )
        for row in owners.annotate(n=Count("pk")):
            name = organization_name(row["owner__code"])
            counts[name] += row["n"]
            titles[name] = row["owner__name_th"] or row["owner__name_en"] or row["owner__code"]
    elif field == "tags":
        for dataset in datasets.only("tags"):
            counts.update(tags_of(dataset))
    elif field == "res_format":
        pairs = Resource.objects.filter(dataset__in=ids).values_list(
            "dataset_id", "resource_format"
        )
        counts.update(fmt for _, fmt in {(d, f.strip().upper()) for d, f in pairs if f.strip()})
    elif field == "license_id":
        in_use = datasets.exclude(license="").values("license").annotate(n=Count("pk"))
        for license_id, n in in_use.values_list("license", "n"):
            counts[license_id] = n
            titles[license_id] = licenses.lookup(license_id).title
    return counts, titles


def facets(params: Params, datasets: QuerySet[Dataset]) -> tuple[dict[str, Any], dict[str, Any]]:
    """CKAN's ``facets`` ({field: {value: count}}) and ``search_facets`` (with display names,
    items in CKAN's order: display name, descending)."""
    fields = string_list(params, "facet.field")
    if not fields or not boolean(params, "facet", True):
        return {}, {}
    unknown = [f for f in fields if f not in FACET_FIELDS]
    if unknown:
        raise SearchQueryError(
            f"facet.field: cannot facet on {', '.join(unknown)}; known: {', '.join(FACET_FIELDS)}"
        )
    limit = integer(params, "facet.limit", FACET_LIMIT_DEFAULT, minimum=None)
    mincount = integer(params, "facet.mincount", 1)
    ids = datasets.order_by().values("pk")
    plain: dict[str, Any] = {}
    described: dict[str, Any] = {}
    for field in fields:
        counts, titles = _facet(field, ids)
        top = _top(counts, limit, mincount)
        plain[field] = top
        items = sorted(
            (
                {"name": name, "display_name": titles.get(name, name), "count": n}
                for name, n in top.items()
            ),
            key=lambda item: str(item["display_name"]),
            reverse=True,
        )
        described[field] = {"title": field, "items": items}
    return plain, described


def package_search(params: Params, request: HttpRequest) -> dict[str, Any]:
    """Search the catalogue's open datasets.

    Parameters: ``q`` (words of the Thai or English title, notes or tags, segmented like
    OnePlan's own search; or fielded, e.g. ``tags:ประชากร``), ``fq`` / ``fq_list`` (filters on
    organization, owner_org, tags, res_format, license_id, name, id, metadata_modified,
    metadata_created), ``sort`` (metadata_modified, metadata_created, title_string, name or id,
    asc or desc; default ``metadata_modified desc``), ``rows`` (default 10, at most 1000),
    ``start``, ``facet.field`` (organization, groups, tags, res_format, license_id),
    ``facet.limit`` (default 50, -1 for all), ``facet.mincount`` (default 1), ``fl``.
    Returns ``count``, ``results``, ``facets``, ``search_facets`` and ``sort``.
    """
    rows = min(integer(params, "rows", ROWS_DEFAULT), ROWS_MAX)
    start = integer(params, "start", 0)
    sort = text(params, "sort")
    order = parse_sort(sort)
    fields = string_list(params, "fl")
    datasets = matching(params)
    plain, described = facets(params, datasets)
    count = datasets.count()
    start = min(start, count)  # a huge offset is an empty page, not a database error
    page = list(with_details(datasets.order_by(*order))[start : start + rows]) if rows else []
    results = [dataset_dict(dataset, request) for dataset in page]
    if fields:
        results = [{key: result[key] for key in fields if key in result} for result in results]
    return {
        "count": count,
        "results": results,
        "facets": plain,
        "search_facets": described,
        "sort": sort or "score desc, metadata_modified desc",
    }
