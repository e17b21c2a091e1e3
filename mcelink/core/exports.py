"""What every CSV and XLSX export the product writes passes its cells through."""

from collections.abc import Iterable
from typing import Any

# A cell that starts with one of these is read as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """The cell as text a spreadsheet shows and never runs: a leading formula character gets a quote before it
    (the OWASP CSV-injection advice). Numbers stay numbers; None becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_row(values: Iterable[Any]) -> list[Any]:
    return [spreadsheet_safe(v) for v in values]
