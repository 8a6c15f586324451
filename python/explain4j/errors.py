"""Exceptions the Java side maps to its own types."""

import re

OPTION_SLOT = "{option}"


class InvalidInput(ValueError):
    """Bad input from the caller (a path, an argument, a text). Java raises InvalidInputException.

    A refusal that a setting would lift names it by ``option``, the Java builder method qualified by
    its class (``"ModelOptions.optAllowPickle"``), with the ``value`` to suggest; its message holds
    ``{option}`` where each interface writes that setting in its own words: Java
    ``ModelOptions.builder().optAllowPickle(true)``, the CLI ``--allow-pickle``, Python (``str(e)``)
    ``allow_pickle=True``.
    """

    def __init__(self, message, option=None, value=None):
        self.template = message
        self.option = option
        self.value = value
        super().__init__(
            message if option is None else message.replace(OPTION_SLOT, python_setting(option, value))
        )


def python_setting(option, value):
    """``ModelOptions.optAllowPickle``, True -> ``allow_pickle=True`` (the Python keyword)."""
    method = option.rsplit(".", 1)[-1].removeprefix("opt")
    return re.sub(r"(?<!^)([A-Z])", r"_\1", method).lower() + "=" + repr(value)
