from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from producers.admin import ReadOnlyAdmin, RecordsChangedMixin

from .collect.keys import collect_key_revoke
from .models import (
    AnnualCycle,
    AnnualStepRecord,
    CollectKey,
    ConflictOfInterest,
    CoordinationRun,
    CorrectiveAction,
    Criterion,
    CriterionAnswer,
    CriterionAnswerHistory,
    CriterionRevision,
    Evidence,
    Indicator,
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    InspectionRound,
    Inspector,
    InteractionPoint,
    LogframeActual,
    LogframeIndicator,
    LogframeRow,
    LogframeTarget,
    Measurement,
    NCStatusChange,
    NonConformity,
    Notification,
    NotificationPreference,
    Phase,
    PhaseMove,
    PlanAction,
    ProductionRecord,
    ProductionTotal,
    ReportJob,
    Sanction,
    SanctionType,
    Service,
    ServiceType,
    StoredGate,
    Submission,
    SubmissionAttachment,
    Training,
    Trajectory,
    VerificationRule,
)


class ReadOnlyInline(admin.TabularInline):
    """Rows that services write, listed under their parent: none is added, changed or deleted here (a phase move's
    snapshot, say, must stay as the gate stood)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class CriterionInline(ReadOnlyInline):
    """Criteria are versioned: they are changed on the application's criteria page, never here."""

    model = Criterion
    fields = readonly_fields = (
        "order",
        "code",
        "text",
        "kind",
        "evaluator",
        "parameters",
        "mandatory",
        "active",
        "version",
    )


@admin.register(Phase)
class PhaseAdmin(TranslationAdmin):  # a text per language
    list_display = ["order", "name", "stuck_after_days"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    """Read-only: every change goes through the criteria page so that it becomes a new version."""

    list_display = ["text", "phase", "kind", "evaluator", "mandatory"]
    list_filter = ["phase", "kind", "mandatory"]
    list_select_related = ["phase"]


class PhaseMoveInline(ReadOnlyInline):
    """Moves are history: shown, never edited here."""

    model = PhaseMove
    readonly_fields = ["kind", "from_phase", "to_phase", "moved_at", "moved_by", "reason"]


@admin.register(Trajectory)
class TrajectoryAdmin(RecordsChangedMixin):
    list_display = ["group", "phase", "phase_since", "status"]
    list_filter = ["phase", "status"]
    list_select_related = ["group__organisation", "phase"]
    readonly_fields = ["phase", "phase_since", "status", "started_at"]
    inlines = [PhaseMoveInline]


@admin.register(PhaseMove)
class PhaseMoveAdmin(ReadOnlyAdmin):
    list_display = ["trajectory", "kind", "from_phase", "to_phase", "moved_at", "moved_by"]
    list_filter = ["kind"]
    list_select_related = ["trajectory__group__organisation", "from_phase", "to_phase", "moved_by"]


@admin.register(CriterionRevision)
class CriterionRevisionAdmin(ReadOnlyAdmin):
    list_display = ["criterion", "version", "changed_at", "changed_by"]
    list_select_related = ["criterion", "changed_by"]


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = readonly_fields = ("original_name", "content_type", "size", "uploaded_at", "uploaded_by")


@admin.register(CriterionAnswer)
class CriterionAnswerAdmin(ReadOnlyAdmin):
    list_display = ["group", "criterion", "status", "answered_at", "answered_by"]
    list_filter = ["status", "criterion__phase"]
    list_select_related = ["group__organisation", "criterion", "answered_by"]
    inlines = [EvidenceInline]


@admin.register(CriterionAnswerHistory)
class CriterionAnswerHistoryAdmin(ReadOnlyAdmin):
    list_display = ["answer", "status", "criterion_version", "answered_at", "answered_by"]
    list_select_related = ["answer__group__organisation", "answer__criterion", "answered_by"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "answer", "content_type", "size", "uploaded_at"]
    list_select_related = ["answer__group__organisation", "answer__criterion"]


@admin.register(StoredGate)
class StoredGateAdmin(ReadOnlyAdmin):
    """Gates kept by `cycles.gates_stored`: valid while their version and day are the group's."""

    list_display = ["group", "language", "version", "evaluated_on"]
    list_filter = ["language"]
    list_select_related = ["group__organisation"]


class AnnualStepInline(ReadOnlyInline):
    model = AnnualStepRecord
    readonly_fields = ["step", "done_on", "note", "recorded_at", "recorded_by"]


@admin.register(AnnualCycle)
class AnnualCycleAdmin(ReadOnlyAdmin):
    list_display = ["group", "year", "opened_at", "opened_by"]
    list_select_related = ["group__organisation", "opened_by"]
    inlines = [AnnualStepInline]


@admin.register(AnnualStepRecord)
class AnnualStepRecordAdmin(ReadOnlyAdmin):
    list_display = ["cycle", "step", "done_on", "recorded_by"]
    list_select_related = ["cycle__group__organisation", "recorded_by"]


# --- Improvement records: browsable by staff with their history; changed in the application, where services
# keep the status histories and the version checks.


class RecordAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    pass


@admin.register(Inspector)
class InspectorAdmin(RecordAdmin):
    list_display = ["name", "group", "member", "trained_on", "active"]
    list_select_related = ["group__organisation", "member"]
    search_fields = ["name"]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(RecordAdmin):
    list_display = ["inspector", "member", "declared_on", "reason"]
    list_select_related = ["inspector", "member"]


@admin.register(InspectionRound)
class InspectionRoundAdmin(ReadOnlyAdmin):
    list_display = ["group", "year", "opened_at"]
    list_select_related = ["group__organisation"]


class InspectionAnswerInline(ReadOnlyInline):
    model = InspectionAnswer
    fields = readonly_fields = ("requirement", "crosswalk_topic", "answer", "notes")


@admin.register(Inspection)
class InspectionAdmin(RecordAdmin):
    list_display = ["member", "kind", "round", "inspector", "inspected_on", "proposed_decision"]
    list_filter = ["kind"]
    list_select_related = ["member", "round__group__organisation", "inspector"]
    inlines = [InspectionAnswerInline]


@admin.register(InspectionAnswer)
class InspectionAnswerAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "requirement", "answer"]
    list_select_related = ["inspection__member", "inspection__round__group__organisation", "requirement"]


