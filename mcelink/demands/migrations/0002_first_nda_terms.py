from django.db import migrations

from mcelink.demands.nda import FIRST_TERMS


def install(apps, schema_editor):
    NdaTerms = apps.get_model("demands", "NdaTerms")
    if not NdaTerms.objects.exists():
        NdaTerms.objects.create(**FIRST_TERMS, is_current=True)


class Migration(migrations.Migration):
    dependencies = [("demands", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
