from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Who may sign in and how: expiring API tokens, hidden in the admin."""

    name = "accounts"
    verbose_name = _("账户 / Accounts")
