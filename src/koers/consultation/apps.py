from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "koers.consultation"
    label = "consultation"
    verbose_name = "Consultatie over een conceptplan"

    def ready(self):
        from koers.audit.tracking import track
        from koers.consultation.models import Comment, FeedbackRound

        track(FeedbackRound)
        # the invitee's e-mail never goes into the history: invitations and revocations are recorded as events
        track(Comment)

        from koers.consultation import decisions

        decisions.connect()
