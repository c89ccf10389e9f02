from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("zones/", views.zone_list, name="zone-list"),
    path("zones/map/csv/", views.zone_map_csv, name="zone-map-csv"),
    path("zones/<slug:slug>/", views.zone_detail, name="zone-detail"),
    path("rankings/", views.rankings, name="rankings"),
    path("rankings/csv/", views.rankings_csv, name="rankings-csv"),
    path("compare/", views.compare, name="compare"),
    path("compare/csv/", views.compare_csv, name="compare-csv"),
    path("benchmark/", views.benchmark, name="benchmark"),
    path("benchmark/csv/", views.benchmark_csv, name="benchmark-csv"),
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("sources/", views.source_list, name="source-list"),
]
