"""Settings shared by every environment; everything variable comes from the environment.

dev.py (the embedded `make run` default), test.py and production.py import this module and
adjust only what differs. See README "Environment variables" for the full list.
"""

from pathlib import Path

import environ
from django.utils.functional import lazy

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)
# A production start must name its secret and hosts; dev.py supplies safe local defaults
# before importing this module, so only a real deploy can hit these errors.
SECRET_KEY = env_str("SECRET_KEY", required=not DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"], required=not DEBUG)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Our apps first so their templates and static files win over third-party defaults.
    "core",
    "accounts",
    "regions",
    "sellers",
    "buyers",
    "catalogue",
    "marketplace",
    "marketplace.payments",
    "marketplace.documents",
    "search",
    "cms",
    "cms.officials",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    # Segment-by-segment translation of pages, PO export/import (cms/i18n.py, docs/translation.md).
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces "wagtail.locales"
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # allauth
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    # Tasks
    "django_tasks_db",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",  # the built-in widget templates, for FORM_RENDERER below
    "django.contrib.postgres",
    "django_htmx",
    "corsheaders",
]

MIDDLEWARE = [
    # Outermost: the header reaches every response (WhiteNoise's included), and an oversized
    # body is refused before any middleware reads it (see config/request_guards.py).
    "config.request_guards.RequestGuardsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.SiteResponsesMiddleware",  # the admin's CSP; 503 when SQLite is busy
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.AccountProtectionMiddleware",  # MFA by role; untrusted proxies
    "django_htmx.middleware.HtmxMiddleware",
    "cms.wagtail_speedups.site.CachedSiteMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Anonymous page cache (Django's cache middleware). Anything that touches the session or the
# CSRF token adds `Vary: Cookie`, so signed-in or form-bearing responses are never shared
# between visitors; cached responses keep the CSP header (and nonce) they were rendered with.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
# How long a worker process may reuse the content version it read for anonymous page views
# (core/content_cache.py): an edit reaches them in other processes up to this much later.
CONTENT_VERSION_LOCAL_SECONDS = env_int("CONTENT_VERSION_LOCAL_MS", 1000) / 1000
CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS
CACHE_MIDDLEWARE_KEY_PREFIX = "page"
CACHE_MIDDLEWARE_ALIAS = "pages"  # see CACHES below
if PAGE_CACHE_SECONDS > 0:
    MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]

ROOT_URLCONF = "config.urls"
# Widgets render through the template engine, so templates/django/forms/widgets/ can give
# every text field dir="auto": an English business name typed on an Arabic page otherwise
# runs right to left, its start cut off at the field's edge.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "marketplace.context_processors.trade",
            ],
            # `{% load public_cache %}`: the fragment-cache tags live with the other Wagtail
            # speed-ups, in a package that is not an app's templatetags folder.
            "libraries": {"public_cache": "cms.wagtail_speedups.public_cache"},
        },
    },
]

# Databases: SQLite file by default (zero set-up); DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": environ.Env.db_url_config(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env_int("CONN_MAX_AGE", 0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers on the embedded default. WAL lets readers go on while one writes.
    # IMMEDIATE makes every transaction take the write lock at BEGIN, where SQLite waits
    # for it (the busy timeout); a DEFERRED transaction that read first and then tries to
    # write fails at once with "database is locked" whatever the timeout, because waiting
    # could deadlock. Any lock error that still escapes is a 503 "please try again"
    # (config.middleware.SiteResponsesMiddleware), never a 500.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # PostgreSQL: parameters travel apart from the SQL (server-side binding), so psycopg can
    # prepare a statement once it has run five times on a connection, and PostgreSQL keeps
    # its plan. The public pages' reads join up to ten tables, and planning them cost more
    # than running them: the product page's main query planned in 3.3 ms and ran in 0.3.
    # With every cache empty this took 3-10 ms of SQL off a home, storefront, product or
    # seller page (docs/benchmarks.md, "Seventeenth round"). A pooler in transaction mode
    # that cannot carry prepared statements (PgBouncer before 1.21, or without
    # max_prepared_statements) needs DATABASE_PREPARED_STATEMENTS=false.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: the database cache locally (shared between processes, so rate limits hold),
