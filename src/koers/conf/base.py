"""Settings shared by every environment. Each value comes from an environment variable."""

import importlib.util
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from koers.conf.env import config, database_from_url
from koers.conf.logs import logging_config

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(
    config(
        "KOERS_BASE_DIR",
        str(SRC_DIR.parent.parent),
        help_text="Map met var/ (database, bestanden).",
    )
)
VAR_DIR = Path(config("KOERS_VAR_DIR", str(BASE_DIR / "var"), help_text="Map voor database, uploads en rapporten."))

SECRET_KEY = config("SECRET_KEY", "", help_text="Geheime sleutel van Django. Verplicht in productie.")
PSEUDONYM_KEY = config(
    "KOERS_PSEUDONYM_KEY",
    "",
    help_text="Sleutel voor het pseudonimiseren van BSN's en namen (HMAC-SHA256). Verplicht in productie; "
    "bij wijziging zijn oude pseudoniemen niet meer te koppelen.",
)
UPLOAD_KEY = config(
    "KOERS_UPLOAD_KEY",
    "",
    help_text="Sleutel waarmee Koers een geüpload registerbestand versleutelt zolang het op de taakverwerker of op "
    "een bevestiging wacht (Fernet). Anders dan KOERS_PSEUDONYM_KEY. Verplicht in productie; bij wijziging zijn "
    "wachtende uploads niet meer te lezen (kies het bestand dan opnieuw).",
)
KOERS_UPLOAD_HOURS = config(
    "KOERS_UPLOAD_HOURS",
    24,
    help_text="Zoveel uur bewaart Koers een wachtend (versleuteld) registerbestand; daarna wordt het gewist.",
)
KOERS_IMPORT_MAX_BYTES = config(
    "KOERS_IMPORT_MAX_BYTES",
    50 * 1024 * 1024,
    help_text="Grootste bestand (in bytes) dat Koers importeert; een Excel-bestand mag uitgepakt hoogstens 4 keer "
    "zo groot zijn.",
)
KOERS_IMPORT_MAX_ROWS = config(
    "KOERS_IMPORT_MAX_ROWS", 500_000, help_text="Zoveel rijen leest Koers hoogstens uit een importbestand."
)
KOERS_IMPORT_MAX_COLUMNS = config(
    "KOERS_IMPORT_MAX_COLUMNS", 200, help_text="Zoveel kolommen mag een importbestand hoogstens hebben."
)
KOERS_IMPORT_MAX_CELL = config(
    "KOERS_IMPORT_MAX_CELL", 32_767, help_text="Zoveel tekens mag één cel van een importbestand hoogstens hebben."
)
DEBUG = config("DEBUG", False, help_text="Toon foutdetails. Nooit aan in productie.")
ALLOWED_HOSTS = config("ALLOWED_HOSTS", ["127.0.0.1", "localhost"], help_text="Komma-gescheiden hostnamen.")
CSRF_TRUSTED_ORIGINS = config("CSRF_TRUSTED_ORIGINS", [], help_text="Komma-gescheiden origins (https://...).")
SITE_URL = config(
    "KOERS_SITE_URL",
    "",
    help_text="Adres van Koers (https://...), voor links in e-mails. Verplicht in productie. Leeg: e-mails bevatten "
    "alleen het pad, en de rondepagina en koers check melden dat het adres ontbreekt.",
)

INSTALLED_APPS = [
    "koers.accounts.admin_site.KoersAdminConfig",  # django.contrib.admin with the two-factor check
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
    "koers.core",
    "koers.accounts",
    "koers.audit",
    "koers.organisations",
    "koers.plans",
    "koers.monitoring",
    "koers.finance",  # geld: tarieven, dekkend netwerk, afdrachten, projectie, financiële gezondheid
    "koers.reports",
    "koers.evaluation",  # the evaluation of an ending ondersteuningsplan
    "koers.consultation",  # the feedback round on a draft plan, with invitees without an account
    "koers.api",
    "koers.public",
    "koers.privacy",
    "koers.onboarding",
    "koers.trajectory",  # the way to a new ondersteuningsplan (ADR 0029)
    "koers.plan_document",  # the ondersteuningsplan as a document, PDF and Word (ADR 0042)
    "koers.demo",  # the demo data and `koers demo`
]
# `koers bench` and `koers loadtest` live in the development package (dev/, installed by `make venv`), not in
# the runtime package; a production install without it simply has neither command.
if importlib.util.find_spec("koers_dev") is not None:
    INSTALLED_APPS += ["koers_dev.performance"]

