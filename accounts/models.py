from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import TokenProxy

VISIBLE_KEY_CHARACTERS = 4


class ApiToken(TokenProxy):
    """An API token as the admin shows it: named by its first characters, never by its key
    (DRF's own ``Token.__str__`` is the key, which the admin prints in titles and history)."""

    class Meta:
        proxy = True
        verbose_name = _("API 令牌 / API token")
        verbose_name_plural = _("API 令牌 / API tokens")

    def __str__(self) -> str:
        return f"{self.key[:VISIBLE_KEY_CHARACTERS]}…（已隐藏 / hidden）"
