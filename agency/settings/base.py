"""Settings shared by every environment.

Everything that differs between a laptop and production comes from the environment; each
variable is described in `.env.example`. The defaults here are safe for a local demo.

Longer than 400 lines on purpose: every setting lives here once, grouped under short
headers, each with the reason for its value (the house style), rather than spread over
modules a reader must find.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def database_from_env(default_url):
    """Return the default database from DATABASE_URL, or from `default_url`."""
    url = os.environ.get("DATABASE_URL") or default_url
    config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Django's, with a health check that asks the server only when needed.
        config["ENGINE"] = "agency.core.postgresql"
    return config


# --- Core -------------------------------------------------------------------------------

SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-local-demo-key-never-use-in-production"
)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# The site's public base URL, for links that leave the request: e-mails, feeds, QR codes.
# Production requires it; `make run` derives it from PORT.
SITE_URL = (os.environ.get("AGENCY_SITE_URL") or "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Django's admin, with the project's site (titles, sign-in lockout, index by role).
    "agency.core.admin_apps.AgencyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    # django-taggit, shown as "Tags" in the admin (its label stays "taggit").
    "agency.core.taggit_app.TagsConfig",
    "ckeditor",
    "ckeditor_uploader",
    # Infrastructure (caching, SEO, media, rich text, security, rate limits): below the
    # features, which register with it.
    "agency.core",
    # The features.
    "articles",
    "services",
    "leads",
    # Failed sign-ins, counted in the database (agency/core/admin_login.py adapts it).
    # django-axes, shown as "Sign-in lockout" in the admin (its label stays "axes").
    "agency.core.axes_app.SignInLockoutConfig",
    # Revisions of content: agency/core/revisions.py builds the admin's history on it.
    "reversion",
    # Background work: `manage.py run_huey` is the one worker (agency/core/tasks.py).
    "huey.contrib.djhuey",
    # Importing leads from CSV or Excel with a preview (leads/imports.py); it
    # registers no models of its own.
    "import_export",
    # The site composition (home page, menu, pages, site settings), on top of the
    # features. Last, so its post_migrate hook (the roles) runs after every app's
    # permissions exist.
    "agency.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "agency.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so campaign visits served from it still get their cookie.
    "leads.tracking.TouchMiddleware",
    # Outside the page cache too: which version of a landing page a visitor is shown.
    "services.landing.split.LandingSplitMiddleware",
    # As early as it can be: a cached page for an anonymous visitor skips all below.
    # What the middleware below adds to a response is stored with the page.
    "agency.core.pagecache.PageCacheMiddleware",
    # The language of the address (/zh-hans/...), for all below and the view.
    "agency.core.i18n.LanguageFromPathMiddleware",
    "agency.core.middleware.AdminSearchLimitMiddleware",
    # Posts that another site made a visitor's browser send are refused here, for all.
    "agency.core.middleware.CrossSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin in each staff user's own language (after the user is known).
    "agency.core.admin_language.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "agency.core.middleware.SecurityHeadersMiddleware",
    # Last: turns a locked-out sign-in into its 429 answer (the form with its message).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "agency.urls"
WSGI_APPLICATION = "agency.wsgi.application"

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
                "agency.site.context_processors.site_frame",
            ],
        },
    },
]

# --- Database and cache -----------------------------------------------------------------

# The local demo runs on an embedded SQLite file unless DATABASE_URL names another.
DATABASES = {"default": database_from_env(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Shared by every server process: page cache, rate limits, view counters.
    CACHES = {
        "default": {
            # Django's RedisCache, where an outage means misses, not errors.
            "BACKEND": "agency.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "agency",
            # Fail fast when Redis is down instead of hanging the request.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "agency",
        }
    }

# The page cache for anonymous visitors (agency/core/pagecache.py): on unless turned off, with
# pages kept at most this many seconds (changes to content retire them at once anyway).
AGENCY_PAGE_CACHE = env_bool("AGENCY_PAGE_CACHE", True)
AGENCY_PAGE_CACHE_SECONDS = int(os.environ.get("AGENCY_PAGE_CACHE_SECONDS", 300))
# The query parameters public views read (a page number, a search, a list's filters, the
# contact form's topic). The page cache gives a view only these, so anything else a URL
# carries (utm_* tags, junk) maps to the same copy; a test checks the views against it.
AGENCY_PAGE_CACHE_QUERY_PARAMS = (
    "page",
    "p",
    "q",
    "service",
    "industry",
    "article",
    # From a page with no translation: the section says so (agency.core.i18n).
    "untranslated",
)
# At most this many copies of one path per set of those parameters (free text such as
# `?q=` would otherwise make a copy per value); past it a page is served, not stored.
AGENCY_PAGE_CACHE_VARIANTS = int(os.environ.get("AGENCY_PAGE_CACHE_VARIANTS", 50))
# Each process keeps its own copy of the pages it served last, up to this many bytes of
# HTML, and serves them while the shared generation says they are current.
AGENCY_PAGE_CACHE_LOCAL_BYTES = int(
    os.environ.get("AGENCY_PAGE_CACHE_LOCAL_BYTES", 8 * 1024 * 1024)
)
# After a change, at most this many pages are rendered again at once (over all
# processes) while their old copies can be served meanwhile: the other workers go on
# answering visitors.
AGENCY_PAGE_CACHE_RENDER_SLOTS = int(
    os.environ.get("AGENCY_PAGE_CACHE_RENDER_SLOTS", 2)
)
# And of the fragments of pages it rendered last (agency.core.fragments).
AGENCY_FRAGMENTS_LOCAL_BYTES = int(
    os.environ.get("AGENCY_FRAGMENTS_LOCAL_BYTES", 8 * 1024 * 1024)
)
# What a CDN in front may do with an anonymous page (Cache-Control: s-maxage and
# stale-while-revalidate); docs/deploy.md says how it is purged on publish.
AGENCY_CDN_SECONDS = int(os.environ.get("AGENCY_CDN_SECONDS", 60))
AGENCY_CDN_STALE_SECONDS = int(os.environ.get("AGENCY_CDN_STALE_SECONDS", 60))

# Tags match whatever their case: "WeChat" and "wechat" are one tag, not two.
TAGGIT_CASE_INSENSITIVE = True

# --- Auth -------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Where sign-in lands when `next` is missing or refused (another host, `//evil`): the
# admin, the only thing staff sign in for (Django's default is a missing /accounts/profile/).
LOGIN_REDIRECT_URL = "admin:index"
# The admin's URL path: a less obvious one keeps bots' password guessing off it.
AGENCY_ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
# Paths the page cache never serves or stores.
AGENCY_PAGE_CACHE_EXCLUDED_PATHS = (
    f"/{AGENCY_ADMIN_URL}",
    "/ckeditor/",
    "/media/",
    "/static/",
    "/healthz",
)
# Failed sign-ins lock an account out from the address that failed (PER_USER), and an
# address out of every account (PER_IP), until LOCKOUT_SECONDS pass without a failure.
# The owner signing in from elsewhere is never locked out by a stranger's guesses.
AGENCY_LOGIN_MAX_FAILURES_PER_USER = int(
    os.environ.get("AGENCY_LOGIN_MAX_FAILURES_PER_USER", 5)
)
AGENCY_LOGIN_MAX_FAILURES_PER_IP = int(
    os.environ.get("AGENCY_LOGIN_MAX_FAILURES_PER_IP", 20)
)
AGENCY_LOGIN_LOCKOUT_SECONDS = int(
    os.environ.get("AGENCY_LOGIN_LOCKOUT_SECONDS", 15 * 60)
)
# django-axes counts them in PostgreSQL (not the cache: a Redis outage or a full Redis
# must not switch the lockout off); agency/core/admin_login.py says how it is adapted.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "agency.core.admin_login.AgencyAxesHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# Read from the AGENCY_LOGIN_* settings above when asked, so those stay the one source.
AXES_FAILURE_LIMIT = "agency.core.admin_login.failure_limit"
AXES_COOLOFF_TIME = "agency.core.admin_login.cool_off"
AXES_USERNAME_CALLABLE = "agency.core.admin_login.axes_username"
AXES_CLIENT_IP_CALLABLE = "agency.core.admin_login.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "agency.core.admin_login.axes_lockout_response"
# Guesses while locked out are refused without a row each, so an address cannot fill the
# table (with new user names or user agents) nor push its lockout further.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Never reset on success: signing in to one's own account would wipe the address's
# count of guesses at others.
AXES_RESET_ON_SUCCESS = False
# How many proxies in front append to X-Forwarded-For (0: none, trust REMOTE_ADDR). The
# client's address is the entry that many from the right; any more to the left is forgeable.
AGENCY_PROXY_COUNT = int(os.environ.get("AGENCY_PROXY_COUNT", 0))
# Staff sessions end after this many seconds (default 8 hours, a working day).
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60))
SESSION_COOKIE_HTTPONLY = True

# --- Security headers (see agency.core.middleware for the CSP) ------------------------------

SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Internationalisation ---------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files and media -------------------------------------------------------------

STATIC_URL = "/static/"
# Where collectstatic gathers the files WhiteNoise serves in production.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads on S3-compatible object storage (pip install ".[s3]"), so several app servers
# share them: set the bucket to turn it on. Generated posters and cards stay on each
# server's MEDIA_ROOT (they are a cache, drawn again where missing).
AGENCY_S3_BUCKET = os.environ.get("AGENCY_S3_BUCKET", "")
if AGENCY_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AGENCY_S3_BUCKET,
            # e.g. https://<account>.r2.cloudflarestorage.com or a MinIO address.
            "endpoint_url": os.environ.get("AGENCY_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AGENCY_S3_REGION") or None,
            # The CDN (or bucket) host that serves the files publicly.
            "custom_domain": os.environ.get("AGENCY_MEDIA_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }

# Serve uploaded media from Django (fine for `make serve` and small sites); turn off when
# the web server in front serves MEDIA_ROOT itself.
AGENCY_SERVE_MEDIA = env_bool("AGENCY_SERVE_MEDIA", True)
# Uploads larger than this are refused; the web server in front should cap bodies too.
AGENCY_MAX_UPLOAD_BYTES = int(
    os.environ.get("AGENCY_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
)
# Pillow refuses images with more pixels than this (decompression bombs).
AGENCY_MAX_IMAGE_PIXELS = int(os.environ.get("AGENCY_MAX_IMAGE_PIXELS", 40_000_000))

# --- Mail -------------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Django's default is no timeout: a hung mail server would hang the sender for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Bluepeak Digital <noreply@example.com>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who receives a notification for each new lead (comma-separated).
AGENCY_SALES_EMAILS = env_list("AGENCY_SALES_EMAILS", "sales@example.com")

# --- Rich text (django-ckeditor) --------------------------------------------------------

CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
CKEDITOR_IMAGE_BACKEND = "ckeditor_uploader.backends.PillowBackend"
CKEDITOR_RESTRICT_BY_DATE = True
CKEDITOR_BROWSE_SHOW_DIRS = False
CKEDITOR_FILENAME_GENERATOR = "agency.core.editor_urls.random_filename"
CKEDITOR_CONFIGS = {
    "default": {
        # The Advanced Content Filter stays on (no `allowedContent: true`, no `fullPage`):
        # CVE-2024-24815 needs one of them. The server sanitises with nh3 on save anyway.
        "toolbar": "Article",
        "toolbar_Article": [
            ["Format"],
            ["Bold", "Italic", "Underline", "Strike", "-", "RemoveFormat"],
            ["NumberedList", "BulletedList", "-", "Blockquote", "CodeSnippet"],
            ["Link", "Unlink"],
            ["Image", "Table", "HorizontalRule"],
            ["Undo", "Redo"],
            ["Source", "Maximize"],
        ],
        "format_tags": "p;h2;h3;h4;pre",
        # djangocsrf sends Django's CSRF token with every upload (agency.core.editor_urls).
        "extraPlugins": "codesnippet,djangocsrf",
        "external_plugin_resources": [
            ("djangocsrf", f"{STATIC_URL}js/ckeditor/djangocsrf/", "plugin.js")
        ],
        "removePlugins": "exportpdf",
        "height": 420,
        "width": "100%",
    },
}
# ckeditor.W001: django-ckeditor bundles CKEditor 4.22.1, which has unfixed CVEs. Mitigated
# here: ACF stays on and fullPage off (CVE-2024-24815), the wheel ships no samples so none
# are served (CVE-2024-24816), only staff who edit content reach the editor's uploads,
# and every body is sanitised with an nh3 allowlist on save (agency.core.richtext), so the
# stored HTML is safe whatever the editor lets through.
SILENCED_SYSTEM_CHECKS = [
    "ckeditor.W001",
    # The lead board's covering index includes the value on PostgreSQL; on the
    # embedded SQLite of `make run` it is a plain index, all this warning says.
    "models.W040",
]

# --- Logging ----------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # axes logs each failure at WARNING (names and addresses masked); its INFO is noise.
        "axes": {"level": "WARNING"},
    },
}

# --- Leads ------------------------------------------------------------------------------

# How a visitor's IP address is stored with their lead: "truncate" keeps the network
# (IPv4 /24, IPv6 /48), "hash" keeps a keyed hash (same visitor, same value, not
# reversible), "none" keeps nothing. The rate limit always uses the full address, in the
# cache only.
AGENCY_LEADS_IP_MODE = os.environ.get("AGENCY_LEADS_IP_MODE", "truncate")
# Per-address limits of enquiries (agency.core.ratelimit, counted in the database). Past COUNT
# in WINDOW seconds an enquiry is kept as spam ("quarantined": the dashboard and the daily
# digest show it to sales) and the visitor is told so with a 429 page.
AGENCY_LEADS_RATE_LIMIT_COUNT = int(os.environ.get("AGENCY_LEADS_RATE_LIMIT_COUNT", 5))
AGENCY_LEADS_RATE_LIMIT_WINDOW = int(
    os.environ.get("AGENCY_LEADS_RATE_LIMIT_WINDOW", 600)
)
# The hard ceiling: past CEILING_COUNT in CEILING_WINDOW seconds nothing more is stored;
# the form comes back with the visitor's text and a 429. Never below the count above.
AGENCY_LEADS_CEILING_COUNT = int(os.environ.get("AGENCY_LEADS_CEILING_COUNT", 30))
AGENCY_LEADS_CEILING_WINDOW = int(os.environ.get("AGENCY_LEADS_CEILING_WINDOW", 3600))
# A form token older than this (seconds) gets the form back, filled in, to send again.
AGENCY_LEADS_TOKEN_MAX_AGE = int(
    os.environ.get("AGENCY_LEADS_TOKEN_MAX_AGE", 2 * 60 * 60)
)
# The daily e-mail to sales listing the day's new and quarantined leads, sent by the
# worker's `lead_digest` job at this local hour (-1: no digest).
AGENCY_LEADS_DIGEST_HOUR = int(os.environ.get("AGENCY_LEADS_DIGEST_HOUR", 8))
# Speed to lead (leads.response): the first-response target, counted in the working
# hours below (the site's time zone); a lead not tried by then is escalated to the
# channels that announce "first response overdue".
AGENCY_LEADS_FIRST_RESPONSE_MINUTES = int(
    os.environ.get("AGENCY_LEADS_FIRST_RESPONSE_MINUTES", 60)
)
# The sales mailbox replies to sales' e-mails reach (imap:// or imaps://user:password@
# host:port/folder), read each minute by the worker (leads.replies); empty: not read.
AGENCY_LEADS_IMAP_URL = os.environ.get("AGENCY_LEADS_IMAP_URL", "")
# The currency of leads' values, forecasts and won revenue (ISO 4217).
AGENCY_CURRENCY = os.environ.get("AGENCY_CURRENCY", "CNY")
# Working days (0 = Monday) and hours of the sales team.
AGENCY_LEADS_WORKING_DAYS = [
    int(day)
    for day in os.environ.get("AGENCY_LEADS_WORKING_DAYS", "0,1,2,3,4").split(",")
    if day.strip()
]
AGENCY_LEADS_WORKING_HOURS = tuple(
    os.environ.get("AGENCY_LEADS_WORKING_HOURS", "09:00-18:00").split("-", 1)
)
# A form sent sooner than this after it was shown is taken for a robot.
AGENCY_LEADS_MIN_FILL_SECONDS = int(os.environ.get("AGENCY_LEADS_MIN_FILL_SECONDS", 3))
# Leads older than this are deleted or anonymised by the worker's daily `lead_retention`
# job (the privacy page promises two years).
AGENCY_LEADS_RETENTION_DAYS = int(os.environ.get("AGENCY_LEADS_RETENTION_DAYS", 730))
# "anonymise" keeps the lead for the dashboard's counts without personal data; "delete"
# removes it.
AGENCY_LEADS_RETENTION_MODE = os.environ.get("AGENCY_LEADS_RETENTION_MODE", "anonymise")

# --- Views and likes (agency.core.ratelimit) --------------------------------------------------

# (hits, seconds) per address: requests to the view beacon and to the like button.
ARTICLES_BEACON_RATE = (120, 60)
ARTICLES_LIKE_RATE = (30, 10 * 60)
# (count, seconds) per article and address: views counted and likes given. Each visitor
# counts once, but a client with a fresh cookie per request is one visitor per request;
# this bounds what one address (an office behind one NAT counts as one) can add.
ARTICLES_VIEWS_PER_ADDRESS = (
    int(os.environ.get("ARTICLES_VIEWS_PER_ADDRESS", 20)),
    30 * 60,
)
ARTICLES_LIKES_PER_ADDRESS = (
    int(os.environ.get("ARTICLES_LIKES_PER_ADDRESS", 20)),
    24 * 60 * 60,
)
# Counted views wait in PostgreSQL for the worker's `flush_counters` job (each minute);
# off, each view is added at once (`make run` starts no worker).
ARTICLES_BUFFER_VIEWS = env_bool("ARTICLES_BUFFER_VIEWS", True)

# --- Background work (agency/core/tasks.py) --------------------------------------------

# One worker process, `manage.py run_huey`, runs the queued tasks and the periodic jobs
# (flush of view counts, lead e-mails and digest, retention, sign-in log trimming).
# Its queue is Redis when there is one, else a SQLite file beside the code (`make serve`
# without Redis). Nothing in the queue must survive: what matters waits in PostgreSQL.
# Immediate mode runs a task where it is queued (tests, `make run`: no worker there).
AGENCY_TASKS_SQLITE = os.environ.get(
    "AGENCY_TASKS_SQLITE", str(BASE_DIR / "tasks.sqlite3")
)


def _redis_with_timeouts(url):
    # A Redis that hangs must not hang the request that queues; the worker's blocking
    # read waits 1 s, under the socket timeout.
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}socket_connect_timeout=1&socket_timeout=5"


HUEY = {
    "name": "agency",
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "immediate": env_bool("AGENCY_TASKS_IMMEDIATE", False),
    # Tasks report through their rows and PeriodicJob, not through stored results.
    "results": False,
    "connection": (
        {"url": _redis_with_timeouts(REDIS_URL)}
        if REDIS_URL
        else {"filename": AGENCY_TASKS_SQLITE}
    ),
    "consumer": {
        "workers": int(os.environ.get("AGENCY_TASK_WORKERS", 2)),
        "worker_type": "thread",
        "periodic": True,
        # A worker thread that dies is replaced; SQLite is polled at most 2 s apart.
        "check_worker_health": True,
        "max_delay": 2.0,
    },
}
# Successful sign-ins are kept this many days (the `signin_log_trim` job, daily).
AGENCY_SIGNIN_LOG_DAYS = int(os.environ.get("AGENCY_SIGNIN_LOG_DAYS", 90))
# Deleted content waits this long in the Trash, then the worker purges it.
AGENCY_TRASH_DAYS = int(os.environ.get("AGENCY_TRASH_DAYS", 30))

# --- SEO and posters --------------------------------------------------------------------

# The font of share posters and cards: one with Chinese glyphs, or Chinese titles draw as
# boxes. Debian's fonts-noto-cjk installs these; the index picks the Simplified Chinese
# face of the collection. Without the file, Pillow's built-in Latin font is used.
AGENCY_POSTER_FONT = os.environ.get(
    "AGENCY_POSTER_FONT", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
)
AGENCY_POSTER_FONT_BOLD = os.environ.get(
    "AGENCY_POSTER_FONT_BOLD", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
)
AGENCY_POSTER_FONT_INDEX = int(os.environ.get("AGENCY_POSTER_FONT_INDEX", 2))
# Seconds a browser or proxy may reuse a poster or card before revalidating it (ETag).
AGENCY_POSTER_MAX_AGE = int(os.environ.get("AGENCY_POSTER_MAX_AGE", 300))
# How many articles the RSS and Atom feeds list.
AGENCY_FEED_ITEMS = int(os.environ.get("AGENCY_FEED_ITEMS", 20))
