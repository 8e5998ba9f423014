"""URLs of a farmer's data requests: their data as one file, and its erasure."""

from django.urls import path

from ..views import farmer_data

urlpatterns = [
    path("members/<int:pk>/data/", farmer_data.member_data_view, name="member_data"),
    path("members/<int:pk>/erase/", farmer_data.member_erase_view, name="member_erase"),
]
