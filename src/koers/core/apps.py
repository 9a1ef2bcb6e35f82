from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "koers.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self):
        from django.db.backends.signals import connection_created

        from koers.core import var_dirs
        from koers.core.forms import use_clean_text_in_forms, use_dutch_fields_in_model_forms

        var_dirs.ensure()  # a fresh clone has no var/: the database, cache and media folders are made first
        use_dutch_fields_in_model_forms()
        use_clean_text_in_forms()
        connection_created.connect(secure_delete, dispatch_uid="koers-sqlite-secure-delete")


def secure_delete(sender, connection, **kwargs):
    """SQLite overwrites deleted content with zeros (a wiped upload or removed pupil row is not left in free pages)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
