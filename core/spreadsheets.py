"""Cells of the CSV and XLSX files staff download, safe to open in a spreadsheet.

A cell a spreadsheet would run as a formula (OWASP's CSV injection: it starts with
`=`, `+`, `-`, `@`, a tab or a carriage return) is made plain text with a leading
`'`. The site's CSV files are Excel-ready (UTF-8 with BOM, «;»), but Excel whose
list separator is a comma (English-language Windows, a Mac) splits a «;» file's
unquoted cells at commas as well: in CSV, a piece after a comma must not start a
formula either. Numbers stay numbers.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
AFTER_COMMA_FORMULA = re.compile(r",(\s*)(?=[=+\-@\t\r])")


def neutralise(value):
    """A cell a spreadsheet shows as text, never runs as a formula; numbers stay."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def neutralise_csv(value):
    """`neutralise`, and every piece after a comma is text too (see above)."""
    value = neutralise(value)
    if isinstance(value, str) and "," in value:
        value = AFTER_COMMA_FORMULA.sub(r",\1'", value)
    return value
