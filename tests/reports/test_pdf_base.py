"""The PDF building blocks: every name renders, user text is inert, tables break across pages."""

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.core.dates import uk_datetime
from crm.reports.charts import monthly_bars, to_svg
from crm.reports.pdf import build_pdf, heading, para
from crm.reports.stakeholder_map import MapPoint, map_description, stakeholder_map
from crm.reports.tables import table
from tests.reports.helpers import pdf_fonts, pdf_text

NAMES = [
    "Siân Llŷr",
    "Gwenllian ap Rhys ŵ",
    "Siobhán Ó Súilleabháin",
    "Łukasz Żak",
    "Chloë O'Brien",
]
WHEN = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)


def test_names_render_in_an_embedded_ttf_and_nothing_else():
    pdf = build_pdf("Names", "Every name", [para(name) for name in NAMES], WHEN)
    text = pdf_text(pdf)
    for name in NAMES:
        assert name in text
    assert pdf_fonts(pdf) <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}
    assert f"Generated {uk_datetime(WHEN)}" in text  # the time it was given, in London
    assert "Page 1 of 1" in text


def test_markup_in_user_text_is_shown_not_obeyed(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    evil = ["<b>unclosed", f'<img src="{secret}"/>', "<para>x</para> & <font color=red>"]
    pdf = build_pdf("Evil", "<i>sub", [para(text) for text in evil], WHEN)
    text = pdf_text(pdf)
    assert "<b>unclosed" in text
    assert f'<img src="{secret}"/>' in text


def test_long_tables_repeat_their_header_on_every_page():
    rows = [[f"Organisation {n}", "Consulted"] for n in range(150)]
    pdf = build_pdf(
        "Long",
        "Table",
        [heading("Stakeholders"), table(["Organisation", "State"], rows, [90, 60])],
        WHEN,
    )
    from io import BytesIO

    import pypdf

    pages = pypdf.PdfReader(BytesIO(pdf)).pages
    assert len(pages) >= 3
    for page in pages:
        assert (
            "Organisation\nState" in page.extract_text()
            or "OrganisationState" in page.extract_text().replace(" ", "")
        )
    assert "Page 1 of" in pages[0].extract_text()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(min_size=0, max_size=200), min_size=1, max_size=6))
def test_arbitrary_text_never_breaks_a_pdf(texts):
    flowables = [para(text) for text in texts] + [
        table(["A", "B"], [[t, t[::-1]] for t in texts], [80, 80])
    ]
    pdf = build_pdf(texts[0][:50] or "Title", texts[-1][:50], flowables, WHEN)
    assert pdf.startswith(b"%PDF")


def test_stakeholder_map_svg_and_text_alternative():
    points = [MapPoint(name, 1 + i % 5, 5 - i % 5, "supportive") for i, name in enumerate(NAMES)]
    svg = to_svg(stakeholder_map(points))
    assert svg.startswith("<svg")
    assert (
        "Manage closely" in svg
        and "Keep satisfied" in svg
        and "Keep informed" in svg
        and "Monitor" in svg
    )
    assert "Łukasz Żak" in svg
    description = map_description(points)
    assert "Siân Llŷr: influence 1, interest 5 (keep informed), supportive" in description


def test_monthly_bars_in_pdf_and_svg():
    drawing = monthly_bars(["Oct 26", "Nov 26"], {"Phone call": [3, 4], "Email": [1, 0]})
    assert "Phone call" in to_svg(drawing)
    pdf = build_pdf("Chart", "", [drawing], WHEN)
    assert pdf_fonts(pdf) <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}
