from django.urls import path

from dashboards.views import (
    benchmark,
    catalogue,
    compare,
    development_models,
    integration,
    overlap,
    overview,
    overview_map,
    peers,
    quality,
    rankings,
    zones,
)
from dashboards.views import index as index_views

app_name = "dashboards"

urlpatterns = [
    path("", overview.home, name="home"),
    path("zones/", zones.zone_list, name="zone-list"),
    path("zones/map/csv/", overview_map.zone_map_csv, name="zone-map-csv"),
    path("zones/<slug:slug>/", zones.zone_detail, name="zone-detail"),
    path("rankings/", rankings.rankings, name="rankings"),
    path("rankings/csv/", rankings.rankings_csv, name="rankings-csv"),
    path("compare/", compare.compare, name="compare"),
    path("compare/csv/", compare.compare_csv, name="compare-csv"),
    path("benchmark/", benchmark.benchmark, name="benchmark"),
    path("benchmark/csv/", benchmark.benchmark_csv, name="benchmark-csv"),
    path("peers/", peers.peers, name="peers"),
    path("overlap/", overlap.overlap, name="overlap"),
    path("integration/", integration.integration, name="integration"),
    path("models/", development_models.models_page, name="models"),
    path("indicators/", catalogue.indicator_list, name="indicator-list"),
    path("sources/", catalogue.source_list, name="source-list"),
    path("index/", index_views.index_page, name="index"),
    path("quality/", quality.quality, name="quality"),
]
