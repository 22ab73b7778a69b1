"""CKAN's dataset, resource and organisation dictionaries built from catalogue records.

Only datasets the open-catalogue rule admits (``permissions.open_catalogue_filter``) are
read, with their owner, coverage area, resources and provided indicators fetched in a fixed
number of queries whatever the page size.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpRequest

from oneplan.orgs.models import Agency
from oneplan.permissions import open_catalogue_filter
from oneplan.stats.ckan import licenses
from oneplan.stats.ckan.gd import gd_fields
from oneplan.stats.ckan.ids import organization_id, organization_name, record_id, tag_id
from oneplan.stats.models import Dataset, DatasetIndicator, Resource


def open_datasets() -> QuerySet[Dataset]:
    """The datasets anyone may harvest, with ``metadata_modified``: the later of the record's
    own change and its newest resource's, as in CKAN, where a resource edit touches both."""
    newest_resource = (
        Resource.objects.filter(dataset=OuterRef("pk"))
        .order_by("-last_updated")
        .values("last_updated")[:1]
    )
    return Dataset.objects.filter(open_catalogue_filter()).annotate(
        metadata_modified=Greatest(
            "last_updated", Coalesce(Subquery(newest_resource), "last_updated")
        )
    )


def with_details(datasets: QuerySet[Dataset]) -> QuerySet[Dataset]:
    """Everything a dataset dictionary reads, in four queries for any number of datasets."""
    return datasets.select_related("owner", "coverage_area").prefetch_related(
        "resources",
        Prefetch("provides", queryset=DatasetIndicator.objects.select_related("indicator")),
    )


def ckan_time(value: dt.datetime) -> str:
    """CKAN's timestamps: UTC without a zone suffix, to the microsecond."""
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def dataset_id(dataset: Dataset) -> str:
    return record_id("dataset", dataset.pk, dataset.created)


def resource_id(resource: Resource) -> str:
    return record_id("resource", resource.pk, resource.created)


def tags_of(dataset: Dataset) -> list[str]:
    tags: list[str] = []
    for tag in dataset.tags or []:
        name = str(tag).strip()
        if name and name not in tags:
            tags.append(name)
    return tags


def organization_dict(agency: Agency) -> dict[str, Any]:
    title = agency.name_th or agency.name_en or agency.code
    return {
        "id": organization_id(agency.code),
        "name": organization_name(agency.code),
        "title": title,
        "display_name": title,
        "title_en": agency.name_en,
        "description": agency.description,
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(agency.created),
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
        "type": "organization",
    }


def resource_dict(
    resource: Resource, position: int, package_id: str, request: HttpRequest
) -> dict[str, Any]:
    uploaded = bool(resource.upload) and not resource.url
    url = request.build_absolute_uri(resource.upload.url) if uploaded else resource.url
    return {
        "id": resource_id(resource),
        "package_id": package_id,
        "name": resource.name,
        "description": resource.description,
        "url": url,
        "url_type": "upload" if uploaded else None,
        "format": resource.resource_format,
        "mimetype": mimetypes.guess_type(url)[0] if url else None,
        "size": None,
        "hash": "",
        "position": position,
        "created": ckan_time(resource.created),
        "last_modified": ckan_time(resource.last_updated),
        "metadata_modified": ckan_time(resource.last_updated),
        "state": "active",
        "resource_type": None,
        "cache_url": None,
        "datastore_active": False,
    }


def dataset_dict(dataset: Dataset, request: HttpRequest) -> dict[str, Any]:
    """CKAN's ``package_show`` dictionary: core keys, then the GD Catalog keys beside them."""
    package_id = dataset_id(dataset)
    owner = dataset.owner
    organization = organization_dict(owner) if owner is not None else None
    tags = tags_of(dataset)
    resources = [
        resource_dict(resource, position, package_id, request)
        for position, resource in enumerate(dataset.resources.all())
    ]
    licence = licenses.lookup(dataset.license) if dataset.license else None
    modified: dt.datetime = getattr(dataset, "metadata_modified", None) or dataset.last_updated
    return {
        "id": package_id,
        "name": dataset.code,
        "title": dataset.name_th or dataset.name_en or dataset.code,
        "title_en": dataset.name_en,
        "notes": dataset.description,
        "url": dataset.url,
        "version": None,
        "author": owner.name_th if owner is not None else "",
        "author_email": None,
        "maintainer": dataset.maintainer,
        "maintainer_email": dataset.maintainer_email,
        "license_id": dataset.license,
        "license_title": licence.title if licence else None,
        "license_url": licence.url if licence else None,
        "isopen": licence.open if licence else False,
        "tags": [
            {
                "id": tag_id(name),
                "name": name,
                "display_name": name,
                "state": "active",
                "vocabulary_id": None,
            }
            for name in tags
        ],
        "num_tags": len(tags),
        "organization": organization,
        "owner_org": organization["id"] if organization else None,
        "groups": [],
        "metadata_created": ckan_time(dataset.created),
        "metadata_modified": ckan_time(modified),
        "resources": resources,
        "num_resources": len(resources),
        "state": "active",
        "type": "dataset",
        "private": False,
        "creator_user_id": None,
        "extras": [],
        "relationships_as_object": [],
        "relationships_as_subject": [],
        "indicators": [
            {
                "code": provided.indicator.code,
                "name": provided.indicator.name_th,
                "frequency": provided.frequency,
                "min_area_level": provided.min_area_level,
            }
            for provided in dataset.provides.all()
        ],
        **gd_fields(dataset),
    }
