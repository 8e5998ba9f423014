from django.urls import path

from .views import members

app_name = "producers"
urlpatterns = [
    path("groups/<int:pk>/members/", members.member_list_view, name="member_list"),
    path("groups/<int:pk>/plots/", members.plot_list_view, name="plot_list"),
    path("members/<int:pk>/", members.member_detail_view, name="member_detail"),
]
