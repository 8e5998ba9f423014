"""Load the sanctions catalogue and the indicator definitions. Idempotent: codes are the keys."""

from django.db import migrations


def load(apps, schema_editor):
    from cycles.reference_data import INDICATORS, SANCTION_TYPES

    SanctionType = apps.get_model("cycles", "SanctionType")
    Indicator = apps.get_model("cycles", "Indicator")
    for data in SANCTION_TYPES:
        SanctionType.objects.update_or_create(code=data["code"], defaults={k: v for k, v in data.items() if k != "code"})
    for data in INDICATORS:
        Indicator.objects.update_or_create(code=data["code"], defaults={k: v for k, v in data.items() if k != "code"})


class Migration(migrations.Migration):
    dependencies = [("cycles", "0003_indicator_sanctiontype_historicalinspector_and_more")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
