"""Hemväg's one settings module, configured only through HEMVAG_* environment variables (see config.py)."""

import os
from pathlib import Path

from csp.constants import NONE, SELF
from django.conf import global_settings
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from hemvag import config
from hemvag.cases.documents import MAX_BYTES as DOCUMENT_MAX_BYTES

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = config.var_dir()

DEBUG = config.env_bool("HEMVAG_DEBUG", False)
HTTPS = config.env_bool("HEMVAG_HTTPS", True)
SECRET_KEY = config.secret_key()
ALLOWED_HOSTS = config.env_list("HEMVAG_ALLOWED_HOSTS", "127.0.0.1,localhost")
TRUSTED_PROXIES = config.env_int("HEMVAG_TRUSTED_PROXIES", 0, minimum=0, maximum=5)
DATABASES = {"default": config.database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "hemvag.core",
    "hemvag.people",
    "hemvag.cases",
    "hemvag.public",
    "hemvag.content",
    "hemvag.reports",
    "hemvag.forecasts",
    "hemvag.matters",
    "hemvag.outreach",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Staff pages speak only STAFF_LANGUAGES, whatever resident language the browser asks for.
    "hemvag.core.middleware.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads a form's body: a body too large or JSON too deep is refused unread.
    "hemvag.core.limits.RequestLimitsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Each user's memberships are read once per request, however often a page asks what they may do.
    "hemvag.core.permissions.MembershipsPerRequestMiddleware",
    # request.user.is_verified(): whether this session has passed its second factor (core.twofactor).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A staff session idle for HEMVAG_SESSION_IDLE_MINUTES is signed out before anything else sees it.
    "hemvag.core.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Cache-Control: no-store on every response that may carry personal data (pages behind a rule, the API).
    "hemvag.core.middleware.NoStoreMiddleware",
    # Admins and auditors signed in with a local password reach no staff page before their second factor.
    "hemvag.core.twofactor.SecondFactorMiddleware",
    # Last, so it sees the resolved view: deny by default for every route without a rule.
    "hemvag.core.permissions.PermissionMiddleware",
]

ROOT_URLCONF = "hemvag.urls"
WSGI_APPLICATION = "hemvag.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hemvag.core.context_processors.navigation",
            ],
        },
    },
]

# Form fields are rendered by Jinja2 (Django's own widget templates in their Jinja2 form): the Django template
# engine took ~40 % of a case page's time on its ~70 widgets (bench/scale/hotspots.py).
FORM_RENDERER = "django.forms.renderers.Jinja2"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The city's OpenID Connect provider (HEMVAG_OIDC_*); does nothing while that is not configured.
    "hemvag.core.signin.CityAccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "core:login"

