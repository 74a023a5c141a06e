"""Spreadsheets in and out: bounded reading of uploads, row errors, and downloads in which no text runs as a formula.

Every import reads through `read_rows` (or `read_table`, which also finds the header): an .xlsx workbook is opened
in openpyxl's read-only streaming mode, the sheet's declared `<dimension>` is ignored (a 5 KB file may declare
A1:XFD1048576), and rows, columns, cell length and the zip's uncompressed size are capped before anything large is
built. A CSV file may be UTF-8 (with or without a BOM), GB18030/GBK as Chinese Excel saves it, or UTF-16 text.
Every import reports its problems as `RowError`s in an `ImportResult`, and writes nothing when there is one.

Every download goes out through `download_response` (`xlsx_response` for workbooks): an RFC 5987 file name with an
ASCII fallback. Text that starts like a formula (=, +, -, @, tab, CR) is written as text (`safe_cell` for write-only
sheets, `csv_value` for CSV), so a student named =HYPERLINK(...) stays a name.
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from urllib.parse import quote

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from openpyxl.cell import Cell
from openpyxl.utils import get_column_letter

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 50
MAX_CELL_CHARS = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
COLUMN_LETTERS = re.compile(r"[A-Z]{1,3}(-[A-Z]{1,3})?")


@dataclass
class RowError:
    """One problem in an imported file: the row as the spreadsheet numbers it (0 for the whole file), the column
    (a header name, or letters such as B or A-E) and the translated reason."""

    row: int
    column: str
    reason: str

    def __str__(self):
        if not self.row:
            return str(self.reason)
        if not self.column:
            return _("Row %(row)d: %(reason)s") % {"row": self.row, "reason": self.reason}
        values = {"row": self.row, "column": self.column, "reason": self.reason}
        if COLUMN_LETTERS.fullmatch(str(self.column)):
            return _("Row %(row)d, column %(column)s: %(reason)s") % values
        return _("Row %(row)d, column “%(column)s”: %(reason)s") % values


@dataclass
class ImportResult:
    """What an all-or-nothing import did: counts when it saved, only `errors` when it saved nothing."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


class SpreadsheetError(ValueError):
    """A file refused as a whole: a translated reason, and the row and column letter where there is one."""

    def __init__(self, reason, row=None, column=None):
        super().__init__(reason)
        self.reason, self.row, self.column = reason, row, column

    @property
    def row_error(self):
        return RowError(self.row or 0, self.column or "", self.reason)

    def __str__(self):
        return str(self.row_error)


def _position_error(reason, row, column):
    return SpreadsheetError(reason, row, get_column_letter(column))


def _read_bytes(source):
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    if isinstance(source, str):
        with open(source, "rb") as file:
            return file.read(MAX_UNCOMPRESSED_BYTES + 1)
    if hasattr(source, "seek"):
        source.seek(0)
    return source.read(MAX_UNCOMPRESSED_BYTES + 1)


def _not_a_workbook():
    return SpreadsheetError(_("The file is not an Excel workbook (.xlsx)."))


