"""API tokens in the admin: the key is shown once, on the page that creates it, and never
again (the list and the change page show only its first characters), with its expiry."""

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from accounts.authentication import token_expires_at
from accounts.models import ApiToken


@admin.display(description=_("令牌 / Key"))
def hidden_key(token: ApiToken) -> str:
    return str(token)


@admin.display(description=_("到期 / Expires"))
def expires(token: ApiToken):
    return token_expires_at(token) or _("不过期 / never")


admin.site.unregister(TokenProxy)


@admin.register(ApiToken)
class HiddenKeyTokenAdmin(TokenAdmin):
    list_display = (hidden_key, "user", "created", expires)

    def get_fields(self, request: HttpRequest, obj=None):
        return ("user",) if obj is None else ("user", hidden_key, "created", expires)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # A token belongs to its user for life: to move it, delete it and create another.
        return () if obj is None else ("user", hidden_key, "created", expires)

    def response_add(self, request: HttpRequest, obj: ApiToken, post_url_continue=None):
        # The one page that shows the whole key: not a message, which would travel in a
        # cookie or the session store.
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": obj,
            "expires": token_expires_at(obj),
            "title": _("新令牌 / New token"),
        }
        # The admin's views already answer with Cache-Control: no-store.
        return TemplateResponse(request, "admin/accounts/token_created.html", context)
