"""Which character encoding an uploaded CSV file uses, decided per file.

1. A byte-order mark says it outright (UTF-8, UTF-16, UTF-32).
2. Text that is valid UTF-8 is UTF-8.
3. Text that is UTF-8 but for a stray byte or two (a name pasted from an old file) is read
   as UTF-8 and each unreadable byte becomes U+FFFD, which the row checks flag; it is not
   read wholesale as Latin-1, which would garble every other accented name.
4. Otherwise charset-normalizer ranks the legacy encodings. Windows-1252 (what Excel
   writes on a UK PC) wins whenever it reads the file about as cleanly as the best guess;
   else the best guess (Shift-JIS, Windows-1251, ...) when it reads cleanly; else Latin-1
   when only a few of its bytes are control characters. Otherwise the file is refused,
   with how to save it as UTF-8.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
REPLACEMENT = "\ufffd"
MAX_CHAOS = 0.2  # charset-normalizer's "mess" ratio above which a reading is not trusted
CP1252_MARGIN = 0.05
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
LABELS = {
    "cp1252": "Windows-1252",
    "latin_1": "Latin-1",
    "cp932": "Shift-JIS",
    "shift_jis": "Shift-JIS",
    "shift_jis_2004": "Shift-JIS",
    "shift_jisx0213": "Shift-JIS",
    "euc_jp": "EUC-JP",
    "gb18030": "GB18030",
    "gb2312": "GB2312",
    "big5": "Big5",
    "euc_kr": "EUC-KR",
    "cp1251": "Windows-1251",
    "koi8_r": "KOI8-R",
    "cp1250": "Windows-1250",
    "utf_16": "UTF-16",
}


class EncodingError(ValueError):
    """The file's encoding cannot be told with confidence."""


@dataclass(frozen=True)
class Decoded:
    """The file's text, the encoding's label, and how many bytes could not be read."""

    text: str
    label: str
    unreadable: int = 0


def decode(data: bytes) -> Decoded:
    """The text of an uploaded file; raises EncodingError when unsure."""
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), label)
            except UnicodeDecodeError:
                raise EncodingError(
                    f"The file says it is {label} but is not. Save it again as CSV UTF-8."
                ) from None
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    return _legacy(data)


def _mostly_utf8(data: bytes) -> Decoded | None:
    valid = len(UTF8_SEQUENCE.findall(data))
    text = data.decode("utf-8", errors="replace")
    unreadable = text.count(REPLACEMENT) - data.count(REPLACEMENT.encode())
    if valid and unreadable * 2 <= valid:
        return Decoded(text, "UTF-8", unreadable)
    return None


def _legacy(data: bytes) -> Decoded:
    matches = from_bytes(data)
    best = matches.best()
    cp1252 = _reading(data, "cp1252")
    if cp1252 is not None and (best is None or cp1252 <= best.chaos + CP1252_MARGIN):
        return Decoded(data.decode("cp1252"), LABELS["cp1252"])
    if best is not None and best.chaos <= MAX_CHAOS and best.encoding in LABELS:
        return Decoded(str(best), LABELS[best.encoding])
    text = data.decode("latin-1")
    high = sum(1 for ch in text if ch >= "\x80")
    controls = sum(1 for ch in text if "\x80" <= ch <= "\x9f")
    if high and controls <= max(1, high // 10):
        return Decoded(text, LABELS["latin_1"])
    raise EncodingError(
        "We could not tell which character encoding this file uses, so names might be "
        "garbled. In Excel, use Save As and choose “CSV UTF-8 (Comma delimited)”, then "
        "upload that file."
    )


def _reading(data: bytes, encoding: str) -> float | None:
    """charset-normalizer's mess ratio for reading the file as `encoding` (None: cannot)."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return None
    match = from_bytes(data, cp_isolation=[encoding]).best()
    return match.chaos if match is not None else None
