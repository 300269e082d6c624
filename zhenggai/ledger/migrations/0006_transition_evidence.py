from django.db import migrations, models

FROZEN = ("submitted", "confirmed", "closed")


def backfill(apps, schema_editor):
    """The latest 申请销号 of a measure still frozen rests on the measure's evidence of today (nothing
    could change it since). Earlier rounds cannot be known any more and stay empty."""
    Measure = apps.get_model("ledger", "Measure")
    MeasureTransition = apps.get_model("ledger", "MeasureTransition")
    Evidence = apps.get_model("ledger", "Evidence")
    for measure_id in Measure.objects.filter(status__in=FROZEN).values_list("pk", flat=True).iterator():
        submit = (
            MeasureTransition.objects.filter(measure_id=measure_id, move="submit").order_by("-at", "-pk").first()
        )
        if submit is None:
            continue
        submit.evidence = [
            {"id": pk, "name": name, "size": size, "sha256": sha256}
            for pk, name, size, sha256 in Evidence.objects.filter(
                entry__measure_id=measure_id, entry__deleted_at__isnull=True
            )
            .order_by("entry__happened_on", "entry_id", "pk")
            .values_list("pk", "original_name", "size", "sha256")
        ]
        submit.save(update_fields=["evidence"])


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0005_frozen_problem_progress_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="measuretransition",
            name="evidence",
            field=models.JSONField(blank=True, default=list, verbose_name="佐证材料"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
