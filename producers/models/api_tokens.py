"""Personal tokens for the REST API: a script acts as its person, with their roles and scope."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """One of a person's API tokens. Only the SHA-256 of the token is kept: the token itself is shown once, when it
    is made. A revoked or expired token, or one whose person can no longer sign in, is refused at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("person")
    )
    label = models.CharField(_("name"), max_length=80, help_text=_("What uses it: 'Monthly indicator export'."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, so that a person can tell which token a script holds without the token being kept.
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"