# Redis in production through CACHE_URL.
_cache_url = env_str("CACHE_URL")
CACHES = {
    "default": environ.Env.cache_url_config(_cache_url)
    if _cache_url
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "deh_cache",
        # Django's default of 300 entries is one storefront's renditions and fragments: past
        # it, every write culls a third of the table in key order, which drops the content
        # version (so every cached page misses at once) and rate-limit counters with it.
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
    # Entries keyed by the content version ({% cache %} fragments and the like): kept in
    # process memory in front of the default cache (core/fragment_cache.py).
    "template_fragments": {
        "BACKEND": "core.fragment_cache.LocalFirstCache",
        # The LOCATION names the process-local store: each local-first cache needs its own,
        # or the pages cache's 300-entry cull would throw out fragments too.
        "LOCATION": "fragments",
    },
    # The anonymous page cache (CACHE_MIDDLEWARE_ALIAS): each process keeps a page it served
    # for 5 s, so a popular page costs no Redis round trip, for at most 5 s of extra age.
    "pages": {
        "BACKEND": "core.fragment_cache.LocalFirstCache",
        "LOCATION": "pages",
        "OPTIONS": {"LOCAL_SECONDS": 5, "MAX_ENTRIES": 300},
    },
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same backend, one Redis client per pool instead of one per operation.
    CACHES["default"]["BACKEND"] = "core.redis_cache.RedisCache"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# A URL name, not a path: reversed in the reader's language, so a French sign-in lands on
# /fr/dashboard/.
LOGIN_REDIRECT_URL = "marketplace:dashboard"

# allauth: email is the login; verification is mandatory.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins, counted per address ("key") and per IP separately. Per address: 10 in
    # 15 minutes, twice what a person fumbling with a password needs, and ~40 guesses an hour
    # for an attacker against passwords that already pass the common-password list. Per IP:
    # 100 in 15 minutes, ten people's budgets, because an office, a carrier NAT or a proxy
    # (TRUSTED_PROXY_COUNT left at 0) puts many people behind one address; a spray across
    # many accounts from one address still stops there. A locked-out owner is told to sign in
    # with an emailed code (ACCOUNT_LOGIN_BY_CODE_ENABLED, its own limits) or reset the
    # password (accounts.adapters).
    "login_failed": "100/15m/ip,10/15m/key",
    "signup": "10/h/ip",
    "reset_password": "5/h/ip,3/h/key",  # nosec B105 - a rate, not a password
}
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# The role choice and the buyer company live in buyers (accounts sits below it).
ACCOUNT_SIGNUP_FORM_CLASS = "buyers.forms.SignupForm"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "DEH Marketplace: "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
# Roles that must enrol a second factor before using their dashboards. The embedded demo
# lists none (DESIGN.md); production lists officials and seller staff with payouts.
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", [])
SOCIALACCOUNT_PROVIDERS: dict = {}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("hi", "हिन्दी"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
]
# The admin offers the site's languages, so an official can choose Hindi as their preferred
# language (Wagtail offers only those it ships a catalogue for, and none is Hindi): the
# project's own labels, help and pages are then in Hindi, Wagtail's own words stay English.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# wagtail-localize: a new translation starts as a draft (never published with the source's
# words under another language's URL); the official publishes it from the translation editor.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation is a hook left for deployments: set WAGTAILLOCALIZE_MACHINE_TRANSLATOR
# (DeepL, Google Cloud Translation, LibreTranslate; see docs/translation.md) in a settings
# file of their own. None here: the editor then offers no "Translate automatically" button,
# and no text leaves the site.
# `locale/` holds the project's own words (makemessages writes there). `locale_admin/` holds
# Hindi for the Wagtail admin chrome an official meets on the page editor (tabs, buttons, menu,
# side panels): Wagtail ships no Hindi catalogue, so a Hindi-speaking official's editor was
# half English. It lists Wagtail's own msgids, which makemessages would drop from `locale/`;
# the proper home for them is Wagtail's Transifex project (see locale_admin/README.md).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_admin"]
TIME_ZONE = "Asia/Kolkata"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic writes and WhiteNoise serves from. A folder of its own per run lets a
# test or a benchmark collect without touching the one a running server reads (the test
# suite's production-server check once collected into ./staticfiles while another worker's
# WhiteNoise was scanning it).
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Receipts, order documents and message attachments: outside MEDIA_ROOT, no URL, random
# names (core/private_storage.py). Only their authorising views serve them.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
PRIVATE_STORAGE = {"BACKEND": "core.private_storage.PrivateFileSystemStorage"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}

