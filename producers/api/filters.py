"""Filters the API's lists share."""

from typing import Any

import django_filters

# The largest id a database column holds (a 64-bit integer, DEFAULT_AUTO_FIELD): a larger one in a filter is a 400
# with the filter named, not a database error.
MAX_ID = 2**63 - 1


def id_filter(field_name: str, **kwargs: Any) -> django_filters.NumberFilter:
    """A filter on the id of a related record."""
    return django_filters.NumberFilter(field_name=field_name, min_value=1, max_value=MAX_ID, **kwargs)
