"""The importer's messages (warnings and errors) in the reader's language.

The parsing code writes them in Chinese with their template and values (``Message``); they are
translated here, where a page or command shows them. A warning stored before messages had
templates is a plain string and is shown as stored.
"""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from plans.parsing.model import Message


def translated(message: object) -> str:
    """A Message, its stored form (a dict), an error raised with one, or an old plain string, in
    the active language; a stored form whose template no longer fits its values keeps its text.
    """
    if isinstance(message, BaseException):
        message = message.args[0] if message.args else ""
    if isinstance(message, Message):
        template, params, text = message.template, message.params, str(message)
        plural = message.plural
    elif isinstance(message, dict) and isinstance(message.get("msgid"), str):
        template, params = message["msgid"], message.get("params") or {}
        text = str(message.get("text") or template)
        plural = message.get("msgid_plural")
    elif isinstance(message, dict):
        return str(message.get("text", ""))
    else:
        return str(message)
    if not isinstance(params, dict):
        return text
    values = {name: _value(value) for name, value in params.items()}
    try:
        if isinstance(values.get("n"), int):
            # A count: the English form that fits n ("1 line", "2 lines"). A warning stored
            # before its template had a plural names none: it is looked up as a count too.
            counted = ngettext(template, plural or template, values["n"])
            if counted not in (template, plural):
                return counted % values
        return gettext(template) % values if values else gettext(template)
    except (KeyError, TypeError, ValueError):
        return text


def translated_all(messages: list) -> list[str]:
    return [translated(message) for message in messages or ()]


def _value(value: object) -> object:
    return translated(value) if isinstance(value, Message | dict) else value
