"""The project's URLs: the apps' own URLconfs, the admin, the login views (Django's, with ours in front) and the CSP
report endpoint."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView

from cycles.bench.bare import bare_view
from producers.accounts import views as accounts
from producers.api.docs import docs_view

from .security import csp_report_view

# The REST API, version 1: both apps' endpoints, the OpenAPI schema and its documentation page.
api_v1: tuple[list[URLPattern | URLResolver], str] = (
    [
        path("schema/", SpectacularAPIView.as_view(), name="schema"),
        path("docs/", docs_view, name="docs"),
        path("", include("producers.api.urls")),
        path("", include("cycles.api.urls")),
        # The cycles' read-only endpoints: phases, programmes, services, coordination runs, production figures.
        path("", include("cycles.api.read_urls")),
    ],
    "api",
)

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("admin/", admin.site.urls),
    # Before Django's own: the same names, with the second factor and the admin's password rules around them.
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/password_change/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/reset/<uidb64>/<token>/", accounts.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("accounts/api-tokens/", include("producers.api.page_urls")),
    path("accounts/", include("producers.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path(settings.CSP_REPORT_PATH.lstrip("/"), csp_report_view, name="csp_report"),
    path("", include("cycles.collect.urls")),
    path("", include("producers.urls")),
    path("", include("cycles.urls")),
]

# The floor of the stack that `manage.py benchmark_pages` measures every page against, on its own server only.
if settings.BENCHMARK_BARE_VIEW:
    urlpatterns.append(path("bench/bare/", bare_view, name="bench_bare"))
