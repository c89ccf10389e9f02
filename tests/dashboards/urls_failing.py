"""The site's URLs plus one view that fails, to see the 500 page a real failure gets."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("a failure the page must not show")


urlpatterns = [path("boom/", failing_view), *site_urlpatterns]
