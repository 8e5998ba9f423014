from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .accounts.forms import PasswordSetByAdminForm, UserCreatedByAdminForm
from .accounts.services import second_factor_reset
from .api.tokens import api_token_revoke
from .models import (
    ApiToken,
    Assignment,
    Member,
    Membership,
    MemberStatusChange,
    Organisation,
    Plot,
    ProducerGroup,
    Programme,
    ProgrammeVersion,
    RecordsVersion,
    User,
)
from .records_version import group_id_of, records_changed
from .security_log import security_event

# --- Role changes to the security log ---------------------------------------------------------------------------
# Memberships (a person's role in an organisation), assignments (a field officer's groups) and a user's staff flags
# are what decide who sees the farmers' data; they change only here, in the admin.

USER_FLAGS = ("is_active", "is_staff", "is_superuser")


def _grant_fields(grant: Membership | Assignment) -> dict[str, Any]:
    if isinstance(grant, Membership):
        return {
            "grant": "membership",
            "role": grant.role,
            "organisation_id": grant.organisation_id,
            "target_user_id": grant.user_id,
        }
    return {"grant": "assignment", "group_id": grant.group_id, "target_user_id": grant.field_officer_id}


def log_grant_saved(request: HttpRequest, grant: Membership | Assignment, *, created: bool, form: Any = None) -> None:
    fields = _grant_fields(grant)
    if not created and form is not None and "role" in form.changed_data:
        fields["from_role"] = form.initial.get("role")
    security_event("role_granted" if created else "role_changed", request=request, **fields)


def log_grant_removed(request: HttpRequest, grant: Membership | Assignment) -> None:
    security_event("role_revoked", request=request, **_grant_fields(grant))


class GrantLogMixin(admin.ModelAdmin):
    """Writes each saved or removed grant to the security log, after the admin's own save."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        log_grant_saved(request, obj, created=not change, form=form)

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        log_grant_removed(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        for grant in queryset:
            log_grant_removed(request, grant)
        super().delete_queryset(request, queryset)


class RecordsChangedMixin(admin.ModelAdmin):
    """An edit by hand changes a group's records as a service does: the group (before and after the edit) gets a
    new records version, so that what is kept computed from them (its stored gate) is computed again."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        before = type(obj).objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        records_changed([group_id_of(obj), *([group_id_of(before)] if before is not None else [])])

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)  # the inlines: a member's plots
        records_changed([group_id_of(form.instance)])

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        group_id = group_id_of(obj)
        super().delete_model(request, obj)
        records_changed([group_id])

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        group_ids = [group_id_of(record) for record in queryset]
        super().delete_queryset(request, queryset)
        records_changed(group_ids)


class ReadOnlyAdmin(admin.ModelAdmin):
    """History written by services: shown to staff, never edited by hand. Shared with the other apps' admins."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    # A password an admin sets or gives a new account is changed by its owner at the next login.
    add_form = UserCreatedByAdminForm
    change_password_form = PasswordSetByAdminForm
    actions = ["reset_second_factor"]
    list_filter = [*DjangoUserAdmin.list_filter, "must_change_password"]
    fieldsets = [
        *(DjangoUserAdmin.fieldsets or []),
        (_("Login"), {"fields": ["must_change_password"]}),
    ]

    @admin.action(description=_("Reset the second factor (a lost phone): set up again at the next login"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            second_factor_reset(user=user, by=request.user)  # type: ignore[arg-type]
        self.message_user(request, gettext("Second factor reset for %(count)d people.") % {"count": len(queryset)})

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        changed = [name for name in USER_FLAGS if name in form.changed_data]
        if changed:
            flags = {name: getattr(obj, name) for name in changed}
            security_event("role_changed", request=request, grant="user_flags", target_user_id=obj.pk, **flags)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "interest_group", "kind"]
    list_filter = ["interest_group", "kind", "country"]
    search_fields = ["name"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        super().save_formset(request, form, formset, change)
        if formset.model is not Membership:
            return
        for grant in formset.new_objects:
            log_grant_saved(request, grant, created=True)
        forms = {inline.instance.pk: inline for inline in formset.forms}
        for grant, _changed in formset.changed_objects:
            log_grant_saved(request, grant, created=False, form=forms.get(grant.pk))
        for grant in formset.deleted_objects:
            log_grant_removed(request, grant)

    # Websites are typed without a scheme; https is the right guess (and Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ProducerGroup)
class ProducerGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "commodity", "region", "legal_form", "founded"]
    list_filter = ["commodity", "legal_form", "organisation__country"]
    search_fields = ["organisation__name", "region"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]


class PlotInline(admin.TabularInline):
    model = Plot
    extra = 0


@admin.register(Member)
class MemberAdmin(RecordsChangedMixin, SimpleHistoryAdmin):
    list_display = ["member_number", "first_name", "last_name", "group", "gender", "status", "village"]
    list_filter = ["status", "gender", "group"]
    search_fields = ["member_number", "first_name", "last_name", "village", "phone"]
    list_select_related = ["group__organisation"]
    autocomplete_fields = ["group", "consent_recorded_by"]
    # A status moves through the register's status form, which keeps the member's status history.
    readonly_fields = ["status"]
    inlines = [PlotInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Member | None = None) -> list[str]:
        # A member's records (inspections in the group's rounds, production counted in the group's season totals)
        # belong to the group they were made in: a registered member stays in their group.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "group"] if obj is not None else fields

    def has_delete_permission(self, request: HttpRequest, obj: Member | None = None) -> bool:
        # A member leaves through the status form, or is anonymised on request (erasure): deleting the row would
        # also remove their production records past the services that keep the group's season totals.
        return False


@admin.register(Plot)
class PlotAdmin(RecordsChangedMixin, SimpleHistoryAdmin):
    list_display = ["name", "member", "crop", "area_ha", "certified_area_ha", "conversion_status"]
    list_filter = ["conversion_status", "crop"]
    search_fields = ["name", "member__member_number", "member__last_name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]


@admin.register(Membership)
class MembershipAdmin(GrantLogMixin):
    list_display = ["user", "role", "organisation"]
    list_filter = ["role"]
    search_fields = ["user__username", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Assignment)
class AssignmentAdmin(RecordsChangedMixin, GrantLogMixin):
    list_display = ["field_officer", "group", "assigned_on"]
    search_fields = ["field_officer__username", "group__organisation__name"]
    list_select_related = ["field_officer", "group__organisation"]
    autocomplete_fields = ["field_officer", "group"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "funder", "starts_on", "ends_on"]
    search_fields = ["name", "funder__name"]
    list_select_related = ["funder"]
    filter_horizontal = ["implementers", "groups"]


@admin.register(MemberStatusChange)
class MemberStatusChangeAdmin(ReadOnlyAdmin):
    """Written by the member services: read here, never edited."""

    list_display = ["member", "from_status", "to_status", "changed_on", "changed_by"]
    list_select_related = ["member", "changed_by"]


@admin.register(RecordsVersion)
class RecordsVersionAdmin(ReadOnlyAdmin):
    """Bumped by the services (and the edits above): read here when a page looks out of date."""

    list_display = ["group", "version", "changed_at"]
    list_select_related = ["group__organisation"]


@admin.register(ProgrammeVersion)
class ProgrammeVersionAdmin(ReadOnlyAdmin):
    """Bumped by the programme services: read here when a programme page looks out of date."""

    list_display = ["programme", "version", "changed_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Made by their owners on their token page; an administrator may only revoke one (a leaked token)."""

    list_display = ["label", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    exclude = ["digest"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the chosen tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(token=token, by=request.user, request=request)  # type: ignore[arg-type]
