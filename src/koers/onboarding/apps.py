from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "koers.onboarding"
    verbose_name = "Inrichten"
