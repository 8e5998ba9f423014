"""A number per producer group that grows whenever its records change: what is computed from the records and kept
(a group's evaluated gate) is valid only for the number it was computed at."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import ProducerGroup


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

    class Meta:
        verbose_name = _("records version")
        verbose_name_plural = _("records versions")

    def __str__(self) -> str:
        return f"{self.group_id}: {self.version}"
