"""Cells a spreadsheet would run as a formula (leading =, +, -, @, tab, CR) are written with a
leading apostrophe, the OWASP "CSV injection" defence; import takes the apostrophe off again, so
the value survives export → import unchanged."""

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain number such as -77.0113 is not a formula; Excel reads it as a number.
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def neutralise(value):
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.match(value):
        return "'" + value
    return value


def restore(value):
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1:].startswith(TRIGGERS):
        return value[1:]
    return value
