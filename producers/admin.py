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
from .models import (
    Assignment,
    Member,
    Membership,
    MemberStatusChange,
    Organisation,
    Plot,
    ProducerGroup,
    Programme,
    User,
)


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
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["member_number", "first_name", "last_name", "group", "gender", "status", "village"]
    list_filter = ["status", "gender", "group"]
    search_fields = ["member_number", "first_name", "last_name", "village", "phone"]
    list_select_related = ["group__organisation"]
    autocomplete_fields = ["group", "consent_recorded_by"]
    # A status moves through the register's status form, which keeps the member's status history.
    readonly_fields = ["status"]
    inlines = [PlotInline]


@admin.register(Plot)
class PlotAdmin(SimpleHistoryAdmin):
    list_display = ["name", "member", "crop", "area_ha", "certified_area_ha", "conversion_status"]
    list_filter = ["conversion_status", "crop"]
    search_fields = ["name", "member__member_number", "member__last_name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation"]
    list_filter = ["role"]
    search_fields = ["user__username", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
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