# Uploads: limits far below Pillow's defaults (its bomb check starts near 89 megapixels).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The whole request body, refused with a 413 before it is read (config/request_guards.py).
# The largest legitimate form is a listing edit: 4 new photos (8 MB each) plus 2 certificates
# (5 MB each) = 42 MB. Keep nginx's `client_max_body_size` equal (docs/operations.md).
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 50 * 1024 * 1024)
# Features no page uses, denied to the site and to anything it embeds (Permissions-Policy).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],  # Stripe Checkout is a redirect to Stripe's own page, not a frame here
    "publickey-credentials-get": ["self"],  # passkeys / WebAuthn second factor
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 8 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env_int("IMAGE_UPLOAD_MAX_PIXELS", 24_000_000)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = IMAGE_UPLOAD_MAX_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = IMAGE_UPLOAD_MAX_PIXELS
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]

WAGTAIL_SITE_NAME = "DEH Marketplace"
# No avatars from gravatar.com: it would receive a hash of every official's email address
# (and the CSP blocks the image anyway). Wagtail shows its default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# An item waiting longer than this for review escalates one level (district -> state ->
# site staff) and is marked overdue (regions.selectors.official_scope).
REVIEW_OVERDUE_DAYS = env_int("REVIEW_OVERDUE_DAYS", 3)
# The address links in emails use (core.site_url): SITE_URL, else the Wagtail default Site's
# root URL. `make run` sets SITE_URL for the port it serves.
SITE_URL = env_str("SITE_URL", "")


def _site_root() -> str:
    # Settings load before the apps, so the default Site is read when a link is built.
    from core.site_url import site_root

    return site_root()


# Wagtail's own emails (moderation) build their links from this: the same address as ours.
WAGTAILADMIN_BASE_URL = SITE_URL or lazy(_site_root, str)()
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]

# Tasks: Django's task framework with the database backend (`manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Email: console locally, SMTP (or anything) through EMAIL_URL.
_email_url = env_str("EMAIL_URL")
if _email_url:
    vars().update(environ.Env.email_url_config(_email_url))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# A mail server that hangs must not hold a task worker for ever (Django's default: no timeout).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 15)
# The embedded demo (dev.py) turns this on: the demo mailbox is open to everyone and linked
# from the footer. Production forces it off.
DEMO_MODE = env_bool("DEMO_MODE", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "DEH Marketplace <no-reply@deh.example>")

# Search
SEARCH_BACKEND = env_str("SEARCH_BACKEND", "database")
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
SEARCH_BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}

# Payments (Stripe); online payment is off unless the secret key is set.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env_str("STRIPE_API_BASE")
STRIPE_TIMEOUT_SECONDS = env_int("STRIPE_TIMEOUT_SECONDS", 10)
PLATFORM_FEE_PERCENT = env_str("PLATFORM_FEE_PERCENT", "5.0")
PLATFORM_FEE_FIXED_INR = env_str("PLATFORM_FEE_FIXED_INR", "0")

# Currencies shown to buyers (INR, core.money.BASE_CURRENCY, is always offered first).
DISPLAY_CURRENCIES = env_list(
    "DISPLAY_CURRENCIES", ["INR", "USD", "EUR", "GBP", "AED", "JPY", "AUD", "CAD", "SGD"]
)
EXCHANGE_RATES_URL = env_str("EXCHANGE_RATES_URL")

