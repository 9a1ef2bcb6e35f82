"""Building blocks of the query-parameter filters (django-filter) that pages and the API share."""

import django_filters as filters
from django import forms
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field

from koers.core.periods import Tertiaal

MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """An object id: a positive whole number (no decimals, nothing beyond the database's range)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1900, "maximum": 2999})
class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class TertiaalFilter(filters.CharFilter):
    """A tertiaal as ``2024-T3`` (or ``T3 2024``)."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        try:
            key = Tertiaal.parse(value).key
        except (ValueError, TypeError, AttributeError):
            return qs.none()
        return qs.filter(**{self.field_name: key})


def text_search(fields):
    def method(queryset, name, value):
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)

    return method


class SelectOne(forms.Select):
    """A single select for a filter that takes a list (``?status=a&status=b`` in the API): the page sends one."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [v for v in values if v not in (None, "")]
