from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("two-factor/", views.two_factor_view, name="two_factor"),
    path("two-factor/setup/", views.two_factor_setup_view, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify_view, name="two_factor_verify"),
    path("two-factor/recovery-codes/", views.recovery_codes_view, name="recovery_codes"),
    path("two-factor/remove/", views.two_factor_remove_view, name="two_factor_remove"),
    path("language/", views.language_view, name="language"),
    path("language/switch/", views.language_switch_view, name="language_switch"),
    path("session/ping/", views.session_ping_view, name="session_ping"),
]
