from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("zones/<slug:slug>/", views.zone_detail, name="zone-detail"),
]
