"""Extraction: each format's text as paragraphs, and every bad file refused with a message."""

from __future__ import annotations

import pytest

from crm.drafts.extract import ExtractionError, extract, from_raw, kind_of, sniff
from crm.drafts.text import join_lines, paragraphs, split
from crm.drafts.worker import Limits, extract_isolated
from tests.drafts import files

PLAN = [
    "Social prescribing and peer support: action plan",
    "We propose to start with Riverside Peer Support Network and Northgate Social Prescribing.",
    "Hillview Wellbeing Café would host the shared-learning sessions.",
]


def test_docx_paragraphs_and_tables_in_order():
    data = files.docx(PLAN, table=[["Partner", "Role"], ["Mind in Eastbrook", "Delivery"]])
    result = extract(data, "plan.docx")
    assert split(result.text) == [*PLAN, "Partner", "Role", "Mind in Eastbrook", "Delivery"]


def test_odt_headings_and_paragraphs():
    result = extract(files.odt(PLAN[1:], heading=PLAN[0]), "plan.odt")
    assert split(result.text) == PLAN


def test_pdf_lines_joined_into_paragraphs():
    data = files.pdf(
        [["We propose to start with Riverside Peer", "Support Network and Northgate."]]
    )
    assert split(extract(data, "plan.pdf").text) == [
        "We propose to start with Riverside Peer Support Network and Northgate."
    ]


def test_text_and_markdown_utf8_and_windows_1252():
    assert "Café" in extract("Hillview Wellbeing Café".encode(), "plan.txt").text
    assert "Café" in extract("Hillview Wellbeing Café".encode("cp1252"), "plan.md").text
    assert "Café" in extract("\ufeffHillview Café".encode(), "plan.txt").text


def test_hyphenated_words_and_names_across_lines_are_joined():
    assert (
        join_lines(["the Riverside Peer Sup-", "port Network"])
        == "the Riverside Peer Support Network"
    )
    assert join_lines(["a well-", "Known group"]) == "a well- Known group"  # capital: a real dash
    assert paragraphs("Riverside Peer\nSupport Network.\n\nSecond one.") == [
        "Riverside Peer Support Network.",
        "Second one.",
    ]
    assert paragraphs("- Riverside\n- Northgate") == ["- Riverside", "- Northgate"]


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (
            files.pdf([["A PDF"]]),
            "plan.docx",
            "is not a Word document (.docx): it looks like a PDF",
        ),
        (files.docx(["Word"]), "plan.pdf", "is not a PDF: it looks like a Word document"),
        (files.docx(["Word"]), "plan.odt", "is not an OpenDocument text (.odt)"),
        (files.pdf([["A PDF"]]), "plan.txt", "is not a text file: it looks like a PDF"),
        (b"\x00\x01\x02binary\x00", "plan.txt", "looks like a binary file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "plan.docx", "password-protected"),
        (b"PK\x03\x04 not really a zip", "plan.docx", "looks like a zip archive"),
        (b"", "plan.txt", "is empty"),
        (b"   \n\n  \t ", "plan.txt", "No text was found"),
        (files.pdf([[]]), "scan.pdf", "No text was found in “scan.pdf”"),
        (files.pdf([["Secret"]], encrypt="s3cret"), "plan.pdf", "password-protected"),
    ],
    ids=lambda value: value if isinstance(value, str) else "data",
)
def test_bad_files_are_refused_with_what_to_do(data, name, says):
    with pytest.raises(ExtractionError) as error:
        extract(data, name)
    assert says in error.value.message


def test_unsupported_endings_say_what_to_do():
    with pytest.raises(ExtractionError, match=r"Save it as \.docx"):
        kind_of("old.doc")
    with pytest.raises(ExtractionError, match="Upload a .docx"):
        kind_of("picture.png")
    assert kind_of("Plan.MARKDOWN") == "md"


def test_a_zip_bomb_is_refused_from_the_zip_directory_without_unpacking():
    bomb = files.zip_bomb_docx(200)
    assert len(bomb) < 1024 * 1024  # 200 MB of zeros in under 1 MB
    assert sniff(bomb) == "docx"
    with pytest.raises(ExtractionError, match="unpacks to far more than a real draft"):
        extract(bomb, "plan.docx")


def test_a_file_over_10_mb_is_refused():
    with pytest.raises(ExtractionError, match="drafts can be up to 10 MB"):
        extract(b"a" * (10 * 1024 * 1024 + 1), "plan.txt")


def test_pasted_text_without_letters_is_refused():
    with pytest.raises(ExtractionError, match="No text was found"):
        from_raw("  ...  \n\n --- ")


def test_isolated_extraction_returns_the_same_text():
    data = files.docx(PLAN)
    assert extract_isolated(data, "plan.docx", Limits()).text == extract(data, "plan.docx").text


def test_isolated_extraction_reports_the_childs_refusal():
    with pytest.raises(ExtractionError, match="unpacks to far more"):
        extract_isolated(files.zip_bomb_docx(80), "plan.docx", Limits())


def test_a_10_mb_pdf_of_text_is_read_or_refused_within_the_time_limit():
    """A fixed CPU limit: the child is stopped and the user told, whatever the file."""
    import time

    data = files.big_text_pdf(10)
    assert 9 * 1024 * 1024 < len(data) <= 10 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ExtractionError, match="took too long to read"):
        extract_isolated(data, "huge.pdf", Limits(memory_mb=768, seconds=3))
    assert time.monotonic() - started < 10


def test_a_memory_limit_stops_a_greedy_extraction():
    with pytest.raises(ExtractionError, match="too much memory|took too long"):
        extract_isolated(files.docx(PLAN), "plan.docx", Limits(memory_mb=40, seconds=5))