# Content-Security-Policy (Django's built-in support): nothing inline without a nonce.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    # "Pay now" and "Connect with Stripe" are forms whose answer redirects to Stripe's hosted
    # pages; browsers apply form-action to that redirect.
    "form-action": [CSP.SELF, "https://checkout.stripe.com", "https://connect.stripe.com"],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# The Wagtail admin (only under WAGTAIL_ADMIN_PATH) gets its own policy, set by
# config.middleware.SiteResponsesMiddleware: its widgets ship inline <script>
# blocks with per-field ids (date pickers, choosers, inline panels) and chooser modals insert
# HTML with scripts, none of which carry our nonce, so the site's policy silently broke them.
# Hashes cannot cover per-field scripts, hence 'unsafe-inline' there (without a nonce, which
# would make browsers ignore it), for signed-in editors' pages only; everything else stays
# as strict as the site's: same origin only, no plugins, no framing by other sites.
WAGTAIL_ADMIN_PATH = "/admin/"
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    # The live preview panel frames the admin's own preview view.
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
}

CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Converted prices older than this many days say "may be out of date".
EXCHANGE_RATE_STALE_DAYS = env_int("EXCHANGE_RATE_STALE_DAYS", 3)
# Enquiry and buying-request limits, per hour (marketplace.selectors.enquiry_budget): an
# account without a verified email gets the strict budget; a verified one younger than
# ENQUIRY_NEW_ACCOUNT_DAYS the new-account budget (a first sourcing session: a couple of dozen
# sellers); established ones a wider one that grows by 10 per 30 days of age up to the
# maximum; one IP address is a backstop shared by everyone behind it.
ENQUIRY_RATE_LIMIT_PER_HOUR = env_int("ENQUIRY_RATE_LIMIT_PER_HOUR", 10)
ENQUIRY_RATE_LIMIT_NEW_VERIFIED_PER_HOUR = env_int("ENQUIRY_RATE_LIMIT_NEW_VERIFIED_PER_HOUR", 20)
ENQUIRY_NEW_ACCOUNT_DAYS = env_int("ENQUIRY_NEW_ACCOUNT_DAYS", 7)
ENQUIRY_RATE_LIMIT_ESTABLISHED_PER_HOUR = env_int("ENQUIRY_RATE_LIMIT_ESTABLISHED_PER_HOUR", 30)
ENQUIRY_RATE_LIMIT_MAX_PER_HOUR = env_int("ENQUIRY_RATE_LIMIT_MAX_PER_HOUR", 60)
ENQUIRY_RATE_LIMIT_PER_IP_HOUR = env_int("ENQUIRY_RATE_LIMIT_PER_IP_HOUR", 100)
# Warn a buyer when this many enquiries (or fewer) are left in the hour.
ENQUIRY_ALLOWANCE_WARNING = env_int("ENQUIRY_ALLOWANCE_WARNING", 5)
# Conversation messages (each emails the other side), per user and per IP, per hour: a
# brisk negotiation is a few dozen messages a day, a spammer thousands.
MESSAGE_RATE_LIMIT_PER_HOUR = env_int("MESSAGE_RATE_LIMIT_PER_HOUR", 30)
# Review posts, edits, replies and hides (marketplace.reviews), per user and per IP, per hour.
REVIEW_RATE_LIMIT_PER_HOUR = env_int("REVIEW_RATE_LIMIT_PER_HOUR", 10)
REVIEW_RATE_LIMIT_PER_IP_HOUR = env_int("REVIEW_RATE_LIMIT_PER_IP_HOUR", 40)
# The hour (UTC) from which `run_periodic` sends the daily digests.
DIGEST_HOUR_UTC = env_int("DIGEST_HOUR_UTC", 7)
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120)
# Who the client is, for every rate limit (core/client_ip.py): the number of our own
# proxies in front of the app that append to X-Forwarded-For (0 = trust no header, use
# REMOTE_ADDR), or a header our proxy sets itself. allauth reads the same two values.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER

DEMO_PASSWORD = env_str("DEMO_PASSWORD", "deh-demo-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "elastic_transport": {"level": "WARNING"},
    },
}