@admin.register(NonConformity)
class NonConformityAdmin(RecordAdmin):
    list_display = ["requirement", "group", "member", "source", "severity", "status", "found_on"]
    list_filter = ["status", "severity", "source"]
    list_select_related = ["requirement", "group__organisation", "member"]


@admin.register(NCStatusChange)
class NCStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["nonconformity", "from_status", "to_status", "changed_at", "changed_by"]
    list_select_related = ["nonconformity__requirement", "changed_by"]


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(RecordAdmin):
    list_display = ["description", "nonconformity", "owner", "due_on", "done_on"]
    list_select_related = ["nonconformity__requirement"]


@admin.register(SanctionType)
class SanctionTypeAdmin(TranslationAdmin):  # a text per language
    list_display = ["order", "name", "code", "member_status"]


@admin.register(VerificationRule)
class VerificationRuleAdmin(SimpleHistoryAdmin):
    """Who may verify and close a non-conformity of each severity: the services read it at every closing."""

    list_display = [
        "severity",
        "not_by_implementer",
        "not_by_finder",
        "by_ics_manager",
        "by_internal_inspector",
        "by_field_officer",
        "by_coordinator",
    ]


@admin.register(Sanction)
class SanctionAdmin(RecordAdmin):
    list_display = ["member", "sanction_type", "applied_on", "lifted_on"]
    list_select_related = ["member", "sanction_type"]


@admin.register(Training)
class TrainingAdmin(RecordAdmin):
    list_display = ["topic", "group", "trainer", "held_on"]
    list_select_related = ["group__organisation", "trainer"]


