from django.conf import settings
from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from producers.admin import RecordsChangedMixin
from producers.languages import in_language

from .models import Audit, Certificate, CrosswalkTopic, GroupStandard, Requirement, Standard


class RequirementInline(TranslationTabularInline):
    model = Requirement
    extra = 0
    fields = ["code", "text", "domain", "level", "applies_from_year", "crosswalk_topic"]


@admin.register(Standard)
class StandardAdmin(TranslationAdmin):  # a text per language
    list_display = ["name", "owner", "version", "kind"]
    search_fields = ["name", "code"]
    inlines = [RequirementInline]


@admin.register(Requirement)
class RequirementAdmin(TranslationAdmin):  # a text per language
    list_display = ["code", "standard", "domain", "level", "applies_from_year", "scope", "crosswalk_topic"]
    list_filter = ["standard", "domain", "level", "applies_from_year", "scope"]
    search_fields = ["code", *(in_language("text", code) for code, _name in settings.LANGUAGES)]
    list_select_related = ["standard", "crosswalk_topic"]


@admin.register(CrosswalkTopic)
class CrosswalkTopicAdmin(TranslationAdmin):  # a text per language
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(GroupStandard)
class GroupStandardAdmin(RecordsChangedMixin):
    list_display = ["group", "standard", "chosen_on"]
    list_filter = ["standard"]
    list_select_related = ["group__organisation", "standard"]
    autocomplete_fields = ["group"]


@admin.register(Certificate)
class CertificateAdmin(RecordsChangedMixin, SimpleHistoryAdmin):
    list_display = ["number", "group", "standard", "certification_body", "valid_from", "valid_to", "status"]
    list_filter = ["status", "standard"]
    search_fields = ["number", "group__organisation__name"]
    list_select_related = ["group__organisation", "standard", "certification_body"]
    autocomplete_fields = ["group", "certification_body"]
    # Suspension and reinstatement go through the audit pages, which move the group's trajectory with them.
    readonly_fields = ["status"]


@admin.register(Audit)
class AuditAdmin(RecordsChangedMixin, SimpleHistoryAdmin):
    list_display = ["group", "standard", "audit_type", "audited_on", "certification_body"]
    list_filter = ["audit_type", "standard"]
    list_select_related = ["group__organisation", "standard", "certification_body"]
    autocomplete_fields = ["group", "certification_body"]
