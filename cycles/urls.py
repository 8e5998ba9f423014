from django.urls import path

from .views import groups, home

app_name = "cycles"
urlpatterns = [
    path("", home.home_view, name="home"),
    path("groups/<int:pk>/", groups.group_detail_view, name="group_detail"),
]
