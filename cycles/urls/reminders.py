"""URLs of the reminders: the "This week" page, the count in the menu, a person's e-mail choices and the link
that stops them."""

from django.urls import path

from ..views import notifications, reminders

urlpatterns = [
    path("this-week/", reminders.this_week_view, name="this_week"),
    path("this-week/count/", reminders.reminder_count_view, name="this_week_count"),
    path("account/notifications/", notifications.notifications_view, name="notifications"),
    path("reminders/stop/<str:token>/", notifications.reminders_stop_view, name="reminders_stop"),
]
