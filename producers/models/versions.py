"""A number per producer group that grows whenever its records change: what is computed from the records and kept
(a group's evaluated gate) is valid only for the number it was computed at."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisations import ProducerGroup
from .programmes import Programme


class RecordsVersion(models.Model):
    """Bumped by `producers.records_version.records_changed`, inside the transaction of every service that writes
    a record a computed page reads. A row of its own rather than a column of the group: nothing else locks it."""

    group = models.OneToOneField(
        ProducerGroup,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="records_version",
        verbose_name=_("producer group"),
    )
    version = models.PositiveBigIntegerField(_("version"), default=0)
    # When the number last grew. A page kept for a number (producers.page_cache) is kept for this moment too: if a
    # database restored from a backup counts again from an older number, the moments differ and nothing kept for
    # the lost future is taken for the present.
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("records version")
        verbose_name_plural = _("records versions")

    def __str__(self) -> str:
        return f"{self.group_id}: {self.version}"


class ProgrammeVersion(models.Model):
    """The same for a programme's own records (its groups, its logical framework, its IATI identifiers), bumped by
    `producers.records_version.programme_changed`: the programme page is kept for it (producers.page_cache)."""

    programme = models.OneToOneField(
        Programme,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="records_version",
        verbose_name=_("programme"),
    )
    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("programme records version")
        verbose_name_plural = _("programme records versions")

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.version}"
