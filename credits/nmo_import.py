"""Reading the НМО portal's codes from an uploaded CSV or XLSX file, safely.

The file must have a header row with a column «Код» (or «ИКП», «code»); every other
column is ignored. Limits keep a hostile file harmless: the upload size, the number
of rows, and for XLSX (a ZIP archive) the unpacked size, the number of parts and the
compression ratio are checked before openpyxl opens it (read-only, values only).
"""

import csv
import io
import re
import zipfile

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
MAX_RATIO = 100
MAX_REPORTED = 10
HEADERS = {"код", "икп", "code", "код нмо", "код икп"}
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-]{3,63}$")


class ImportProblem(Exception):
    """The file cannot be imported; `problems` lists what to fix, in words."""

    def __init__(self, problems):
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("; ".join(str(p) for p in self.problems))


def read_codes(uploaded):
    """The list of codes in an uploaded file (Django UploadedFile), or ImportProblem."""
    name = (uploaded.name or "").lower()
    if uploaded.size > MAX_FILE_BYTES:
        raise ImportProblem(_("The file is larger than 2 MB."))
    data = uploaded.read(MAX_FILE_BYTES + 1)
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith(".csv"):
        rows = _csv_rows(data)
    else:
        raise ImportProblem(_("Upload a CSV or XLSX file."))
    return _codes_from_rows(rows)


def _csv_rows(data):
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes every byte
        raise ImportProblem(_("The CSV file is not in UTF-8 or Windows-1251."))
    if "\x00" in text:
        raise ImportProblem(_("This is not a text CSV file."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for number, row in enumerate(reader):
            if number > MAX_ROWS:
                raise ImportProblem(
                    _("The file has more than %(max)s rows.") % {"max": MAX_ROWS}
                )
            yield row
    except csv.Error:
        raise ImportProblem(_("The CSV file is damaged.")) from None


def _xlsx_rows(data):
    if not data.startswith(b"PK\x03\x04"):
        raise ImportProblem(_("This is not an XLSX file."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportProblem(_("The XLSX file is damaged.")) from None
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if (
        len(members) > MAX_ZIP_MEMBERS
        or unpacked > MAX_UNPACKED_BYTES
        or unpacked / packed > MAX_RATIO
    ):
        raise ImportProblem(
            _("The XLSX file unpacks to too much data; save the codes as CSV.")
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True)):
            if number > MAX_ROWS:
                raise ImportProblem(
                    _("The file has more than %(max)s rows.") % {"max": MAX_ROWS}
                )
            yield ["" if value is None else str(value) for value in row[:50]]
        workbook.close()
    except ImportProblem:
        raise
    except Exception:  # openpyxl raises many kinds on broken files
        raise ImportProblem(_("The XLSX file is damaged.")) from None


def _codes_from_rows(rows):
    rows = iter(rows)
    header = next(rows, None)
    if header is None:
        raise ImportProblem(_("The file is empty."))
    names = [str(cell).strip().lower() for cell in header]
    column = next((i for i, name in enumerate(names) if name in HEADERS), None)
    if column is None:
        raise ImportProblem(
            _(
                "The first row must name the column with the codes «Код» (or «ИКП»); "
                "found: %(found)s."
            )
            % {"found": ", ".join(f"«{n[:30]}»" for n in names if n)[:200] or "—"}
        )
    codes, problems, seen = [], [], {}
    for number, row in enumerate(rows, start=2):
        value = row[column].strip() if column < len(row) else ""
        if not value:
            continue
        if not CODE_PATTERN.match(value):
            problems.append(
                _("Row %(row)s: «%(value)s» is not a code.")
                % {"row": number, "value": value[:40]}
            )
        elif value in seen:
            problems.append(
                _("Row %(row)s: the code %(value)s repeats row %(first)s.")
                % {"row": number, "value": value, "first": seen[value]}
            )
        else:
            seen[value] = number
            codes.append(value)
        if len(problems) >= MAX_REPORTED:
            break
    if problems:
        raise ImportProblem(problems)
    if not codes:
        raise ImportProblem(_("The file has no codes."))
    return codes
