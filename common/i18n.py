"""Messages in both interface languages, the way the project writes its own ("中文 / English").

Django's validators speak the active language only: an import report read in the admin (in
Chinese), printed by a command, or sent to an English-speaking analyst would otherwise mix
bilingual messages of the project's with Django's in whichever language happened to be on.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation

INTERFACE_LANGUAGES = ("zh-hans", "en")


def _join(zh: str, en: str) -> str:
    """One message: the project's own (already "中文 / English") or identical ones once."""
    return zh if zh == en or " / " in zh else f"{zh} / {en}"


def bilingual_message_dict(error: ValidationError) -> dict[str, list[str]]:
    """``error.message_dict`` (``{"__all__": [...]}`` for an error without fields), each message
    in Chinese and English."""
    rendered = []
    for language in INTERFACE_LANGUAGES:
        with translation.override(language):
            if hasattr(error, "error_dict"):
                rendered.append(error.message_dict)
            else:
                rendered.append({"__all__": list(error.messages)})
    zh, en = rendered
    return {
        name: [_join(z, e) for z, e in zip(messages, en[name], strict=True)]
        for name, messages in zh.items()
    }


def bilingual_messages(error: ValidationError) -> list[str]:
    """Every message of ``error``, each in Chinese and English."""
    return [message for messages in bilingual_message_dict(error).values() for message in messages]
