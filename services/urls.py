from django.urls import path

from . import views
from .landing import views as landing_views

app_name = "services"

urlpatterns = [
    path("services/", views.ServiceListView.as_view(), name="service_list"),
    path(
        "services/<slug:slug>/",
        views.ServiceDetailView.as_view(),
        name="service_detail",
    ),
    path("cases/", views.CaseStudyListView.as_view(), name="case_list"),
    path("cases/<slug:slug>/", views.CaseStudyDetailView.as_view(), name="case_detail"),
    path("solutions/", views.SolutionListView.as_view(), name="solution_list"),
    path(
        "solutions/<slug:slug>/",
        views.SolutionDetailView.as_view(),
        name="solution_detail",
    ),
    path(
        "lp/<str:slug>/",
        landing_views.LandingPageView.as_view(),
        name="landing_page",
    ),
    path("lp/seen/<int:pk>/", landing_views.landing_seen, name="landing_seen"),
]
