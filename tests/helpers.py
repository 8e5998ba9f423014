"""Small helpers that many test modules need: import them rather than writing them again."""

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext


def page_text(response: HttpResponse) -> str:
    """The page's HTML as text, for `in` checks."""
    return response.content.decode()


def page_query_count(client: Client, url: str) -> int:
    """How many queries a GET of the page takes; the page must answer 200, or the count would mean nothing."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
