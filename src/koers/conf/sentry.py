"""Optional error reports to Sentry (``KOERS_SENTRY_DSN``). Imported by the settings only when a DSN is set."""

from django.core.exceptions import ImproperlyConfigured


def _without_personal_data(event, hint):
    """Drop what could name a person: the user, the client address, cookies, headers, query string and body."""
    event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("cookies", "headers", "query_string", "data", "env"):
            request.pop(key, None)
    return event


def init_sentry(dsn: str, *, environment: str = "productie") -> None:
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as error:
        raise ImproperlyConfigured(
            "KOERS_SENTRY_DSN is gezet, maar sentry-sdk is niet geïnstalleerd: installeer requirements/base.txt "
            "(daar staat het in) of laat KOERS_SENTRY_DSN leeg."
        ) from error
    from koers.conf.logs import current_request_id

    def before_send(event, hint):
        event = _without_personal_data(event, hint)
        request_id = current_request_id()
        if request_id:
            event.setdefault("tags", {})["request_id"] = request_id
        return event

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        traces_sample_rate=0.0,
        before_send=before_send,
    )
