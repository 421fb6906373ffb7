"""Reading uploaded bytes: encodings, values as written, malformed files and limits."""

import io
import zipfile

import openpyxl
import pytest

from crm.io.carry import pack, unpack
from crm.io.reading import Limits, ReadError, describe_csv_problem, read_table
from tests.io.helpers import sample

LIMITS = Limits()


def test_utf8_with_bom_and_crlf():
    table = read_table(sample("organisations.csv"), "organisations.csv", LIMITS)
    assert table.encoding == "UTF-8"
    assert table.headers[0] == "Organisation"  # the BOM is not part of the header
    names = table.frame["Organisation"].tolist()
    assert "Eastbrook Borough Council – Public Health" in names
    assert "Hillview Wellbeing Café" in names
    assert "St Brigid's Parish Hall" in names
    assert table.lines == list(range(2, 10))


def test_values_stay_text_exactly_as_written():
    frame = read_table(sample("contacts.csv"), "contacts.csv", LIMITS).frame
    assert frame["Tel"].tolist()[:3] == ["07700 900123", "07700900124", "+44 7700 900125"]
    assert "Dermot NA" in frame["Name"].tolist()
    assert "Null Achebe" in frame["Name"].tolist()
    assert frame.loc[frame["Name"] == "Null Achebe", "Tel"].item() == ""


def test_na_like_cells_are_not_missing():
    data = b"Name,Phone\nNA,07700900001\nNull,N/A\nNone,nan\n"
    frame = read_table(data, "x.csv", LIMITS).frame
    assert frame.to_dict("list") == {
        "Name": ["NA", "Null", "None"],
        "Phone": ["07700900001", "N/A", "nan"],
    }


def test_windows_1252_is_detected():
    table = read_table(sample("contacts-windows-1252.csv"), "c.csv", LIMITS)
    assert table.encoding == "Windows-1252"
    assert "Hillview Wellbeing Café" in table.frame["Organisation"].tolist()
    assert "Eastbrook Borough Council – Public Health" in table.frame["Organisation"].tolist()


def test_latin1_bytes_that_windows_1252_lacks():
    data = "Name,Notes\nJosé,x\x81y\n".encode("latin-1")
    table = read_table(data, "x.csv", LIMITS)
    assert table.encoding == "Latin-1"
    assert table.frame["Name"].tolist() == ["José"]


def test_xlsx_reads_like_the_csv():
    from_csv = read_table(sample("contacts.csv"), "contacts.csv", LIMITS).frame
    from_xlsx = read_table(sample("contacts.xlsx"), "contacts.xlsx", LIMITS).frame
    assert from_xlsx.to_dict("records") == from_csv.to_dict("records")


def test_malformed_csv_names_each_bad_line():
    with pytest.raises(ReadError) as error:
        read_table(sample("contacts-malformed.csv"), "contacts-malformed.csv", LIMITS)
    assert "Line 3 has 5 fields where the header has 3." in str(error.value)
    assert "Line 4 opens a quote" in str(error.value)


def test_stray_quote_is_named():
    message = describe_csv_problem('Name,Email\n"Ada"x,ada@example.org\n')
    assert message.startswith("Line 2 has a stray quote")


def test_line_numbers_survive_blank_lines_and_multiline_cells():
    data = b'Name,Notes\nAda,"two\nlines"\n\nBob,x\n'
    table = read_table(data, "x.csv", LIMITS)
    assert table.frame["Name"].tolist() == ["Ada", "Bob"]
    assert table.lines == [2, 5]


def test_semicolon_separated_csv():
    table = read_table(b"Name;Email\nAda;ada@example.org\n", "x.csv", LIMITS)
    assert table.frame.to_dict("records") == [{"Name": "Ada", "Email": "ada@example.org"}]


@pytest.mark.parametrize(
    "data",
    [
        # Commas inside the quoted headers outnumber the separators.
        b'"Name, full";"Email, work"\nAda Lovelace;ada@example.org\n',
        # ...and inside quoted cells, with a tab-separated file.
        b'"Name, full"\t"Email, work"\n"Lovelace, Ada"\tada@example.org\n',
    ],
    ids=["semicolon", "tab"],
)
def test_a_quoted_header_with_commas_does_not_fool_the_separator(data):
    table = read_table(data, "x.csv", LIMITS)
    assert table.headers == ["Name, full", "Email, work"]
    assert table.frame["Email, work"].tolist() == ["ada@example.org"]


def test_repeated_and_blank_headers_get_distinct_names():
    table = read_table(b"Email,Email,\na@example.org,b@example.org,z\n", "x.csv", LIMITS)
    assert len(set(table.headers)) == 3
    assert table.headers[2] == "Column 3"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"Name,Email\n", "no data rows"),
        (b"\x00\x01\x02binary", "binary data"),
    ],
)
def test_unreadable_files(data, message):
    with pytest.raises(ReadError, match=message):
        read_table(data, "x.csv", LIMITS)


def test_old_xls_and_fake_xlsx_are_refused():
    with pytest.raises(ReadError, match="Old Excel"):
        read_table(b"Name\nAda\n", "old.xls", LIMITS)
    with pytest.raises(ReadError, match="not an Excel .xlsx"):
        read_table(b"Name\nAda\n", "fake.xlsx", LIMITS)


def test_file_size_limit():
    with pytest.raises(ReadError, match=r"The file is 2 KB; the limit is 1 KB"):
        read_table(b"Name\n" + b"x" * 2043 + b"\n", "x.csv", Limits(max_bytes=1024))


def test_row_limit_counts_rows_not_lines():
    data = b"Name\nA\nB\nC\n"
    assert len(read_table(data, "x.csv", Limits(max_rows=3)).frame) == 3
    with pytest.raises(ReadError, match="more than 2 rows"):
        read_table(data, "x.csv", Limits(max_rows=2))


def _workbook(rows: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Email"])
    for n in range(rows):
        sheet.append([f"Person {n}", f"p{n}@example.org"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_row_limit():
    with pytest.raises(ReadError, match="more than 5 rows"):
        read_table(_workbook(6), "x.xlsx", Limits(max_rows=5))


def zip_bomb() -> bytes:
    """A small .xlsx whose sheet inflates to 50 MB of padding."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_workbook(1))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item.filename))
        bomb.writestr("xl/padding.xml", b" " * (50 * 1024 * 1024))
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_unpacking():
    bomb = zip_bomb()
    assert len(bomb) < 200_000
    with pytest.raises(ReadError, match=r"unpacks to 50 MB, more than the 10 MB allowed"):
        read_table(bomb, "bomb.xlsx", Limits(max_xlsx_uncompressed=10 * 1024 * 1024))


def test_damaged_xlsx():
    with pytest.raises(ReadError, match="damaged"):
        read_table(b"PK\x03\x04garbage", "x.xlsx", LIMITS)


def test_carried_file_round_trips_and_is_bounded():
    data = sample("contacts.csv")
    assert unpack(pack(data), len(data)) == data
    with pytest.raises(ReadError, match="larger than the limit"):
        unpack(pack(b"x" * 5000), 4000)
    with pytest.raises(ReadError, match="lost on the way"):
        unpack("not base64!", 4000)
