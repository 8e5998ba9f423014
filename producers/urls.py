from django.urls import path

from .views import members, register

app_name = "producers"
urlpatterns = [
    path("groups/<int:pk>/members/", members.member_list_view, name="member_list"),
    path("groups/<int:pk>/members/new/", register.member_create_view, name="member_create"),
    path("groups/<int:pk>/members/import/", register.member_import_view, name="member_import"),
    path("groups/<int:pk>/members/import/confirm/", register.member_import_confirm_view, name="member_import_confirm"),
    path(
        "groups/<int:pk>/members/import/template/", register.member_import_template_view, name="member_import_template"
    ),
    path("groups/<int:pk>/members/export/", register.member_export_view, name="member_export"),
    path("groups/<int:pk>/plots/", members.plot_list_view, name="plot_list"),
    path("members/<int:pk>/", members.member_detail_view, name="member_detail"),
    path("members/<int:pk>/edit/", register.member_update_view, name="member_update"),
    path("members/<int:pk>/status/", register.member_status_view, name="member_status"),
    path("members/<int:pk>/plots/new/", register.plot_create_view, name="plot_create"),
    path("plots/<int:pk>/edit/", register.plot_update_view, name="plot_update"),
]
