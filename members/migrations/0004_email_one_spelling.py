"""Store every login address in its one spelling (trimmed, lower case).

Look-ups now compare that spelling exactly instead of `iexact` (see
members.models.UserManager), so addresses stored with capitals must be lowered.
"""

from django.db import migrations


def lower_emails(apps, schema_editor):
    User = apps.get_model("members", "User")
    for user in User.objects.only("pk", "email").iterator():
        spelling = (user.email or "").strip().lower()
        if spelling != user.email:
            User.objects.filter(pk=user.pk).update(email=spelling)


class Migration(migrations.Migration):
    dependencies = [("members", "0003_audit_to_wagtail_log_specialty_in_core")]

    operations = [migrations.RunPython(lower_emails, migrations.RunPython.noop)]
