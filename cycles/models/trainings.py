from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from producers.models import Member, Organisation, ProducerGroup
from producers.models.organisations import InterestGroup
from standards.models import Requirement

from .inspections import Inspector

# Trainers come from the quality professionals (trainers, extension services) or from civil society (NGOs).
TRAINER_INTEREST_GROUPS = (InterestGroup.QUALITY_PROFESSIONAL, InterestGroup.CIVIL_SOCIETY)


class Training(models.Model):
    """A training session for members (or inspectors): who gave it, what it covered, who came."""

    group = models.ForeignKey(
        ProducerGroup, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("group")
    )
    topic = models.CharField(_("topic"), max_length=200)
    trainer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings_given",
        verbose_name=_("trainer organisation"),
    )
    held_on = models.DateField(_("held on"))
    requirements = models.ManyToManyField(
        Requirement, related_name="trainings", blank=True, verbose_name=_("requirements addressed")
    )
    attendees = models.ManyToManyField(Member, related_name="trainings", blank=True, verbose_name=_("attendance"))
    inspectors = models.ManyToManyField(
        Inspector, related_name="trainings", blank=True, verbose_name=_("inspectors trained")
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[attendees, requirements, inspectors])

    class Meta:
        ordering = ["group", "-held_on"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on:%Y-%m-%d})"
