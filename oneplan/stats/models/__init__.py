"""Indicators, the data catalogue, observations and their aggregates."""

from oneplan.stats.models.catalogue import Dataset, DatasetIndicator, Resource
from oneplan.stats.models.locks import LockException
from oneplan.stats.models.observations import (
    AggregateValue,
    Freshness,
    ImportBatch,
    Observation,
    PriorValue,
)
from oneplan.stats.models.registry import Category, CategorySet, Indicator

__all__ = [
    "AggregateValue",
    "Category",
    "CategorySet",
    "Dataset",
    "DatasetIndicator",
    "Freshness",
    "ImportBatch",
    "Indicator",
    "LockException",
    "Observation",
    "PriorValue",
    "Resource",
]
