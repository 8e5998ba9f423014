"""The production totals of the records already stored: what `manage.py rebuild_production_totals` does, with the
models as they are at this migration."""

from django.db import migrations
from django.db.models import Count, Sum


def build(apps, schema_editor):
    ProductionRecord = apps.get_model("cycles", "ProductionRecord")
    ProductionTotal = apps.get_model("cycles", "ProductionTotal")
    ProductionTotal.objects.all().delete()
    sums = (
        ProductionRecord.objects.values("member__group_id", "season")
        .annotate(n=Count("pk"), harvested=Sum("harvested_kg"), sold=Sum("sold_certified_kg"), paid=Sum("income"))
        .order_by()
    )
    ProductionTotal.objects.bulk_create(
        (
            ProductionTotal(
                group_id=row["member__group_id"],
                season=row["season"],
                records=row["n"],
                harvested_kg=row["harvested"],
                sold_certified_kg=row["sold"],
                income=row["paid"],
            )
            for row in sums.iterator(chunk_size=5000)
        ),
        batch_size=5000,
    )


class Migration(migrations.Migration):
    dependencies = [("cycles", "0019_coordination_at_field_scale")]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
