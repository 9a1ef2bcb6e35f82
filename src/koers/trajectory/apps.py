from django.apps import AppConfig


class TrajectoryConfig(AppConfig):
    name = "koers.trajectory"
    label = "trajectory"
    verbose_name = "Traject naar een nieuw ondersteuningsplan"

    def ready(self):
        from koers.audit.tracking import track
        from koers.trajectory import models

        for model in (models.Trajectory, models.Phase, models.Step, models.Thematafel, models.Outcome):
            track(model)
