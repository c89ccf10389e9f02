"""REST API routes (/api/v1/...) and the OpenAPI schema with its viewers."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from analysis.api import coupling as coupling_views
from analysis.api import development_models as model_views
from analysis.api import index_views
from analysis.api import overlap as overlap_views
from analysis.api import peers as peer_views
from analysis.api import views as analysis_views
from analysis.api import zone_search as zone_search_views
from common.api.views import SchemaView, not_found
from indicators.api import cohorts as cohort_views
from indicators.api import views as indicator_views
from zones.api import views as zone_views

router = DefaultRouter()
router.register("zones", zone_views.ZoneViewSet, basename="zone")
router.register("cohorts", cohort_views.CohortViewSet, basename="cohort")
router.register("indicators", indicator_views.IndicatorViewSet, basename="indicator")
router.register("sources", indicator_views.SourceViewSet, basename="source")
router.register("observations", indicator_views.ObservationViewSet, basename="observation")
router.register("schemes", index_views.SchemeViewSet, basename="scheme")
router.register("checks", indicator_views.FindingViewSet, basename="check")

app_name = "api"

v1 = [
    # before the router's zones/<slug>/, which would take "search" for a zone
    path("zones/search/", zone_search_views.ZoneSearchView.as_view(), name="zone-search"),
    *router.urls,
    path("rankings/", analysis_views.RankingView.as_view(), name="rankings"),
    path("mrv/", analysis_views.MostRecentView.as_view(), name="mrv"),
    path("compare/", analysis_views.CompareView.as_view(), name="compare"),
    path("benchmark/", analysis_views.BenchmarkView.as_view(), name="benchmark"),
    path("peers/", peer_views.PeersView.as_view(), name="peers"),
    path("overlap/", overlap_views.OverlapView.as_view(), name="overlap"),
    path("index/", index_views.IndexView.as_view(), name="index"),
    path("integration/", coupling_views.CouplingView.as_view(), name="integration"),
    path("models/", model_views.DevelopmentModelsView.as_view(), name="models"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SchemaView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    # Any other address under /api/ is a JSON 404, not Django's HTML page.
    re_path(r"^", not_found),
]
