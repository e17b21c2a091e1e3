"""What every CSV and XLSX export the product writes passes its cells through."""

import csv
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse, HttpResponseBase
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

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


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Iterable[Any]], *, confidential: bool = True
) -> HttpResponse:
    """A CSV download: UTF-8 with the BOM Excel needs to read Korean, every cell through ``spreadsheet_safe``.
    Every CSV the product writes goes through here (a test fails on any other ``csv.writer``).
    ``confidential`` downloads are never cached (``Cache-Control: no-store``), neither by the browser nor a proxy."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    response.write("\ufeff")  # Excel opens UTF-8 Korean text correctly only with a BOM
    writer = csv.writer(response)
    writer.writerow(spreadsheet_row(header))
    for row in rows:
        writer.writerow(spreadsheet_row(row))
    if confidential:
        never_cache_headers(response)
    return response


def never_cache_headers(response: HttpResponseBase) -> HttpResponseBase:
    """``Cache-Control: no-store`` (with Django's never-cache set: ``max-age=0, no-cache, must-revalidate,
    private``) on a confidential download: no browser or proxy keeps a copy."""
    add_never_cache_headers(response)
    return response
