"""Guanjia settings: one module, driven by environment variables (see README)."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from guanjia.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[2]

DEBUG = env_bool("DEBUG", default=False)

# Development needs no configuration; production refuses to start with a
# guessable key or without knowing which hosts it serves.
DEVELOPMENT_SECRET_KEY = "guanjia-development-only-not-secret"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [".localhost", "localhost", "127.0.0.1", "testserver"] if DEBUG else []
)
if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

# Personal data (ID, passport and phone numbers) is encrypted with the first of these Fernet
# keys and read with any of them, so a new key can be put first without breaking older rows.
# The index key makes the keyed hashes exact-match search uses.
DEVELOPMENT_PERSONAL_DATA_KEY = "ZGV2ZWxvcG1lbnQtb25seS1ub3Qtc2VjcmV0LWtleSE="  # noqa: S105
PERSONAL_DATA_KEYS = env_list(
    "PERSONAL_DATA_KEYS", [DEVELOPMENT_PERSONAL_DATA_KEY] if DEBUG else []
)
PERSONAL_DATA_INDEX_KEY = env_str("PERSONAL_DATA_INDEX_KEY") or (
    "development-only-index-key" if DEBUG else ""
)
if not DEBUG and (
    not PERSONAL_DATA_KEYS
    or DEVELOPMENT_PERSONAL_DATA_KEY in PERSONAL_DATA_KEYS
    or len(PERSONAL_DATA_INDEX_KEY) < 32
):
    raise ImproperlyConfigured(
        "PERSONAL_DATA_KEYS (Fernet keys) and PERSONAL_DATA_INDEX_KEY (32+ random characters) "
        "must be set when DEBUG is off."
    )

# The visitors' public form, per company (django-ratelimit rates). Only passes issued count
# against an address, which may be a whole compound's Wi-Fi or a carrier's NAT: two busy
# lanes of one gate at the evening peak stay under it. One mobile number gets a few passes a
# day. Forms sent back with mistakes have their own, lower limit, set well above what
# people's typing slips add up to at a peak: a script sending junk is stopped sooner.
# Behind a proxy, name the header with the visitor's address in RATELIMIT_IP_META_KEY.
VISITOR_PASSES_PER_ADDRESS = env_str("VISITOR_PASSES_PER_ADDRESS", "300/h")
VISITOR_PASSES_PER_PHONE = env_str("VISITOR_PASSES_PER_PHONE", "10/d")
VISITOR_INVALID_POSTS_PER_ADDRESS = env_str("VISITOR_INVALID_POSTS_PER_ADDRESS", "100/h")
PASSWORD_RESETS_PER_ADDRESS = env_str("PASSWORD_RESETS_PER_ADDRESS", "3/h")
PASSWORD_RESETS_PER_CLIENT = env_str("PASSWORD_RESETS_PER_CLIENT", "20/h")
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY") or None
# django-ratelimit lists only django-redis and memcached as tested; Django's own Redis cache
# has the atomic incr it needs.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# The domain under which companies get their portal: <slug>.<PORTAL_DOMAIN>.
PORTAL_DOMAIN = env_str("PORTAL_DOMAIN", "localhost")
PORTAL_PORT = env_str("PORTAL_PORT", "8000" if DEBUG else "")
PORTAL_SCHEME = env_str("PORTAL_SCHEME", "http" if DEBUG else "https")

SHARED_APPS = [
    "django_tenants",
    "guanjia",
    "companies",
    "accounts",
    "regulators",
    "partners",
    "audit",
    # No models: its ready() connects the tasks' receivers in the web process too.
    "tasks",
    # No models: `manage.py load_demo`, the demo `make run` loads, next to the demo itself.
    "devtools",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "axes",
    "django_ratelimit",
]
TENANT_APPS = [
    "tenants.sites",
    "tenants.rosters",
    "tenants.notices",
    "tenants.reports",
    "tenants.gate",
    "tenants.cleaning",
    "tenants.history",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "companies.Company"
TENANT_DOMAIN_MODEL = "companies.Domain"
# New companies are cloned from this always-migrated template schema: much faster
# than running every migration for each new company.
TENANT_BASE_SCHEMA = "company_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Set the search path once per request (and per set_tenant) rather than before every query.
TENANT_LIMIT_SET_CALLS = True
PUBLIC_SCHEMA_URLCONF = "guanjia.urls_public"
ROOT_URLCONF = "guanjia.urls_tenant"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

MIDDLEWARE = [
    "companies.middleware.CachedTenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "regulators.middleware.RegulatorReadOnlyMiddleware",
    "accounts.middleware.MembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Static files are served by the application itself in production (no CDN, closed networks).
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.membership",
                "tenants.portal.context_processors.portal_menu",
            ],
        },
    },
]

WSGI_APPLICATION = "guanjia.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@localhost:5432/guanjia"),
        engine="django_tenants.postgresql_backend",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379")


def redis_db(number: int, *, celery: bool = False) -> str:
    """The REDIS_URL with a database number, one per use, so a flush of one leaves the rest.

    A unix socket (`unix:///path/valkey.sock`, what `make` starts) has no path left for the
    number: redis-py reads it from `?db=`, Celery and kombu from `redis+socket://…?virtual_host=`.
    """
    if REDIS_URL.startswith("unix://"):
        path = REDIS_URL.removeprefix("unix://")
        if celery:
            return f"redis+socket://{path}?virtual_host={number}"
        return f"unix://{path}?db={number}"
    return f"{REDIS_URL.rstrip('/')}/{number}"


CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_db(1),
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "guanjia"),
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_AGE = 60 * 60 * env_int("SESSION_HOURS", 12)
# Guards and cleaners share phones at the gate: their sign-in ends with their shift (and a
# half-hour handover), or after this many hours when they are on no shift.
PHONE_SESSION_HOURS = env_int("PHONE_SESSION_HOURS", 12)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS only in production: plain HTTP is redirected, and browsers remember for a year to use
# HTTPS for the platform and every company's <slug>.<PORTAL_DOMAIN>. The container's own
# health check asks for /healthz over plain HTTP, so that path is never redirected.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is a promise about the operator's whole domain that takes months to undo, so it
# is theirs to make: off unless SECURE_HSTS_PRELOAD is set, and then Django's reminder is moot.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Content-Security-Policy on every page: scripts and stylesheets only from this host, nothing
# inline but a nonced <style> (the public board and visitor pages, Swagger UI) and one event
# handler, `this.form.submit()` (the language and gate choosers), allowed by its hash so the
# board stays free of scripts. Style attributes are allowed: the roster board places each
# shift with a computed left/width, and an attribute, unlike a stylesheet, holds no selector
# that could read the page, while any url() in it still loads only from this host.
# Forms may lead on to company hosts: signing in on the platform host ends on the portal.
PORTAL_HOSTS = f"*.{PORTAL_DOMAIN}" + (f":{PORTAL_PORT}" if PORTAL_PORT else "")
SUBMIT_ON_CHANGE = "'sha256-osjxnKEPL/pQJbFk1dKsF7PYFmTyMWGmVSiL9inhxJY='"  # this.form.submit()
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_HASHES, SUBMIT_ON_CHANGE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF, PORTAL_HOSTS],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:landing"
LOGOUT_REDIRECT_URL = "accounts:login"

# Invitations go out by e-mail: printed to the console in development, by SMTP otherwise
# (a production server that printed them would leave working sign-up links in its logs).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"Guanjia <noreply@{PORTAL_DOMAIN}>")

# Sign-in throttling: five failures for one account from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# One lock per account, however its address is typed (letter case, spaces).
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
# Wrong one-time sign-in codes: after this many for one mobile number its open code stops
# working (the manager gives a new one); from one network, a limit on every number together.
SIGN_IN_CODE_TRIES_PER_PHONE = env_str("SIGN_IN_CODE_TRIES_PER_PHONE", "5/15m")
SIGN_IN_CODE_TRIES_PER_CLIENT = env_str("SIGN_IN_CODE_TRIES_PER_CLIENT", "30/h")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
    ("ja", "日本語"),
    ("ko", "한국어"),
]
LOCALE_PATHS = [BASE_DIR / "i18n"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded files (cleaning photos) go through Django's storage: local files under MEDIA_ROOT by
# default, or an S3-compatible bucket named by MEDIA_STORAGE_URL
# (s3://bucket?endpoint_url=https://…&region_name=…, keys in AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY). Nothing is served from a public URL: pages stream photos to
# signed-in staff of the company only.
MEDIA_ROOT = env_str("MEDIA_ROOT") or str(BASE_DIR / ".data" / "media")
MEDIA_URL = "/media-is-never-served/"
MEDIA_STORAGE_URL = env_str("MEDIA_STORAGE_URL")
CLEANING_PHOTO_MAX_BYTES = env_int("CLEANING_PHOTO_MAX_BYTES", 15_000_000)
# Photos of cleaning work are evidence for inspections; after this many days they are removed.
CLEANING_PHOTO_DAYS = env_int("CLEANING_PHOTO_DAYS", 90)


def media_storage(url: str) -> dict:
    """The default storage's settings: local files, or an S3-compatible bucket by URL."""
    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    parsed = urlsplit(url)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise ImproperlyConfigured("MEDIA_STORAGE_URL must look like s3://bucket?endpoint_url=…")
    options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": parsed.netloc,
            "location": parsed.path.strip("/"),
            "endpoint_url": options.get("endpoint_url"),
            "region_name": options.get("region_name"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": media_storage(MEDIA_STORAGE_URL),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasCompanyPermission"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    # Every body the API takes is JSON: language objects and lists cannot travel as a form.
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Guanjia API",
    "DESCRIPTION": (
        "REST API of Guanjia for partner apps and the portal. Each company is served on its own "
        "domain; authenticate with `Authorization: Api-Key <key>` (created by a company manager)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # What a client sends and what it gets back are described apart: ids and times the server
    # sets are not asked for, and text that may not be blank says so (minLength).
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "kind" or a "status"; each set of choices gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "NoticeKindEnum": "tenants.notices.models.NoticeKind",
        "NoticeStatusEnum": "tenants.notices.models.NoticeStatus",
        "GateStatusEnum": "tenants.sites.models.GateStatus",
        "OutcomeEnum": "tenants.gate.policy.Outcome",
        "EntrantCategoryEnum": "tenants.gate.policy.Category",
        "IsolationStatusEnum": "tenants.gate.models.IsolationStatus",
        "NeedStatusEnum": "tenants.gate.models.NeedStatus",
        "NeedKindEnum": "tenants.gate.models.NeedKind",
        "EscalationStatusEnum": "tenants.gate.models.EscalationStatus",
        "FacilityKindEnum": "tenants.sites.models.FacilityKind",
        "CleaningTaskKindEnum": "tenants.cleaning.models.TaskKind",
        "CleaningFrequencyEnum": "tenants.cleaning.models.FrequencyChoice",
        "CleaningSlotStateEnum": "api.serializers.cleaning.SLOT_STATES",
    },
}

# Celery: the broker is Redis/Valkey; tasks run in the schema of the company that enqueued them.
CELERY_BROKER_URL = redis_db(0, celery=True)
CELERY_RESULT_BACKEND = redis_db(2, celery=True)
CELERY_RESULT_EXPIRES = 60 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_TENANT_CACHE_SECONDS = 30
# Reuse a worker's database connection across tasks instead of reconnecting for each.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 200)

# A refused (403) or unknown (404) address is logged as one line; only real errors (5xx) carry
# a traceback. The filter sits on django.request, so every handler of its records sees the
# line without the traceback, and on the console handler, which also receives the 400s that
# Django logs under a logger per exception (django.security.DisallowedHost, …).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "refusals_without_traceback": {"()": "guanjia.log_filters.RefusalsWithoutTraceback"}
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["refusals_without_traceback"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"filters": ["refusals_without_traceback"]},
        "axes": {"level": "WARNING"},
        # Step-by-step progress of every PDF; its warnings (e.g. missing glyphs) still show.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
