from django.db import models
from django.utils.translation import gettext_lazy as _


class StandardKind(models.TextChoices):
    ENTRY_LEVEL = "entry_level", _("Entry level")
    MINIMUM_REQUIREMENTS = "minimum_requirements", _("Minimum requirements")
    IMPROVEMENT = "improvement", _("Improvement over the years")


class Domain(models.TextChoices):
    MANAGEMENT = "management", _("Management")
    QUALITY = "quality", _("Quality")
    ENVIRONMENT = "environment", _("Environment")
    SOCIAL = "social", _("Social and labour")
    HEALTH_SAFETY = "health_safety", _("Health and safety")
    TRADE = "trade", _("Trade and traceability")


class Level(models.TextChoices):
    ENTRY = "entry", _("Entry")
    CORE = "core", _("Core")
    IMPROVEMENT = "improvement", _("Improvement")


class Scope(models.TextChoices):
    """What a requirement is about, and so where it is checked: on each member's farm in the member inspections, or
    once a year for the group as a whole in the group's own assessment."""

    FARM = "farm", _("The member's farm")
    GROUP = "group", _("The group as a whole")


class Standard(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    owner = models.CharField(_("owner body"), max_length=200)
    version = models.CharField(_("version"), max_length=60)
    kind = models.CharField(_("kind"), max_length=32, choices=StandardKind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")

    def __str__(self) -> str:
        return self.name


class CrosswalkTopic(models.Model):
    """A group-management topic that several standards ask for in their own words.

    Requirements that share a topic are equivalent: one inspection answer counts for all of them.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cross-walk topic")
        verbose_name_plural = _("cross-walk topics")

    def __str__(self) -> str:
        return self.name


class Requirement(models.Model):
    standard = models.ForeignKey(
        Standard, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("standard")
    )
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("requirement"), help_text=_("Short, in our own words; never quoted from the standard."))
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    applies_from_year = models.PositiveSmallIntegerField(
        _("applies from year"), default=0, help_text=_("Years after the initial certificate: 0, 1, 3 or 6.")
    )
    clause = models.CharField(_("source clause"), max_length=60, blank=True)
    unverified = models.BooleanField(
        _("unverified"), default=False, help_text=_("The detail could not be checked against the standard's text.")
    )
    crosswalk_topic = models.ForeignKey(
        CrosswalkTopic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requirements",
        verbose_name=_("cross-walk topic"),
    )
    scope = models.CharField(
        _("scope"),
        max_length=8,
        choices=Scope.choices,
        default=Scope.FARM,
        help_text=_(
            "Where it is checked: on every member's farm (member inspections) or once a year for the whole group "
            "(the group assessment)."
        ),
    )

    class Meta:
        ordering = ["standard", "code"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="requirement_code_unique_in_standard"),
            models.UniqueConstraint(
                fields=["standard", "crosswalk_topic"], name="requirement_one_per_topic_in_standard"
            ),
            models.CheckConstraint(
                condition=~models.Q(level="entry") | models.Q(applies_from_year=0),
                name="requirement_entry_applies_from_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"
