from django.contrib import admin

from .models import Criterion, Phase, PhaseMove, Trajectory


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "code", "text", "kind", "evaluator", "parameters", "mandatory"]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "stuck_after_days"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
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