def _open_workbook(data):
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        # zipfile stops each member at its declared size, so the declared sizes bound what can be decompressed.
        declared = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _not_a_workbook() from error
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(
            _("The workbook unpacks to more than %(mb)d MB; split it into smaller files.")
            % {"mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error for a file that is not a workbook
        raise _not_a_workbook() from error


def _bounded(rows, max_rows, max_columns, max_cell_chars):
    """Check each (row number, values) pair as it streams past; stop at the first row out of bounds."""
    filled = 0
    for number, values in rows:
        last = len(values)
        while last and (values[last - 1] is None or values[last - 1] == ""):
            last -= 1
        if not last:
            continue
        if last > max_columns:
            raise _position_error(_("A row may hold at most %(count)d columns.") % {"count": max_columns}, number, last)
        filled += 1
        if filled > max_rows + 1:
            raise SpreadsheetError(
                _("A file may hold at most %(count)d rows below the header.") % {"count": max_rows}, number
            )
        values = tuple(values[:last])
        for column, value in enumerate(values, start=1):
            if isinstance(value, str) and len(value) > max_cell_chars:
                raise _position_error(
                    _("A cell may hold at most %(count)d characters.") % {"count": max_cell_chars}, number, column
                )
        yield number, values


def _xlsx_rows(data):
    workbook = _open_workbook(data)
    try:
        if not workbook.worksheets:
            raise _not_a_workbook()
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        try:
            yield from enumerate(sheet.iter_rows(values_only=True), start=1)
        except SpreadsheetError:
            raise
        except Exception as error:  # a damaged sheet fails while it streams, not when it opens
            raise _not_a_workbook() from error
    finally:
        workbook.close()


def decode_csv(data):
    """The text of a CSV file: UTF-8 (Excel's "CSV UTF-8" starts with a BOM), UTF-16 with its BOM (Excel's "Unicode
    text"), else GB18030, a superset of the GBK that Chinese Excel writes for plain "CSV"; None when none of them fits.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _csv_rows(data):
    not_a_spreadsheet = SpreadsheetError(_("The file is not a spreadsheet: upload the Excel (.xlsx) or CSV template."))
    if len(data) > MAX_CSV_BYTES:
        raise SpreadsheetError(
            _("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": MAX_CSV_BYTES // (1024 * 1024)}
        )
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and b"\x00" in data[:4096]:
        raise not_a_spreadsheet
    text = decode_csv(data)
    if text is None:
        raise SpreadsheetError(
            _(
                "The text of this CSV file is in an encoding that cannot be read. "
                "In Excel choose Save As, “CSV UTF-8” or “Excel Workbook (.xlsx)”, and upload it again."
            )
        )
    if "\x00" in text:
        raise not_a_spreadsheet
    first_line = text.partition("\n")[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        yield from enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)
    except csv.Error as error:
        raise not_a_spreadsheet from error


def is_xlsx(data):
    return data[:4] == b"PK\x03\x04"


def read_rows(source, *, max_rows, max_columns=MAX_COLUMNS, max_cell_chars=MAX_CELL_CHARS, allow_csv=False):
    """The non-empty rows of the first sheet as (row number, values), numbered as a spreadsheet shows them.

    `max_rows` counts the rows below the first non-empty one (the header).
    Trailing empty cells are dropped. Raises SpreadsheetError for a file that is not a spreadsheet or exceeds a bound.
    """
    data = _read_bytes(source)
    if is_xlsx(data):
        rows = _xlsx_rows(data)
    elif data[:4] == b"\xd0\xcf\x11\xe0":
        raise SpreadsheetError(_("Old Excel files (.xls) cannot be read; save it as .xlsx or CSV and try again."))
    elif allow_csv:
        rows = _csv_rows(data)
    else:
        raise _not_a_workbook()
    return list(_bounded(rows, max_rows, max_columns, max_cell_chars))


def _blank(value):
    return value is None or str(value).strip() == ""


def read_table(source, **bounds):
    """(header row number, header, [(row number, values)]) of the first sheet, without rows that are all blank.

    Takes `read_rows`' arguments; raises SpreadsheetError as it does, and for a file without a filled row.
    """
    rows = [(number, values) for number, values in read_rows(source, **bounds) if not all(map(_blank, values))]
    if not rows:
        raise SpreadsheetError(_("The file is empty."))
    (header_row, header), *body = rows
    return header_row, header, body


def formula_like(value):
    """Text a spreadsheet program could run as a formula; numbers (negative ones too) are never formula-like."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _as_text(cell):
    cell.data_type = "s"
    if cell.parent is not None:
        cell.quotePrefix = True  # Excel keeps the cell text even when someone edits it
    return cell


def safe_cell(value, sheet=None):
    """A value to append to a (write-only) sheet: formula-like text becomes a text cell, anything else is unchanged."""
    if formula_like(value):
        return _as_text(Cell(sheet, row=1, column=1, value=value))
    return value


def sheet_title(text):
    """A worksheet name Excel accepts, made from any text: no []:*?/\\, at most 31 characters."""
    title = re.sub(r"[\[\]:*?/\\]", " ", str(text)).strip("' ")[:31]
    return title or "Sheet"


def csv_value(value):
    """A CSV field: formula-like text gets a leading apostrophe, which spreadsheet programs show as text."""
    return "'" + value if formula_like(value) else value


def workbook_bytes(workbook):
    """The workbook saved as .xlsx; in a workbook that is not write-only, every formula-like text cell becomes text."""
    if not workbook.write_only:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if formula_like(cell.value):
                        _as_text(cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def no_store(response):
    """Downloads of people's data are kept by no shared cache, and by no browser cache either."""
    patch_cache_control(response, private=True, no_store=True)
    return response


SAFE_FILENAME = re.compile(r"[\x20-\x7e]+")
UNSAFE_FILENAME_CHARS = re.compile(r'[^\x20-\x7e]|["\\/;%]')


def _ascii_filename(filename):
    """The file name in plain ASCII for clients that ignore `filename*`: 访问日志-20250101.xlsx → download-20250101.xlsx."""
    if SAFE_FILENAME.fullmatch(filename) and not UNSAFE_FILENAME_CHARS.search(filename):
        return filename
    stem, dot, extension = filename.rpartition(".") if "." in filename else (filename, "", "")

    def plain(text):
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return UNSAFE_FILENAME_CHARS.sub("_", text).strip(" ._-")

    stem = plain(stem)
    if not re.search(r"[A-Za-z]", stem):
        stem = "-".join(part for part in ("download", stem) if part)
    return stem + dot + plain(extension)


def content_disposition(filename, attachment=True):
    """A Content-Disposition value: the name as RFC 5987 `filename*=UTF-8''…` with an ASCII `filename` before it."""
    kind = "attachment" if attachment else "inline"
    fallback = _ascii_filename(filename)
    if fallback == filename:
        return f'{kind}; filename="{filename}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download_response(content, filename, content_type, *, attachment=True, private=True):
    """Every file the site hands out: bytes, an open file or an iterator of chunks under a UTF-8 file name.

    `private` downloads (people's data, office figures) are kept by no cache; pass False for public files.
    """
    if isinstance(content, bytes | str):
        response = HttpResponse(content, content_type=content_type)
    elif hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, attachment)
    return no_store(response) if private else response


def xlsx_response(workbook, filename):
    """A download of a workbook (or its saved bytes) under a UTF-8 file name, never cached."""
    data = workbook if isinstance(workbook, bytes) else workbook_bytes(workbook)
    return download_response(data, filename, XLSX_CONTENT_TYPE)


class SafeSpreadsheetExportMixin:
    """For Wagtail listings with `list_export`: CSV with a UTF-8 BOM (Excel in Chinese reads it), no formula runs."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: csv_value(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        return download_response(self.stream_csv(queryset), f"{self.get_filename()}.csv", CSV_CONTENT_TYPE)

    def write_xlsx_response(self, queryset):
        output = io.BytesIO()
        self.write_xlsx(queryset, output)
        return download_response(output.getvalue(), f"{self.get_filename()}.xlsx", XLSX_CONTENT_TYPE)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            yield _as_text(cell) if formula_like(cell.value) else cell
