"""A CKAN-compatible read API over the data catalogue, so that ckanapi, CKAN harvesters and
Thailand's GD Catalog can read OnePlan's open datasets (see docs/user/api.md)."""

from oneplan.stats.ckan.views import router

__all__ = ["router"]
