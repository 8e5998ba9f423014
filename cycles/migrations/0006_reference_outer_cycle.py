"""Load the service types and the interaction points. Idempotent: codes are the keys."""

from django.db import migrations


def load(apps, schema_editor):
    from cycles.reference_data import INTERACTION_POINTS, SERVICE_TYPES

    ServiceType = apps.get_model("cycles", "ServiceType")
    InteractionPoint = apps.get_model("cycles", "InteractionPoint")
    Phase = apps.get_model("cycles", "Phase")
    types = {}
    for data in SERVICE_TYPES:
        types[data["code"]], _ = ServiceType.objects.update_or_create(
            code=data["code"], defaults={k: v for k, v in data.items() if k != "code"}
        )
    for data in INTERACTION_POINTS:
        InteractionPoint.objects.update_or_create(
            phase=Phase.objects.get(code=data["phase"]),
            service_type=types[data["service_type"]],
            defaults={
                "provider_interest_group": data["provider_interest_group"],
                "description": data["description"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cycles", "0005_outer_cycle_and_reports")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
