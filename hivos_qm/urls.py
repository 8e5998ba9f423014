"""The project's URLs: the apps' own URLconfs, the admin and the login views (Django's, with ours in front)."""

from django.contrib import admin
from django.urls import include, path

from producers.accounts import views as accounts

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before Django's own: the same names, with the second factor and the admin's password rules around them.
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/password_change/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/reset/<uidb64>/<token>/", accounts.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("accounts/", include("producers.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("producers.urls")),
    path("", include("cycles.urls")),
]
