from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "koers.evaluation"
    label = "evaluation"
    verbose_name = "Evaluatie van het ondersteuningsplan"

    def ready(self):
        from koers.audit.tracking import track
        from koers.evaluation.models import Conclusion

        track(Conclusion)
