"""The API's documentation page: Swagger UI from drf-spectacular-sidecar's static files, started by a static script
(static/js/api-docs.js), so that it runs under the app's Content-Security-Policy without inline code."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


def docs_view(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema")})
