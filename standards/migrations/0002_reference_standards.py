"""Load the five shipped standards, their requirements and the cross-walk. Idempotent: codes are the keys."""

from django.db import migrations


def load_standards(apps, schema_editor):
    from standards.reference_data import CROSSWALK_TOPICS, STANDARDS

    Standard = apps.get_model("standards", "Standard")
    Requirement = apps.get_model("standards", "Requirement")
    CrosswalkTopic = apps.get_model("standards", "CrosswalkTopic")
    topics = {}
    for topic in CROSSWALK_TOPICS:
        topics[topic["code"]], _ = CrosswalkTopic.objects.update_or_create(
            code=topic["code"], defaults={"name": topic["name"], "description": topic["description"]}
        )
    for data in STANDARDS:
        standard, _ = Standard.objects.update_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "short_name": data["short_name"],
                "owner": data["owner"],
                "version": data["version"],
                "kind": data["kind"],
                "description": data["description"],
            },
        )
        for requirement in data["requirements"]:
            Requirement.objects.update_or_create(
                standard=standard,
                code=requirement["code"],
                defaults={
                    "text": requirement["text"],
                    "domain": requirement["domain"],
                    "level": requirement["level"],
                    "applies_from_year": requirement["applies_from_year"],
                    "clause": requirement["clause"],
                    "unverified": requirement["unverified"],
                    "crosswalk_topic": topics.get(requirement["crosswalk"]),
                },
            )


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]

    operations = [migrations.RunPython(load_standards, migrations.RunPython.noop)]
