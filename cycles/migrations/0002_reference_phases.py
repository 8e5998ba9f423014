"""Load the five phases and their default criteria. Idempotent: codes are the keys."""

from django.db import migrations
from django.utils import timezone


def load_phases(apps, schema_editor):
    from cycles.reference_data import PHASES

    Phase = apps.get_model("cycles", "Phase")
    Criterion = apps.get_model("cycles", "Criterion")
    CriterionRevision = apps.get_model("cycles", "CriterionRevision")
    for data in PHASES:
        phase, _ = Phase.objects.update_or_create(
            code=data["code"],
            defaults={
                "order": data["order"],
                "name": data["name"],
                "description": data["description"],
                "stuck_after_days": data["stuck_after_days"],
            },
        )
        for order, criterion in enumerate(data["criteria"], start=1):
            row, _ = Criterion.objects.update_or_create(
                phase=phase,
                code=criterion["code"],
                defaults={
                    "order": order,
                    "text": criterion["text"],
                    "guidance": criterion["guidance"],
                    "kind": criterion["kind"],
                    "evaluator": criterion["evaluator"],
                    "parameters": criterion["parameters"],
                    "mandatory": criterion["mandatory"],
                },
            )
            # Version 1 of every shipped criterion, so decisions can always name the version they used.
            CriterionRevision.objects.get_or_create(
                criterion=row,
                version=row.version,
                defaults={
                    "text": row.text,
                    "guidance": row.guidance,
                    "kind": row.kind,
                    "evaluator": row.evaluator,
                    "parameters": row.parameters,
                    "mandatory": row.mandatory,
                    "active": row.active,
                    "changed_at": timezone.now(),
                    "reason": "Shipped with hivos-qm.",
                },
            )


class Migration(migrations.Migration):
    dependencies = [("cycles", "0001_initial")]

    operations = [migrations.RunPython(load_phases, migrations.RunPython.noop)]
