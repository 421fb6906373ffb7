"""Shared pieces for the io tests: the sample files and a driver for the import pages."""

from __future__ import annotations

import io
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"  # tests/data, see its README


def sample(name: str) -> bytes:
    """A sample file from tests/data."""
    return (DATA / name).read_bytes()


class FormFields(HTMLParser):
    """The hidden inputs and the selected option of each select in a page."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "input" and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.fields[attrs["name"]] = attrs.get("value", "y")
        elif tag == "select":
            self._select = attrs.get("name")
            self.fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_fields(html: str) -> dict[str, str]:
    """What a browser would post back from the review form, as the page left it."""
    parser = FormFields()
    parser.feed(html)
    return parser.fields


def upload(client, data: bytes, filename: str, kind: str):
    """Step 1: post the file; returns the response (the review page on success)."""
    return client.post(
        "/import/",
        data={"kind": kind, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def import_by_page(client, data: bytes, filename: str, kind: str, mode="all", **changes):
    """Upload, check with the guessed mapping (plus changes), then import; returns responses."""
    review = upload(client, data, filename, kind)
    assert review.status_code == 200, review.get_data(as_text=True)[:2000]
    fields = form_fields(review.get_data(as_text=True)) | changes
    check = client.post("/import/check", data=fields)
    result = client.post("/import/run", data=fields | {"mode": mode})
    return review, check, result


def text_of(response) -> str:
    """A response's HTML with tags and runs of space collapsed, for message checks."""
    html = response.get_data(as_text=True)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
