from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The time zones of the countries the programmes work in: a digest arrives on Monday morning where the person is.
TIME_ZONES = [
    ("Africa/Nairobi", _("East Africa (Nairobi, Kampala, Dar es Salaam)")),
    ("Africa/Johannesburg", _("Southern Africa (Johannesburg, Harare)")),
    ("Africa/Lagos", _("West and Central Africa (Lagos)")),
    ("Africa/Accra", _("West Africa (Accra, Abidjan)")),
    ("America/Lima", _("Andes (Lima, Bogotá)")),
    ("Europe/Amsterdam", _("Central Europe (Amsterdam)")),
    ("UTC", _("UTC")),
]


class NotificationPreference(models.Model):
    """What a person wants by e-mail. A person without a row gets both, in the app's time zone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    urgent = models.BooleanField(
        _("urgent reminders at once"),
        default=True,
        help_text=_("A certificate expiring within 7 days; an audit within 7 days with major findings still open."),
    )
    weekly = models.BooleanField(
        _("the weekly digest"), default=True, help_text=_("On Monday morning: everything due, most urgent first.")
    )
    time_zone = models.CharField(_("time zone"), max_length=40, choices=TIME_ZONES, default=settings.TIME_ZONE)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class NotificationKind(models.TextChoices):
    URGENT = "urgent", _("Urgent reminder")
    DIGEST = "digest", _("Weekly digest")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will be tried again")


class Notification(models.Model):
    """One message to one person: created once per person, kind and key (the reminder's key, or the digest's
    week), claimed by one run before it is sent, so that two beats or two workers never send it twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=8, choices=NotificationKind.choices)
    key = models.CharField(_("key"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(
        _("status"), max_length=8, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key"], name="notification_once")]

    def __str__(self) -> str:
        return self.subject
