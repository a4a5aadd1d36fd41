"""Cells written to CSV or XLSX files that people open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by
spreadsheet programs as a formula (CSV injection): an account named "=HYPERLINK(…)"
would run when the export is opened. Every export writes its text cells through
`safe_cell`, which keeps the text but makes it plain text.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """`value` unchanged unless it is text a spreadsheet would run: then prefixed with
    an apostrophe, which spreadsheets show as plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
