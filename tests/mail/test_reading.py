"""Reading dropped email files: the fixtures, trimming, and every kind of bad file."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from crm.mail.reading import MailFileError, Person, read_email_file
from crm.mail.text import html_to_text, newest_part, summary_for

FIXTURES = Path(__file__).parent / "fixtures"
GWEN = Person("Gwenllian ap Rhys", "g.aprhys@riverside-peers.example.org")
PEOPLE = [
    "g.aprhys@riverside-peers.example.org",
    "alex.morgan@demo.example.org",
    "siobhan@northgate-sp.example.org",
    "ffion.hughes@riverside-peers.example.org",
]


@pytest.mark.parametrize("name", ["exchange.eml", "exchange.msg"])
def test_the_exchange_reads_the_same_from_eml_and_msg(name):
    email = read_email_file((FIXTURES / name).read_bytes(), name)
    assert email.subject == "Re: Social prescribing action plan: one referral route"
    assert email.sent_at == datetime(2026, 12, 4, 14, 37, tzinfo=UTC)
    assert email.sender == GWEN
    assert [person.address for person in email.people] == PEOPLE
    assert email.attachments == 1
    summary = summary_for(email)
    assert summary.startswith("Email: Re: Social prescribing action plan: one referral route\n")
    assert "We like one referral route" in summary
    # Quoted reply, signature and greeting trimmed; no more than six lines of text.
    assert "Dear Gwen and Siobhán" not in summary and "07700 900124" not in summary
    assert "Hi Alex" not in summary
    assert len(summary.split("\n")) <= 7


def test_newest_part_cuts_outlook_and_gmail_quotes():
    outlook = "Yes, Thursday works.\n\n________________________________\nFrom: Alex\nSent: Monday"
    assert newest_part(outlook) == "Yes, Thursday works."
    gmail = "Fine by us.\n\nOn Mon, 7 Dec 2026 at 09:00, Alex <a@x.org> wrote:\n> Can we?"
    assert newest_part(gmail) == "Fine by us."
    forwarded = "See below.\n-----Original Message-----\nFrom: someone"
    assert newest_part(forwarded) == "See below."
    phone = "Will do.\nSent from my iPhone"
    assert newest_part(phone) == "Will do."
    inline = "> quoted\nmy answer\n> more quoted\nand more"
    assert newest_part(inline) == "my answer\nand more"


def test_html_only_bodies_are_read_as_text():
    assert (
        html_to_text(
            "<html><head><style>p{}</style></head><body><p>One &amp; two</p>"
            "<blockquote>older</blockquote><script>x()</script></body></html>"
        )
        == "One & two\n\n> older"
    )


def _eml(**headers) -> EmailMessage:
    message = EmailMessage()
    message["From"] = headers.pop("From", "Gwen <gwen@example.org>")
    message["To"] = headers.pop("To", "alex@example.org")
    message["Subject"] = headers.pop("Subject", "Hello")
    message["Date"] = headers.pop("Date", "Fri, 04 Dec 2026 14:37:00 +0000")
    return message


def test_an_html_only_email():
    message = _eml()
    message.set_content("<p>Hello <b>Alex</b></p><p>Yes please.</p>", subtype="html")
    email = read_email_file(bytes(message))
    assert summary_for(email) == "Email: Hello\nYes please."


def test_broken_encodings_are_read_as_well_as_can_be():
    raw = (
        b"From: =?utf-8?q?Si=C3=A2n?= <sian@example.org>\r\n"
        b"To: alex@example.org\r\n"
        b"Subject: =?x-unknown?q?Caf=E9?=\r\n"
        b"Date: not a date\r\n"
        b"Content-Type: text/plain; charset=x-no-such-charset\r\n\r\n"
        b"Caf\xe9 on Thursday \xff\xfe and Llanelli\r\n"
    )
    email = read_email_file(raw, "broken.eml")
    assert email.sender.address == "sian@example.org"
    assert email.sent_at is None
    assert "Caf" in email.body and "Llanelli" in email.body


def test_a_latin1_body_that_says_so():
    message = _eml()
    message.set_content("Caf\u00e9 at ten", charset="latin-1", cte="8bit")
    assert read_email_file(bytes(message)).body.strip() == "Café at ten"


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "empty.eml", "empty"),
        (b"Organisation,Email\nRiverside,a@b.org\n", "list.csv", "not an email"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "photo.eml", "not an email"),
        (b"just some text\nwith lines\n", "notes.eml", "not an email"),
        (b"MZ\x90\x00 not outlook", "mail.msg", "not an Outlook message"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "broken.msg", "could not be read"),
    ],
)
def test_files_that_are_not_email_say_so(data, name, words):
    with pytest.raises(MailFileError, match=words) as caught:
        read_email_file(data, name)
    assert caught.value.status == 422


def test_a_huge_file_is_refused_by_size():
    with pytest.raises(MailFileError, match="MB") as caught:
        read_email_file(b"x" * 2_000_001, "big.eml", max_bytes=2_000_000)
    assert caught.value.status == 413


def test_rtf_only_outlook_bodies_say_what_to_do():
    with pytest.raises(MailFileError, match="only formatted \\(RTF\\) text"):
        read_email_file((FIXTURES / "rtf-only.msg").read_bytes(), "rtf-only.msg")


def _nested(depth: int) -> bytes:
    inner = _eml()
    inner.set_content("the middle")
    for _ in range(depth):
        outer = _eml()
        outer.set_content("wrapper")
        outer.add_attachment(inner)  # message/rfc822 inside message/rfc822 ...
        inner = outer
    return bytes(inner)


def test_nested_bombs_are_refused():
    with pytest.raises(MailFileError, match="too many parts"):
        read_email_file(_nested(40))
    wide = _eml()
    wide.set_content("many")
    for n in range(250):
        wide.add_attachment(b"x", maintype="application", subtype="octet-stream", filename=f"{n}")
    with pytest.raises(MailFileError, match="too many parts"):
        read_email_file(bytes(wide))


def test_a_forwarded_message_inside_is_fine():
    email = read_email_file(_nested(2))
    assert email.body.strip() == "wrapper"
