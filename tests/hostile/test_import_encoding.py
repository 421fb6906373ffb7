"""Each uploaded file's encoding is detected on its own; the preview shows the names stored."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from crm.io.encoding import EncodingError, decode
from tests.hostile.forms import form_fields

DATA = Path("/work/shared/data")
NAMES = "Name,Email\nSiân Llŷr,sian@example.org\nŁukasz Żak,lukasz@example.org\n"


def _upload(client, data: bytes, name: str = "people.csv"):
    return client.post(
        "/import/",
        data={"kind": "contacts", "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_a_stray_latin1_byte_in_a_utf8_file_is_flagged_not_read_as_latin1(client, login_as):
    login_as("editor")
    data = (NAMES + "Máire Ní Bhriain,maire@example.org\nGwen Pryŝ,gwen@example.org\n").encode()
    data = data.replace("Máire".encode(), "M\xe1ire".encode("latin-1"))
    response = _upload(client, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Siân Llŷr" in page and "Łukasz Żak" in page and "Gwen Pryŝ" in page
    assert "SiÃ" not in page
    assert "1 character in this UTF-8 file could not be read" in page
    checked = client.post("/import/check", data=form_fields(page)).get_data(as_text=True)
    assert "could not be read (shown as �)" in checked
    assert "3</span> new" in checked  # the other rows import as written


def test_utf16_with_a_byte_order_mark_is_accepted(client, login_as):
    login_as("editor")
    response = _upload(client, NAMES.encode("utf-16"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "UTF-16" in page
    assert "Names as they will be stored" in page and "Siân Llŷr · Łukasz Żak" in page


def test_shift_jis_is_detected(client, login_as):
    login_as("editor")
    text = "Name,Organisation\n山田太郎,東京支援センター\n佐藤花子,大阪ケアネット\n"
    page = _upload(client, text.encode("shift_jis")).get_data(as_text=True)
    assert "Shift-JIS" in page
    assert "山田太郎 · 佐藤花子" in page


def test_the_sample_files_keep_their_encodings():
    assert decode((DATA / "contacts.csv").read_bytes()).label == "UTF-8"
    assert decode((DATA / "contacts-windows-1252.csv").read_bytes()).label == "Windows-1252"
    assert decode("Name\nJosé,x\x81y\n".encode("latin-1")).label == "Latin-1"
    assert decode(b"\xef\xbb\xbfName\nSi\xc3\xa2n\n").text == "Name\nSiân\n"


def test_an_encoding_that_cannot_be_told_is_refused_with_what_to_do(client, login_as):
    import random

    rng = random.Random(7)
    noise = bytes(rng.getrandbits(8) for _ in range(4000))
    with pytest.raises(EncodingError):
        decode(noise.replace(b"\x00", b" "))
    login_as("editor")
    page = _upload(client, b"Name\n" + noise.replace(b"\x00", b" ")).get_data(as_text=True)
    assert "CSV UTF-8" in page
