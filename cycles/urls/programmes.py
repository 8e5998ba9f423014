"""Support programmes and their logical frameworks: read by coordinators and donors, changed by coordinators."""

from django.urls import path

from ..views import iati, programmes

urlpatterns = [
    path("programmes/", programmes.programme_list_view, name="programme_list"),
    path("programmes/<int:pk>/", programmes.programme_detail_view, name="programme_detail"),
    path("programmes/<int:pk>/groups/", programmes.programme_groups_view, name="programme_groups"),
    path("programmes/<int:pk>/iati/", iati.programme_iati_view, name="programme_iati"),
    path("programmes/<int:pk>/iati.xml", iati.programme_iati_xml_view, name="programme_iati_xml"),
    path("programmes/<int:pk>/rows/new/", programmes.logframe_row_create_view, name="logframe_row_create"),
    path("logframe-rows/<int:pk>/edit/", programmes.logframe_row_update_view, name="logframe_row_update"),
    path("logframe-rows/<int:pk>/delete/", programmes.logframe_row_delete_view, name="logframe_row_delete"),
    path(
        "logframe-rows/<int:pk>/indicators/new/",
        programmes.logframe_indicator_create_view,
        name="logframe_indicator_create",
    ),
    path(
        "logframe-indicators/<int:pk>/edit/",
        programmes.logframe_indicator_update_view,
        name="logframe_indicator_update",
    ),
    path(
        "logframe-indicators/<int:pk>/delete/",
        programmes.logframe_indicator_delete_view,
        name="logframe_indicator_delete",
    ),
    path("logframe-indicators/<int:pk>/targets/", programmes.logframe_target_set_view, name="logframe_target_set"),
    path("logframe-indicators/<int:pk>/actuals/", programmes.logframe_actual_enter_view, name="logframe_actual_enter"),
]