# Lock-out after repeated wrong passwords, per user name and client address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The same client address as the rate limits (X-Forwarded-For behind HEMVAG_TRUSTED_PROXIES), so behind a load
# balancer one client's wrong passwords lock out that client, not everyone.
AXES_CLIENT_IP_CALLABLE = "hemvag.core.ratelimit.client_ip"
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
# The OpenID Connect callback names no user name to count; its refusals are audited, the named account is checked.
AXES_WHITELIST_CALLABLE = "hemvag.core.signin.lockout_ignores"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Signing in with the city's account (OpenID Connect, mozilla-django-oidc; docs/sign-in.md). It only ever finds an
# existing active Hemväg account; the roles are Hemväg's memberships, never the provider's groups.
OIDC = config.oidc_config()
OIDC_ENABLED = bool(OIDC)
OIDC_ISSUER = OIDC.get("ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = OIDC.get("AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = OIDC.get("TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = OIDC.get("USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = OIDC.get("JWKS_ENDPOINT", "")
OIDC_RP_CLIENT_ID = OIDC.get("CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = OIDC.get("CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = OIDC.get("SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = OIDC.get("SCOPES", "openid email profile")
OIDC_CLAIM = OIDC.get("CLAIM", "preferred_username")
OIDC_PROVIDER_NAME = OIDC.get("PROVIDER_NAME", "")
OIDC_AUTHENTICATION_CALLBACK_URL = "core:oidc_callback"
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
# The time-based second factor (django-otp) of admins and auditors who sign in with a local password.
OTP_TOTP_ISSUER = "Hemväg"
# Staff sessions end after this long without a request (hemvag.core.middleware.IdleTimeoutMiddleware).
SESSION_IDLE_SECONDS = config.env_int("HEMVAG_SESSION_IDLE_MINUTES", 30, minimum=1, maximum=24 * 60) * 60

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Shared by every worker and machine (no per-process state): rate limits live here.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hemvag_cache",
    }
}
# Background work (reports, large imports) is queued in the database and run by `hemvag db_worker`, which
# `hemvag serve` starts beside the web workers: no broker to install, and any number of machines can share it.
# Gallring: the retention rules (periods and legal bases); the municipality's own file replaces the defaults.
RETENTION_RULES = Path(os.environ.get("HEMVAG_RETENTION_RULES") or PACKAGE_DIR / "core" / "retention.yaml")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LANGUAGE_CODE = "sv"
# Resident pages offer all of these (each under its own URL prefix, /sv/, /ar/ …); staff pages only STAFF_LANGUAGES.
# Django knows neither Somali nor Dari: both get a LANG_INFO entry below. Dari uses ISO 639-3 "prs"
# (a valid BCP 47 tag) rather than "fa-AF", so it is never confused with Iranian Persian.
# The resident languages' names are not marked for translation: the switch shows each in its own name (name_local).
LANGUAGES = [
    ("sv", _("Swedish")), ("en", _("English")), ("ar", "Arabic"), ("so", "Somali"), ("prs", "Dari"), ("bs", "Bosnian"),
]
LANG_INFO.update({
    "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
    "prs": {"bidi": True, "code": "prs", "name": "Dari", "name_local": "دری"},
})
LANGUAGES_BIDI = [*global_settings.LANGUAGES_BIDI, "prs"]
# The staff interface is Swedish and English; resident pages may offer more of LANGUAGES.
STAFF_LANGUAGES = ["sv", "en"]
# Where "/" sends a visitor who is not signed in (the resident site once it exists).
PUBLIC_HOME_URL_NAME = "public:home"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Stockholm"
LANGUAGE_COOKIE_NAME = "hemvag_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Serve from the app folders too, so a fresh checkout works before collectstatic; hashed names when collected.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False
MEDIA_ROOT = os.environ.get("HEMVAG_MEDIA_ROOT") or str(VAR_DIR / "media")
# The Word template for exported statements (matters.word); empty: python-docx's default document, our styles.
MATTERS_DOCX_TEMPLATE = os.environ.get("HEMVAG_MATTERS_DOCX_TEMPLATE", "").strip()
# No MEDIA_URL route: documents are only ever served by a permission-checked view.
MEDIA_URL = "/no-direct-media/"

# Security headers. HTTPS-only settings follow HEMVAG_HTTPS so a local `make run` works over http.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "hemvag.core.views.csrf_failure"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Hemväg runs behind a TLS-terminating proxy that sets this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Nothing is loaded from another origin; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Request limits for the whole site (enforced by hemvag.core.limits, before anything reads a body).
# The largest file a page or API route accepts: the documents' limit, defined once in cases/documents.py.
UPLOAD_MAX_BYTES = DOCUMENT_MAX_BYTES
# A multipart body may carry that file and the form around it; a larger Content-Length is refused unread (413).
REQUEST_MAX_BYTES = UPLOAD_MAX_BYTES + 256 * 1024
# Any other body (forms, JSON): larger is 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# No document of ours nests deeper than a handful of levels; a deeper JSON body is 400.
JSON_MAX_DEPTH = 32
# Uploads above this stream to a temporary file; the capped handler never keeps more than UPLOAD_MAX_BYTES + 1.
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "hemvag.core.limits.CappedUploadHandler",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Request logs would carry query strings; keep them out.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
