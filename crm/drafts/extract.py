"""Reading a draft file's text safely: check what the bytes are, then extract (no Flask, no DB).

Each check runs before the file is parsed, so a file that is not what its name says,
a zip bomb dressed as a .docx or .odt (sizes are read from the zip directory, nothing
is unpacked), an encrypted PDF or a file with no text gets a message that says what
to do, and nothing is stored. `crm.drafts.worker` runs `extract` in a child process
with fixed memory and time limits.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from crm.drafts.models import FILE_SOURCES
from crm.drafts.text import as_text, paragraphs

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # every entry of a .docx/.odt together
MAX_RATIO = 100  # compression ratio of an entry bigger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_ENTRIES = 5000
MAX_PDF_PAGES = 2000
MAX_TEXT_CHARS = 5_000_000

NAMES = {
    "docx": "a Word document (.docx)",
    "odt": "an OpenDocument text (.odt)",
    "pdf": "a PDF",
    "txt": "a text file",
    "md": "a Markdown file",
}
LOOKS_LIKE = {
    "pdf": "a PDF",
    "zip": "a zip archive",
    "docx": "a Word document",
    "odt": "an OpenDocument text",
    "ole": "an old-style Office file (.doc) or a password-protected Word file",
    "binary": "a binary file, not text",
    "text": "plain text",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ExtractionError(ValueError):
    """A file whose text cannot (or must not) be read; the message says what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Extracted:
    """A draft's text (paragraphs separated by blank lines) and its paragraph count."""

    text: str
    paragraphs: int


def megabytes(size: int) -> str:
    """'10 MB', '12.3 MB'."""
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"


def kind_of(filename: str) -> str:
    """The format a file's name claims (docx, odt, pdf, txt, md); raises for anything else."""
    ending = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ending == "markdown":
        ending = "md"
    if ending in FILE_SOURCES:
        return ending
    if ending in {"doc", "rtf", "pages", "wps"}:
        raise ExtractionError(
            f"“{filename}” is a .{ending} file, which Partnerwise cannot read. Save it as "
            ".docx, .odt or .pdf, or paste the text."
        )
    raise ExtractionError(
        f"“{filename}” is not a file Partnerwise can read. Upload a .docx, .odt, .pdf, .txt "
        "or .md file, or paste the text."
    )


def sniff(data: bytes) -> str:
    """What the bytes look like: pdf, docx, odt, zip, ole, binary or text."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:8] == OLE_MAGIC:
        return "ole"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
        except (zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError):
            pass
        return "zip"
    if b"\x00" in data[:8192]:
        return "binary"
    return "text"


def check_is_what_it_says(data: bytes, kind: str, filename: str) -> None:
    """Refuse a file whose bytes are not the format its name claims."""
    found = sniff(data)
    expected = "text" if kind in {"txt", "md"} else kind
    if found == expected:
        return
    if found == "ole" and kind == "docx":
        raise ExtractionError(
            f"“{filename}” is password-protected or an old .doc file renamed, so its text "
            "cannot be read. Save a copy as .docx without a password, or paste the text."
        )
    raise ExtractionError(
        f"“{filename}” is not {NAMES[kind]}: it looks like {LOOKS_LIKE[found]}. Upload it "
        "with the right ending, or paste the text."
    )


def check_archive(data: bytes, filename: str) -> None:
    """Refuse a .docx/.odt that would unpack too big (a zip bomb) or is encrypted.

    Only the zip's directory is read: the sizes it declares are what a reader would
    have to unpack, and zipfile refuses to unpack more than an entry declares.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise ExtractionError(_damaged(filename)) from None
    if len(entries) > MAX_ENTRIES:
        raise ExtractionError(_bomb(filename))
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise ExtractionError(
                f"“{filename}” is password-protected, so its text cannot be read. Save a "
                "copy without the password, or paste the text."
            )
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > MAX_UNPACKED_BYTES or (entry.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise ExtractionError(_bomb(filename))


def _bomb(filename: str) -> str:
    return (
        f"“{filename}” unpacks to far more than a real draft (over "
        f"{megabytes(MAX_UNPACKED_BYTES)}): it may be damaged, or made to cause harm. "
        "Nothing was saved."
    )


def _damaged(filename: str) -> str:
    return (
        f"“{filename}” could not be read: it may be damaged. Open it, save it again and "
        "upload that, or paste the text."
    )


def _docx_text(data: bytes) -> str:
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(data))
    body = document.element.body
    parts = []
    # Paragraphs in document order, those inside tables included.
    for element in body.iter(qn("w:p")):
        text = "".join(
            " " if node.tag == qn("w:tab") else node.text or ""
            for node in element.iter(qn("w:t"), qn("w:tab"))
        )
        parts.append(text)
    return "\n\n".join(parts)


