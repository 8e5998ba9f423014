from django.contrib import admin

from .models import (
    AnnualCycle,
    AnnualStepRecord,
    Criterion,
    CriterionAnswer,
    CriterionAnswerHistory,
    CriterionRevision,
    Evidence,
    Phase,
    PhaseMove,
    Trajectory,
)


class CriterionInline(admin.TabularInline):
    """Criteria are versioned: they are changed on the application's criteria page, never here."""

    model = Criterion
    extra = 0
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
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "stuck_after_days"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the criteria page so that it becomes a new version."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    list_display = ["text", "phase", "kind", "evaluator", "mandatory"]
    list_filter = ["phase", "kind", "mandatory"]
    list_select_related = ["phase"]


class PhaseMoveInline(admin.TabularInline):
    """Moves are history: shown, never edited here."""

    model = PhaseMove
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "from_phase", "to_phase", "moved_at", "moved_by", "reason"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Trajectory)
class TrajectoryAdmin(admin.ModelAdmin):
    list_display = ["group", "phase", "phase_since", "status"]
    list_filter = ["phase", "status"]
    list_select_related = ["group__organisation", "phase"]
    readonly_fields = ["phase", "phase_since", "status", "started_at"]
    inlines = [PhaseMoveInline]


@admin.register(PhaseMove)
class PhaseMoveAdmin(admin.ModelAdmin):
    list_display = ["trajectory", "kind", "from_phase", "to_phase", "moved_at", "moved_by"]
    list_filter = ["kind"]
    list_select_related = ["trajectory__group__organisation", "from_phase", "to_phase", "moved_by"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """History written by services: shown to staff, never edited by hand."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(CriterionRevision)
class CriterionRevisionAdmin(ReadOnlyAdmin):
    list_display = ["criterion", "version", "changed_at", "changed_by"]
    list_select_related = ["criterion", "changed_by"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = readonly_fields = ("original_name", "content_type", "size", "uploaded_at", "uploaded_by")
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


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


class AnnualStepInline(admin.TabularInline):
    model = AnnualStepRecord
    extra = 0
    readonly_fields = ["step", "done_on", "note", "recorded_at", "recorded_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AnnualCycle)
class AnnualCycleAdmin(ReadOnlyAdmin):
    list_display = ["group", "year", "opened_at", "opened_by"]
    list_select_related = ["group__organisation", "opened_by"]
    inlines = [AnnualStepInline]


@admin.register(AnnualStepRecord)
class AnnualStepRecordAdmin(ReadOnlyAdmin):
    list_display = ["cycle", "step", "done_on", "recorded_by"]
    list_select_related = ["cycle__group__organisation", "recorded_by"]
