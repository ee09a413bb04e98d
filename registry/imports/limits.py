"""Refusing files that are too big before parsing them: size, rows, and XLSX zip bombs."""

import io
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import FileError

# An XLSX is a zip of XML; real sheets compress ~10-20×. Far more means a bomb.
MAX_COMPRESSION_RATIO = 100
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 1000


class LimitError(FileError):
    pass


# The limits and their defaults are settings (config/settings.py), read at each check so that a
# changed setting applies at once.
def max_bytes() -> int:
    return settings.REGISTRY_IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.REGISTRY_IMPORT_MAX_ROWS


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise LimitError(
            _(
                "The file is %(size)s bytes; the limit is %(limit)s bytes "
                "(REGISTRY_IMPORT_MAX_BYTES). Split it."
            )
            % {"size": size, "limit": limit}
        )


def check_rows(count: int) -> None:
    limit = max_rows()
    if count > limit:
        raise LimitError(
            _("The file has more than %(limit)s rows (REGISTRY_IMPORT_MAX_ROWS). Split it.")
            % {"limit": limit}
        )


def check_zip(data: bytes) -> None:
    """Read only the zip directory: refuse before any member is inflated."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise LimitError(_("The file is not a valid XLSX workbook: save it again from Excel.")) from None
    members = archive.infolist()
    total = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members) or 1
    if (
        len(members) > MAX_ZIP_MEMBERS
        or total > MAX_UNCOMPRESSED_BYTES
        or total / compressed > MAX_COMPRESSION_RATIO
    ):
        # Byte counts meant nothing to staff; what they can do is save the workbook again or split it.
        raise LimitError(
            _(
                "This workbook is damaged or too large to open safely (a possible zip bomb). Save it "
                "again from Excel, or split it into smaller files."
            )
        )


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def check_xlsx_rows(data: bytes) -> None:
    """The row count each sheet declares in its first bytes (`<dimension ref="A1:M10001"/>`),
    read by inflating only those bytes, before the workbook is parsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                try:
                    with archive.open(name) as sheet:
                        match = _DIMENSION.search(sheet.read(4096))
                except zipfile.BadZipFile:
                    # A member that inflates past its declared size (a bomb that lies in the zip's
                    # headers) fails its CRC check here; it was a server error.
                    raise LimitError(
                        _("The file is not a valid XLSX workbook: save it again from Excel.")
                    ) from None
                if match and match.group(1):
                    check_rows(int(match.group(1)) - 1)


def count_text_rows(text: str) -> int:
    """Rows of a text file, counted without parsing it (an upper bound: quoted newlines count)."""
    return text.count("\n") + (0 if text.endswith("\n") else 1)