MIDDLEWARE = [
    "koers.core.middleware.RequestIdMiddleware",  # first: every log line of a request carries its id
    "koers.core.middleware.HealthCheckMiddleware",  # /gezondheid/ and /gereed/, before login, set-up and https
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "koers.onboarding.middleware.FirstRunMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "koers.accounts.audience.AudienceMiddleware",
    "koers.audit.middleware.CurrentUserMiddleware",
    "koers.accounts.middleware.TwoFactorMiddleware",
    "koers.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "koers.urls"
WSGI_APPLICATION = "koers.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "koers.accounts.context_processors.koers",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        config(
            "DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'koers.sqlite3'}",
            help_text="Database, bijv. sqlite:///var/koers.sqlite3 of postgres://koers:geheim@127.0.0.1:5432/koers.",
        )
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "koers.accounts.passwords.MinimumLengthValidator",  # Dutch message: see that module
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = config(
    "AXES_FAILURE_LIMIT", 5, help_text="Na zoveel mislukte inlogpogingen wordt het account geblokkeerd."
)
AXES_COOLOFF_TIME = config(
    "AXES_COOLOFF_HOURS", 1, help_text="Zoveel uur duurt een blokkade na te veel mislukte pogingen."
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
KOERS_TRUSTED_PROXIES = config(
    "KOERS_TRUSTED_PROXIES",
    "",
    help_text="Reverse proxy's voor Koers: een aantal (1 = alleen nginx) of komma-gescheiden adressen of netwerken "
    "(127.0.0.1,10.0.0.0/8). Dan neemt Koers het adres van de gebruiker uit X-Forwarded-For, voor de blokkade na "
    "mislukte inlogpogingen en de historie. Leeg (standaard): de header wordt genegeerd.",
)
# One helper decides the client address, for the lockout and for the history (koers.core.ip).
AXES_CLIENT_IP_CALLABLE = "koers.core.ip.client_ip"
KOERS_REQUIRE_2FA = config(
    "KOERS_REQUIRE_2FA",
    True,
    help_text="Twee-factor-authenticatie (TOTP) verplicht voor de rollen beheerder en bureau en voor "
    "systeembeheerders. Alleen uitzetten op een lokale demo- of testomgeving.",
)
KOERS_INVITATION_DAYS = config(
    "KOERS_INVITATION_DAYS", 14, help_text="Zoveel dagen werkt de link in een uitnodiging (één keer)."
)
OTP_TOTP_ISSUER = "Koers"
CONTENT_SECURITY_POLICY = config(
    "KOERS_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'",
    help_text="Content-Security-Policy-header van elke pagina.",
)
SESSION_COOKIE_AGE = config("SESSION_COOKIE_AGE", 8 * 3600, help_text="Sessieduur in seconden (standaard 8 uur).")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "nl"
# Only Dutch: with English listed, a browser asking for English got Django's own messages ("This field is
# required.") in English between Dutch texts. See ADR 0002 for adding a language.
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

EMAIL_BACKEND = config(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend",
    help_text="Django-maildienst; in ontwikkeling worden mails als bestand in var/mail bewaard.",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = config("EMAIL_HOST", "localhost", help_text="SMTP-server.")
EMAIL_PORT = config("EMAIL_PORT", 25, help_text="SMTP-poort.")
EMAIL_HOST_USER = config("EMAIL_HOST_USER", "", help_text="SMTP-gebruiker.")
EMAIL_HOST_PASSWORD = config("EMAIL_HOST_PASSWORD", "", help_text="SMTP-wachtwoord.")
EMAIL_USE_TLS = config("EMAIL_USE_TLS", False, help_text="STARTTLS gebruiken.")
DEFAULT_FROM_EMAIL = config("DEFAULT_FROM_EMAIL", "koers@localhost", help_text="Afzender van e-mails.")

KOERS_REMINDER_DAYS = config(
    "KOERS_REMINDER_DAYS",
    5,
    help_text="Zoveel dagen voor de deadline krijgt een eigenaar een herinnering.",
)
KOERS_TODAY = config(
    "KOERS_TODAY",
    "",
    help_text="Vaste datum van vandaag (jjjj-mm-dd), voor tests en demonstraties; leeg: de datum van de server.",
)
KOERS_SUPPRESSION_THRESHOLD = config(
    "KOERS_SUPPRESSION_THRESHOLD",
    5,
    help_text="Aantallen onder deze grens worden afgeschermd in publieke uitvoer.",
)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Computed measure values (koers.monitoring.cache, ADR 0008). Shared by the web processes and the task worker.
CACHES = {
    "default": {
        "BACKEND": config(
            "KOERS_CACHE_BACKEND",
            "koers.core.cache.FileCache",
            help_text="Django-cachebackend. Moet gedeeld zijn door webserver en taakwerker (bestand of database).",
        ),
        "LOCATION": config(
            "KOERS_CACHE_LOCATION",
            str(VAR_DIR / "cache"),
            help_text="Map (bestandscache) of tabelnaam (databasecache) van de cache.",
        ),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
KOERS_MEASURE_CACHE_SECONDS = config(
    "KOERS_MEASURE_CACHE_SECONDS",
    900,
    help_text="Zoveel seconden bewaart Koers een berekende maat; 0 = niet bewaren. Nieuwe gegevens gelden direct.",
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "koers.api.authentication.ApiTokenAuthentication",
        "koers.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Koers API",
    "DESCRIPTION": "Leesbare API van Koers: organisaties, plannen, activiteiten, indicatoren en metingen.",
    "VERSION": "1.0.0",
}

LOG_LEVEL = config("LOG_LEVEL", "WARNING", help_text="Logniveau (DEBUG, INFO, WARNING, ERROR).")
KOERS_LOG_FORMAT = config(
    "KOERS_LOG_FORMAT",
    "tekst",
    help_text="Vorm van de logregels: json (één JSON-object per regel, standaard in productie) of tekst. Elke regel "
    "heeft het id van het verzoek (ook in de header X-Request-ID) en geen persoonsgegevens.",
)
KOERS_LOG_REQUESTS = config(
    "KOERS_LOG_REQUESTS",
    False,
    help_text="Eén logregel per verzoek (methode, route, status, duur; geen adres, pad of gebruiker). Standaard aan "
    "in productie.",
)
if KOERS_LOG_FORMAT not in {"json", "tekst"}:
    raise ValueError(f"KOERS_LOG_FORMAT: verwacht json of tekst, gekregen '{KOERS_LOG_FORMAT}'")
LOGGING = logging_config(fmt=KOERS_LOG_FORMAT, level=LOG_LEVEL, log_requests=KOERS_LOG_REQUESTS)
KOERS_WORKER_HEARTBEAT_SECONDS = config(
    "KOERS_WORKER_HEARTBEAT_SECONDS",
    120,
    help_text="/gereed/ meldt 'niet gereed' als geen taakwerker (koers taakwerker) zo veel seconden een teken van "
    "leven gaf.",
)
KOERS_ONDERHOUD_BEWAARTERMIJN_DAG = config(
    "KOERS_ONDERHOUD_BEWAARTERMIJN_DAG",
    1,
    help_text="Op deze dag van de maand past koers onderhoud de bewaartermijn toe (na de back-up).",
)
KOERS_SENTRY_DSN = config(
    "KOERS_SENTRY_DSN",
    "",
    help_text="Adres (DSN) van een Sentry-project voor foutmeldingen. Leeg (standaard): geen Sentry. Koers stuurt "
    "geen persoonsgegevens mee.",
)
KOERS_SENTRY_ENVIRONMENT = config("KOERS_SENTRY_ENVIRONMENT", "productie", help_text="Naam van de omgeving in Sentry.")

# API (koers.api): Swagger UI from the installed drf-spectacular-sidecar, no CDN; only /api/v1/ in the schema
INSTALLED_APPS += ["drf_spectacular_sidecar"]
SPECTACULAR_SETTINGS.update(
    {
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
        "DESCRIPTION": "Leesbare API van Koers: organisaties, plannen, jaarplannen, activiteiten met voortgang, "
        "indicatoren met metingen en maten, van één samenwerkingsverband. Maak een sleutel aan op de pagina "
        "API-sleutels (/api/sleutels/) en stuur hem mee als `Authorization: Bearer koers_…`. Een sleutel werkt voor "
        "één samenwerkingsverband, met de gekozen rechten en nooit meer dan uw rol. Lijsten komen in pagina's "
        "(`page`, `page_size`). Gegevens over individuele leerlingen gaan nooit door deze API.",
        "TAGS": [
            {"name": "organisatie", "description": "Het samenwerkingsverband, besturen, scholen, partners, gremia."},
            {"name": "plannen", "description": "Ondersteuningsplannen, jaarplannen, activiteiten en voortgang."},
            {"name": "monitoring", "description": "Metingen van indicatoren en maten (alleen geaggregeerd)."},
        ],
        "SERVE_INCLUDE_SCHEMA": False,
        "SCHEMA_PATH_PREFIX": "/api/v1",
        "SCHEMA_PATH_PREFIX_TRIM": False,
        "COMPONENT_SPLIT_REQUEST": True,
        "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": False},
        "ENUM_NAME_OVERRIDES": {
            "ActivityStatusEnum": "koers.plans.models.Activity.Status",
            "MeasurementStatusEnum": "koers.api.monitoring.STATUSES",
        },
    }
)

# Privacy (koers.privacy): default retention term for pupil-level register rows; an SWV can set its own
KOERS_BEWAARTERMIJN_JAREN = config(
    "KOERS_BEWAARTERMIJN_JAREN",
    7,
    help_text="Standaard bewaartermijn (jaren na het einde van het schooljaar waarin een leerlingdossier is "
    "afgesloten). Een samenwerkingsverband kan een eigen termijn instellen.",
)
KOERS_GENODIGDEN_BEWAARDAGEN = config(
    "KOERS_GENODIGDEN_BEWAARDAGEN",
    90,
    help_text="Zo veel dagen na de sluiting van een reactieronde wist koers bewaartermijn de naam en het "
    "e-mailadres van de genodigden; hun reacties blijven, ondertekend met hun groep.",
)

# ---- Single sign-on met OpenID Connect (koers.accounts.oidc, ADR 0015) -------------------------------------------
# One provider per installation. Configured when KOERS_OIDC_CLIENT_ID and an issuer (or the endpoints) are set;
# otherwise the login page shows only the local login. Self-contained: nothing else in this file depends on it.
KOERS_OIDC_PROVIDER_NAME = config(
    "KOERS_OIDC_PROVIDER_NAME",
    "",
    help_text='Naam van de inlogdienst op de inlogpagina ("Inloggen met ..."), bijv. Microsoft.',
)
KOERS_OIDC_ISSUER = config(
    "KOERS_OIDC_ISSUER",
    "",
    help_text="Issuer van de OpenID Connect-dienst (https://...); Koers leest de endpoints uit "
    "<issuer>/.well-known/openid-configuration en controleert de claim iss van elk ID-token.",
)
OIDC_RP_CLIENT_ID = config("KOERS_OIDC_CLIENT_ID", "", help_text="Client-id van Koers bij de inlogdienst.")
OIDC_RP_CLIENT_SECRET = config("KOERS_OIDC_CLIENT_SECRET", "", help_text="Clientgeheim van Koers bij de inlogdienst.")
OIDC_RP_SCOPES = config("KOERS_OIDC_SCOPES", "openid email profile", help_text="Scopes die Koers vraagt.")
OIDC_RP_SIGN_ALGO = config("KOERS_OIDC_SIGN_ALGO", "RS256", help_text="Algoritme van de handtekening van ID-tokens.")
OIDC_OP_AUTHORIZATION_ENDPOINT = config(
    "KOERS_OIDC_AUTHORIZATION_ENDPOINT", "", help_text="Autorisatie-endpoint (leeg: uit de discovery van de issuer)."
)
OIDC_OP_TOKEN_ENDPOINT = config(
    "KOERS_OIDC_TOKEN_ENDPOINT", "", help_text="Token-endpoint (leeg: uit de discovery van de issuer)."
)
OIDC_OP_USER_ENDPOINT = config(
    "KOERS_OIDC_USERINFO_ENDPOINT", "", help_text="Userinfo-endpoint (leeg: uit de discovery van de issuer)."
)
OIDC_OP_JWKS_ENDPOINT = config(
    "KOERS_OIDC_JWKS_ENDPOINT", "", help_text="Endpoint met de sleutels (JWKS) (leeg: uit de discovery van de issuer)."
)
OIDC_OP_LOGOUT_ENDPOINT = config(
    "KOERS_OIDC_END_SESSION_ENDPOINT",
    "",
    help_text="Uitlog-endpoint van de inlogdienst (leeg: uit de discovery van de issuer).",
)
KOERS_OIDC_PROVIDER_LOGOUT = config(
    "KOERS_OIDC_PROVIDER_LOGOUT",
    False,
    help_text="Bij uitloggen uit Koers ook uitloggen bij de inlogdienst (als die een uitlog-endpoint heeft).",
)
KOERS_OIDC_EMAIL_CLAIM = config(
    "KOERS_OIDC_EMAIL_CLAIM", "email", help_text="Claim met het e-mailadres van de gebruiker."
)
KOERS_OIDC_EMAIL_VERIFIED_CLAIM = config(
    "KOERS_OIDC_EMAIL_VERIFIED_CLAIM",
    "email_verified",
    help_text="Claim die zegt dat de inlogdienst het e-mailadres heeft gecontroleerd (waarde true). Microsoft "
    "Entra ID: xms_edov. Leeg: elk e-mailadres van de inlogdienst geldt als gecontroleerd (alleen voor een "
    "dienst waarvan u zelf alle adressen beheert).",
)
KOERS_OIDC_MFA_AMR = config(
    "KOERS_OIDC_MFA_AMR",
    ["mfa", "otp"],
    help_text="Waarden in de claim amr die gelden als tweede factor (komma-gescheiden).",
)
KOERS_OIDC_MFA_ACR = config(
    "KOERS_OIDC_MFA_ACR",
    [],
    help_text="Waarden van de claim acr (of acrs bij Entra ID) die gelden als tweede factor (komma-gescheiden). "
    "Leeg: alleen amr telt.",
)
OIDC_TIMEOUT = config("KOERS_OIDC_TIMEOUT", 10, help_text="Zoveel seconden wacht Koers op de inlogdienst.")
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # for id_token_hint when logging out at the provider too
OIDC_CREATE_USER = False  # accounts come from an invitation or exist already (koers.accounts.oidc.bind_login)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
LOGIN_REDIRECT_URL_FAILURE = "accounts:oidc_refused"
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "koers.accounts.oidc.OIDCBackend"]
# A refused single sign-on is no password guess (the provider guards its own login): django-axes does not count it,
# or a few unknown colleagues behind one office address would block single sign-on for everyone there.
AXES_WHITELIST_CALLABLE = "koers.accounts.oidc.is_sso_callback"
# ---- end of single sign-on ------------------------------------------------------------------------------------------
