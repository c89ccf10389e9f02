"""What the import commands share: ``--user``, the user their history records."""

from __future__ import annotations

from argparse import ArgumentParser

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.management.base import CommandError


def add_user_argument(parser: ArgumentParser) -> None:
    parser.add_argument("--user", metavar="USERNAME", help="who the history records")


def history_user(username: str | None) -> AbstractBaseUser | None:
    """The user ``--user`` names, None without one; ``CommandError`` when no user has that
    name."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"未知的用户 / Unknown user “{username}”.")
    return user
