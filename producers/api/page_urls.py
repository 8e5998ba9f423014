"""The token page, beside a person's other account pages."""

from django.urls import path

from . import pages

urlpatterns = [
    path("", pages.tokens_view, name="api_tokens"),
    path("<int:pk>/revoke/", pages.token_revoke_view, name="api_token_revoke"),
]
