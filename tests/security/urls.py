"""The app's addresses plus one API view and one page that fail as a bug would."""

from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def broken(request):
    raise RuntimeError("a bug, not bad input")


urlpatterns = [
    path("api/v1/broken/", broken),
    path("broken/", broken),
    *app_urlpatterns,
]