def _odt_text(data: bytes) -> str:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    parts: list[str] = []

    def walk(node) -> None:
        for child in node.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            if child.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                parts.append(teletype.extractText(child))
            else:
                walk(child)

    walk(document.text)
    return "\n\n".join(parts)


def _pdf_text(data: bytes, filename: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # an owner password alone still lets anyone read
            except (DependencyError, NotImplementedError, PdfReadError):
                opened = 0
            if not opened:
                raise ExtractionError(
                    f"“{filename}” is password-protected, so its text cannot be read. Save "
                    "a copy without the password, or paste the text."
                )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ExtractionError(
                f"“{filename}” has {len(reader.pages)} pages; drafts can have up to "
                f"{MAX_PDF_PAGES}. Upload the part partners need to see, or paste the text."
            )
        pages, size = [], 0
        for page in reader.pages:
            text = page.extract_text() or ""
            size += len(text)
            if size > MAX_TEXT_CHARS:
                raise ExtractionError(_too_much_text(filename))
            pages.append(text)
    except ExtractionError:
        raise
    except Exception:  # noqa: BLE001 - pypdf raises many kinds for a damaged file
        raise ExtractionError(_damaged(filename)) from None
    return "\n\n".join(pages)


def _too_much_text(filename: str) -> str:
    return (
        f"“{filename}” holds more text than a draft can ({MAX_TEXT_CHARS:,} characters). "
        "Upload the part partners need to see."
    )


def decode_text(data: bytes, filename: str) -> str:
    """A text file's content: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ExtractionError(
            f"“{filename}” is not readable text. Save it as UTF-8 text, or paste the text."
        ) from None


def extract(data: bytes, filename: str) -> Extracted:
    """The text of a draft file as paragraphs; raises ExtractionError with what to do."""
    kind = kind_of(filename)
    if len(data) > MAX_FILE_BYTES:
        raise ExtractionError(
            f"“{filename}” is {megabytes(len(data))}; drafts can be up to "
            f"{megabytes(MAX_FILE_BYTES)}. Save it without pictures, or paste the text."
        )
    if not data:
        raise ExtractionError(f"“{filename}” is empty. Choose the draft's file again.")
    check_is_what_it_says(data, kind, filename)
    if kind in {"docx", "odt"}:
        check_archive(data, filename)
        try:
            raw = _docx_text(data) if kind == "docx" else _odt_text(data)
        except ExtractionError:
            raise
        except Exception:  # noqa: BLE001 - the parsers raise many kinds for a damaged file
            raise ExtractionError(_damaged(filename)) from None
    elif kind == "pdf":
        raw = _pdf_text(data, filename)
    else:
        raw = decode_text(data, filename)
    return from_raw(raw, filename)


def from_raw(raw: str, filename: str = "the pasted text") -> Extracted:
    """Paragraphs of raw text; refuses text without a single letter or digit."""
    if len(raw) > MAX_TEXT_CHARS:
        raise ExtractionError(_too_much_text(filename))
    parts = paragraphs(raw)
    if not any(ch.isalnum() for part in parts for ch in part):
        where = "" if filename == "the pasted text" else f" in “{filename}”"
        raise ExtractionError(
            f"No text was found{where}. If it is a scanned document or a picture, paste "
            "the text instead."
        )
    return Extracted(as_text(parts), len(parts))
