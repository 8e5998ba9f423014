"""A group's gate as last evaluated (`cycles.gates_stored`): the pages read it instead of evaluating every computed
criterion on every request."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from producers.models import ProducerGroup


class StoredGate(models.Model):
    """The criteria of the group's phase, evaluated on `evaluated_on` at records version `version`, with their
    texts in `language`. Valid while both are still the group's: the next day (a certificate's dates, a round's
    year) or the next change of its records makes it evaluated again."""

    group = models.ForeignKey(
        ProducerGroup, on_delete=models.CASCADE, related_name="stored_gates", verbose_name=_("producer group")
    )
    language = models.CharField(_("language"), max_length=10)
    version = models.PositiveBigIntegerField(_("records version"))
    evaluated_on = models.DateField(_("evaluated on"))
    results = models.JSONField(_("results"), default=list)

    class Meta:
        verbose_name = _("stored gate")
        verbose_name_plural = _("stored gates")
        constraints = [models.UniqueConstraint(fields=["group", "language"], name="stored_gate_one_per_language")]

    def __str__(self) -> str:
        return f"{self.group_id} ({self.language}, v{self.version}, {self.evaluated_on})"
