"""Load the five phases and their default criteria. Idempotent: codes are the keys."""

from django.db import migrations


def load_phases(apps, schema_editor):
    from cycles.reference_data import PHASES

    Phase = apps.get_model("cycles", "Phase")
    Criterion = apps.get_model("cycles", "Criterion")
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
            Criterion.objects.update_or_create(
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


class Migration(migrations.Migration):
    dependencies = [("cycles", "0002_initial")]

    operations = [migrations.RunPython(load_phases, migrations.RunPython.noop)]
