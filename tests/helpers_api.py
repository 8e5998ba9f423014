"""Clients and requests for the API's write tests: a client per person, signed in with a token of their own."""

from typing import Any

from django.test import Client

from producers.api.tokens import api_token_create
from producers.models import User

PROBLEM = "application/problem+json"


def token_client(user: User) -> Client:
    raw = api_token_create(user=user, by=user, label="Test").raw
    return Client(headers={"Authorization": f"Token {raw}"})


def send(client: Client, method: str, url: str, body: dict[str, Any], etag: str | None = None) -> Any:
    """A JSON request, with If-Match when an ETag is given."""
    headers = {"If-Match": etag} if etag is not None else {}
    return getattr(client, method)(url, body, content_type="application/json", headers=headers)


def problem_of(response: Any, status: int) -> dict[str, Any]:
    """The problem document of a refused request, after checking its status and media type."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body
