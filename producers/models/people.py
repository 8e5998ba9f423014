from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import InterestGroup, Organisation, OrganisationKind, ProducerGroup


def language_choices() -> list[tuple[str, str]]:
    """The languages of the interface (settings.LANGUAGES): a callable, so that adding one needs no migration."""
    return list(settings.LANGUAGES)


class User(AbstractUser):
    """A person who logs in. What they may see comes from their memberships, never from flags on the user."""

    # Set when an administrator chose the password (a new account, a reset): only its owner should know it, so
    # the next login leads to the password change page and nowhere else until it is changed.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # The language of the person's pages, e-mails and the reports they ask for; empty follows the browser.
    preferred_language = models.CharField(
        _("language"),
        max_length=10,
        choices=language_choices,
        blank=True,
        help_text=_("Empty: the language the browser asks for."),
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    FIELD_OFFICER = "field_officer", _("Field officer")
    GROUP_MANAGER = "group_manager", _("Group manager")
    DONOR = "donor", _("Donor")


class Membership(models.Model):
    """A user's role in an organisation: the only source of what a user may see and change.

    - coordinator: everything;
    - field officer: the groups assigned to them (see Assignment);
    - group manager: the group that is this organisation;
    - donor: the groups of the programmes that this (funder) organisation supports.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"

    def clean(self) -> None:
        if not self.organisation_id:
            return
        org = self.organisation
        if self.role == Role.GROUP_MANAGER and not ProducerGroup.objects.filter(organisation=org).exists():
            raise ValidationError(
                {
                    "organisation": ValidationError(
                        _("A group manager belongs to a producer group."), code="manager_without_group"
                    )
                }
            )
        if self.role == Role.DONOR and org.kind != OrganisationKind.DONOR:
            raise ValidationError(
                {
                    "organisation": ValidationError(
                        _("A donor belongs to a funder (an organisation of the kind donor)."),
                        code="donor_without_funder",
                    )
                }
            )
        if self.role == Role.FIELD_OFFICER and org.interest_group not in (
            InterestGroup.CIVIL_SOCIETY,
            InterestGroup.QUALITY_PROFESSIONAL,
        ):
            raise ValidationError(
                {
                    "organisation": ValidationError(
                        _("A field officer works for an NGO, a trainer or an extension service."),
                        code="field_officer_outside_support",
                    )
                }
            )


class Assignment(models.Model):
    """A field officer's portfolio: one row per group they walk through the inner cycle."""

    field_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("field officer"),
    )
    group = models.ForeignKey(
        ProducerGroup, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("group")
    )
    assigned_on = models.DateField(_("assigned on"))

    class Meta:
        ordering = ["field_officer", "group"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["field_officer", "group"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.field_officer} → {self.group}"

    def clean(self) -> None:
        if (
            self.field_officer_id
            and not Membership.objects.filter(user_id=self.field_officer_id, role=Role.FIELD_OFFICER).exists()
        ):
            raise ValidationError(
                {
                    "field_officer": ValidationError(
                        _("Only a user with the field officer role can hold a portfolio."), code="not_a_field_officer"
                    )
                }
            )
