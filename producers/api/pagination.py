"""Cursor paging for every list: a page costs the same whatever its position, and stays put while records are
added."""

from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "pk"
