"""API token authentication with an expiry: a token older than ``API_TOKEN_MAX_AGE_DAYS``
no longer authenticates (0 turns the expiry off)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

# DRF's keys are 40 hexadecimal characters; anything else cannot be one, and a NUL would
# make PostgreSQL refuse the lookup (a 500) instead of answering "invalid token".
KEY_LENGTH = 40


def token_expires_at(token: Token) -> datetime | None:
    """When ``token`` stops authenticating, or None when tokens do not expire."""
    days = settings.API_TOKEN_MAX_AGE_DAYS
    if not days:
        return None
    return token.created + timedelta(days=days)


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, refused once the token has expired (a 401 whose
    ``detail`` says so: the user asks an administrator for a new token)."""

    def authenticate_credentials(self, key: str):
        if len(key) != KEY_LENGTH or not key.isascii() or not key.isalnum():
            raise exceptions.AuthenticationFailed("无效的令牌 / invalid token")
        user, token = super().authenticate_credentials(key)
        expires_at = token_expires_at(token)
        if expires_at is not None and expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(
                "令牌已过期，请向管理员申请新令牌 / "
                "token expired: ask an administrator for a new one"
            )
        return user, token
