from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "koers.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"

    def ready(self):
        from django.db.models.signals import post_save

        from koers.core.definitions import provide_request_kinds
        from koers.monitoring import cache, definitions, plan_measures  # noqa: F401 - registers the plan measures
        from koers.monitoring.models import (
            Arrangement,
            FlowCount,
            FundedPupil,
            NationalCount,
            PupilCount,
            Terugplaatsing,
            Tlv,
            VerzuimMelding,
        )

        # Single saves; bulk writes and deletes (imports, demo, privacy) call cache.changed themselves. No
        # post_delete receiver on purpose: it would make every bulk delete load each row.
        def swv_changed(sender, instance, **kwargs):
            cache.changed(getattr(instance, "swv_id", None))

        for model in (
            Arrangement,
            FlowCount,
            FundedPupil,
            NationalCount,
            PupilCount,
            Terugplaatsing,
            Tlv,
            VerzuimMelding,
        ):
            uid = f"koers-measure-cache-save-{model.__name__}"
            post_save.connect(swv_changed, sender=model, weak=False, dispatch_uid=uid)

        provide_request_kinds(definitions.request_kinds)  # the indicator form offers the register's kinds
