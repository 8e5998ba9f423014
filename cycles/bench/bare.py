"""The floor of the stack: a page that makes one query and renders one small template, behind the same middleware
as every page (session, login, second factor, language, CSP). The page benchmark measures every page against it.
The template is rendered without the request, so without the app's context processors: what they cost (the menu,
the session warning) is the pages' cost, and is measured on them. Served only where DJANGO_BENCHMARK_BARE_VIEW is
set (the benchmark's own server)."""

from django.http import HttpRequest, HttpResponse
from django.template import loader

from producers.models import ProducerGroup


def bare_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(loader.get_template("bench/bare.html").render({"groups": ProducerGroup.objects.count()}))
