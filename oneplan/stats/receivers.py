"""Keep a dataset's modification time honest when its resources go."""

from __future__ import annotations

from typing import Any

from django.utils import timezone


def touch_dataset(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A deleted resource changes its dataset: CKAN harvesters look at ``metadata_modified``
    (the later of the dataset's and its resources' times), which a deletion cannot raise."""
    from oneplan.stats.models import Dataset

    Dataset.objects.filter(pk=instance.dataset_id).update(last_updated=timezone.now())
