"""Turning the bytes of a text spreadsheet into text, as Excel writes them: UTF-8 with or without
a BOM, GB18030/GBK ("CSV (逗号分隔)" on a Chinese-locale Windows), UTF-16 ("Unicode text")."""

import codecs
import re

from django.utils.translation import gettext as _

from .errors import FileError


class DecodingError(FileError):
    pass


def decode(data: bytes) -> str:
    """The text of the file; never guesses its way into mojibake: bytes that are neither valid
    UTF-8 nor valid GB18030 are refused."""
    if data.startswith(codecs.BOM_UTF8):
        return _no_nul(_strict(data[len(codecs.BOM_UTF8) :], "utf-8"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _no_nul(_strict(data, "utf-16"))
    try:
        return _no_nul(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    # GB18030 is a superset of GBK and GB2312 and maps every byte sequence Excel writes for them.
    text = _no_nul(_strict(data, "gb18030"))
    # GB18030 also maps byte pairs that no Chinese text uses to the Private Use Area: UTF-8 mixed
    # with GBK (rows pasted from two files) decodes "successfully" into such characters. Refused
    # rather than imported as mojibake.
    if _PRIVATE_USE.search(text):
        raise DecodingError(
            _(
                "The file is not in a text encoding the registry reads: it mixes encodings "
                "(UTF-8 and GBK?). Save it as UTF-8 CSV or as XLSX."
            )
        )
    return text


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _no_nul(text):
    """NUL never occurs in a spreadsheet's text; it means UTF-16 saved without its byte-order mark
    or a binary file, and PostgreSQL cannot store it (a server error at write time)."""
    if "\x00" in text:
        raise DecodingError(
            _(
                "The file contains NUL characters: it is binary, or UTF-16 without a byte-order mark. "
                "Save it as UTF-8 CSV or as XLSX."
            )
        )
    return text


def _strict(data, encoding):
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise DecodingError(
            _("The file is not in a text encoding the registry reads: save it as UTF-8 CSV or as XLSX.")
        ) from None


def delimiter(text: str) -> str:
    """Tab for Excel's "Unicode text", otherwise comma (or semicolon, as some locales write)."""
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in ("\t", ",", ";")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","