@admin.register(PlanAction)
class PlanActionAdmin(RecordAdmin):
    list_display = ["title", "group", "owner", "deadline", "status"]
    list_filter = ["status"]
    list_select_related = ["group__organisation"]


@admin.register(ProductionRecord)
class ProductionRecordAdmin(RecordAdmin):
    list_display = ["member", "season", "estimated_kg", "harvested_kg", "sold_certified_kg", "income"]
    list_select_related = ["member"]


@admin.register(ProductionTotal)
class ProductionTotalAdmin(ReadOnlyAdmin):  # kept by the production services, rebuilt by a command
    list_display = ["group", "season", "records", "harvested_kg", "sold_certified_kg", "income"]
    list_select_related = ["group__organisation"]


@admin.register(Indicator)
class IndicatorAdmin(TranslationAdmin):  # a text per language
    list_display = ["order", "name", "unit", "computation", "higher_is_better"]


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "group", "period", "value", "source"]
    list_filter = ["indicator", "source"]
    list_select_related = ["indicator", "group__organisation"]


# --- Outer cycle and reports.


class LogframeIndicatorInline(admin.TabularInline):
    model = LogframeIndicator
    extra = 0


@admin.register(LogframeRow)
class LogframeRowAdmin(admin.ModelAdmin):
    list_display = ["programme", "level", "order", "statement"]
    list_filter = ["level", "programme"]
    list_select_related = ["programme"]
    inlines = [LogframeIndicatorInline]


class LogframeTargetInline(admin.TabularInline):
    model = LogframeTarget
    extra = 0


@admin.register(LogframeIndicator)
class LogframeIndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "row", "indicator", "baseline", "unit"]
    list_select_related = ["row__programme", "indicator"]
    inlines = [LogframeTargetInline]


@admin.register(LogframeTarget)
class LogframeTargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period", "value"]
    list_select_related = ["indicator"]


@admin.register(LogframeActual)
class LogframeActualAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "period", "value", "entered_by"]
    list_select_related = ["indicator", "entered_by"]


@admin.register(ReportJob)
class ReportJobAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "requested_by", "status", "progress", "created_at", "expires_at"]
    list_filter = ["status"]
    list_select_related = ["requested_by", "group__organisation", "programme"]


@admin.register(ServiceType)
class ServiceTypeAdmin(TranslationAdmin):  # a text per language
    list_display = ["order", "name", "code"]


@admin.register(InteractionPoint)
class InteractionPointAdmin(TranslationAdmin):  # a text per language
    list_display = ["phase", "service_type", "provider_interest_group", "description"]
    list_select_related = ["phase", "service_type"]


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ["service_type", "group", "provider", "delivered_on", "phase", "cost", "currency"]
    list_filter = ["service_type"]
    list_select_related = ["service_type", "group__organisation", "provider", "phase"]


@admin.register(CoordinationRun)
class CoordinationRunAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "requested_by", "status", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["requested_by"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "urgent", "weekly", "time_zone"]
    list_filter = ["urgent", "weekly", "time_zone"]
    list_select_related = ["user"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """The messages sent: read-only, as the job that sends them is their only writer."""

    list_display = ["subject", "user", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["user"]


# --- Field capture: written by its services (cycles/collect/); a key is revoked here through the same service. ---


@admin.register(CollectKey)
class CollectKeyAdmin(ReadOnlyAdmin):
    list_display = ["label", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    exclude = ["digest"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the chosen keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[CollectKey]) -> None:
        for key in queryset:
            collect_key_revoke(key=key, by=request.user, request=request)  # type: ignore[arg-type]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["instance_id", "group", "status", "reason_code", "received_by", "received_at"]
    list_filter = ["status", "channel"]
    list_select_related = ["group__organisation", "received_by"]
    search_fields = ["instance_id"]


@admin.register(SubmissionAttachment)
class SubmissionAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "submission", "content_type", "size"]


@admin.register(InspectionPhoto)
class InspectionPhotoAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "question_key", "attachment"]
