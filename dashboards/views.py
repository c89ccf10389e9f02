from django.http import HttpResponse


def home(request):
    return HttpResponse("ZoneBench")


def zone_detail(request, slug):
    return HttpResponse(slug)
