"""Signals other apps listen to."""

from django.dispatch import Signal

# Sent after the aggregates of some indicators were rebuilt (a load, an undo, grid entry, a
# refresh): ``indicator_ids`` is the set rebuilt.
values_refreshed = Signal()
