from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(settings.AGENCY_ADMIN_URL, admin.site.urls),
    path("ckeditor/", include("agency.editor_urls")),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("", include("articles.urls")),
    path("", include("services.urls")),
    path("", include("leads.urls")),
    # Simple pages last: /<slug>/ matches whatever the apps above left.
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page_detail"),
]

if settings.AGENCY_SERVE_MEDIA:
    urlpatterns.insert(0, path("media/<path:path>", views.media, name="media"))
