"""Guards every request passes before (and after) its view: hostile query strings and
cookies, unexpected errors under /api/, and the anonymous page quota.

- ``QueryStringGuardMiddleware``: a query parameter holding a character the databases refuse
  (PostgreSQL rejects NUL in any text), or a value longer than any the app accepts, is a 400
  naming the parameter, before any view or filter can hand it to a query or to int().
- ``RefusedCookieMiddleware``: a cookie holding such a character (a forged session id) is
  dropped, as if never sent, before the session middleware looks it up in the database.
- ``ApiErrorMiddleware``: an exception no view handled is, under /api/, a JSON 500 in the
  API's error shape instead of Django's HTML page.
- ``PageThrottleMiddleware``: anonymous clients get a quota of page views
  (``DEFAULT_THROTTLE_RATES["pages"]``), counted in the cache like the API's quota and keyed by
  the same client address (``client_ip``).

The client address is DRF's: ``X-Forwarded-For`` counts only behind ``NUM_PROXIES`` proxies
(the ``NUM_PROXIES`` environment variable, default 0: the header is ignored), so a client
cannot buy a fresh quota, or a fresh lockout counter, by sending a new header.
"""

import logging
from collections.abc import Callable
from typing import Any, cast

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, BaseThrottle

API_PREFIX = "/api/"
# PostgreSQL stores no NUL in text and psycopg2 refuses to send one; no other character a
# browser can put in a (UTF-8 decoded) query string is refused by either database.
REFUSED_CHARACTERS = ("\x00",)
# Longer than any list of codes the app accepts, and short of the 4300 digits past which
# Python's int() refuses a string (a 500 in any parser that trusts isdigit()).
MAX_VALUE_LENGTH = 4000
DEFAULT_PAGE_RATE = "300/hour"

logger = logging.getLogger("django.request")

GetResponse = Callable[[HttpRequest], HttpResponse]


def client_ip(request: HttpRequest) -> str:
    """The address quotas and login lockouts count against: ``REMOTE_ADDR``, or the address the
    ``NUM_PROXIES``-th trusted proxy saw when the app runs behind that many proxies."""
    # DRF's throttles read only META from the request: a plain HttpRequest serves
    return BaseThrottle().get_ident(cast(Any, request))


def refused_parameter(request: HttpRequest) -> tuple[str, str] | None:
    """The first query parameter no view should see, with the reason: a name or value holding
    a refused character, or a value longer than ``MAX_VALUE_LENGTH``."""
    for name, values in request.GET.lists():
        shown = name.replace("\x00", "\\x00")[:100]
        if any(character in text for text in [name, *values] for character in REFUSED_CHARACTERS):
            return shown, "含有不允许的字符（NUL） / contains a character that is not allowed (NUL)"
        longest = max((len(value) for value in values), default=0)
        if longest > MAX_VALUE_LENGTH:
            return shown, (
                f"过长（{longest} 个字符，最多 {MAX_VALUE_LENGTH}） / too long "
                f"({longest} characters, at most {MAX_VALUE_LENGTH})"
            )
    return None


def error_response(
    request: HttpRequest, *, status: int, param: str | None, message: str
) -> HttpResponse:
    """The error in the shape of where it happened: the API's JSON under /api/
    (``{"detail", "errors": {param: [...]}}``), the site's error page elsewhere."""
    if request.path.startswith(API_PREFIX):
        body: dict[str, object] = {"detail": f"{param}: {message}" if param else message}
        if param:
            body["errors"] = {param: [message]}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    context = {"param": param, "value": "", "message": message, "status": status}
    return render(request, "dashboards/error.html", context, status=status)


class QueryStringGuardMiddleware:
    """A 400 naming the parameter for query strings no view should be handed."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = refused_parameter(request)
        if refused is not None:
            param, message = refused
            return error_response(request, status=400, param=param, message=message)
        return self.get_response(request)


class RefusedCookieMiddleware:
    """Drops cookies no database could be asked about; placed before the session middleware.

    A cookie is not something a user can correct the way they correct an address, so it is
    ignored (the client gets a fresh session) rather than answered with a 400.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = [
            name
            for name, value in request.COOKIES.items()
            if any(character in name + value for character in REFUSED_CHARACTERS)
        ]
        for name in refused:
            del request.COOKIES[name]
        return self.get_response(request)


class ApiErrorMiddleware:
    """Under /api/, an unexpected exception is a JSON 500: clients parse every answer as JSON."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None  # Django's handler500 and logging, as for any page
        # Answering here skips Django's own logging of the error: log it as Django would.
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        return error_response(
            request,
            status=500,
            param=None,
            message="服务器内部错误 / internal server error",
        )


class PageThrottle(AnonRateThrottle):
    """Anonymous page views, by ``client_ip``: ``DEFAULT_THROTTLE_RATES["pages"]``."""

    scope = "pages"

    def get_rate(self) -> str:
        # Read at each request, not at import, so a changed setting (or test) takes effect.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return str(rate) if rate else DEFAULT_PAGE_RATE


class PageThrottleMiddleware:
    """Throttles the dashboards' pages (the app namespace ``dashboards``) for anonymous users.

    The pages are not cached whole (every selection is its own URL), and the overview is the
    most expensive request the app serves, so they count against a quota like the API does.
    Without a shared cache (``REDIS_URL``) each process keeps its own count.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[object, ...],
        view_kwargs: dict[str, object],
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.app_name != "dashboards":
            return None
        throttle = PageThrottle()
        if throttle.allow_request(cast(Any, request), cast(Any, None)):
            return None
        wait = throttle.wait()
        seconds = int(wait) + 1 if wait is not None else 60
        response = error_response(
            request,
            status=429,
            param=None,
            message=f"请求过于频繁，请 {seconds} 秒后再试 / too many requests: "
            f"try again in {seconds} seconds",
        )
        response["Retry-After"] = str(seconds)
        return response
