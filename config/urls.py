from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config import views
from config.url_include import root_include

# Language-neutral endpoints: machines (health, webhooks, API, sitemaps) and admin. Grouped
# in one `root_include` (as the apps' pages below), so a page's path passes them all with one
# check instead of trying each (config/url_include.py).
urlpatterns = [
    root_include(
        [
            path("healthz", views.healthz, name="healthz"),
            path("i18n/", include("django.conf.urls.i18n")),
            path("admin/", include(wagtailadmin_urls)),
            path("django-admin/", admin.site.urls),
            path("documents/", include(wagtaildocs_urls)),
            root_include("marketplace.webhook_urls"),
            root_include("search.api_urls"),
            root_include("cms.seo_urls"),
        ]
    ),
]

# Pages people read; prefixed by language except the default (English).
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    root_include(
        [
            root_include("accounts.urls"),
            root_include("regions.urls"),
            root_include("buyers.urls"),
            root_include("catalogue.urls"),
            root_include("marketplace.urls"),
            root_include("search.urls"),
            # The officials' pages, named `cms:officials:...` as ever; mounted here because
            # cms never imports cms.officials (pyproject.toml).
            root_include(([root_include("cms.officials.urls")], "cms")),
        ]
    ),
    # Wagtail's pages: the catch-all, so last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
else:
    # Product and page pictures (Wagtail originals and their WebP renditions) are public, and
    # the compose stack has no proxy in front of gunicorn, so without this every picture was a
    # 404 in production. Only those two folders: trade attachments and receipts also live
    # under MEDIA_ROOT and are served solely by their authorising views. A CDN or proxy in
    # front can take over this path; the cache header lets it.
    from django.urls import re_path
    from django.views.decorators.cache import cache_control
    from django.views.static import serve

    urlpatterns = [
        re_path(
            r"^media/(?P<path>(?:images|original_images)/[^/]+)$",
            cache_control(public=True, max_age=86400)(serve),
            {"document_root": settings.MEDIA_ROOT},
            name="public_image",
        ),
        *urlpatterns,
    ]
