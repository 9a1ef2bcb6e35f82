from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "koers.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self):
        from koers.core.forms import use_dutch_fields_in_model_forms

        use_dutch_fields_in_model_forms()
