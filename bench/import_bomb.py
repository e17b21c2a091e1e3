"""How fast the import reader refuses an XLSX zip bomb like the security probe's (issue 14: a 1.48 MB XLSX with
5,000,000 rows held the only worker for 462 s at 2 GB).

    .venv/bin/python bench/import_bomb.py [ROWS]

Builds a real workbook whose sheet holds ROWS (default 5,000,000) rows, packed at zip's highest compression, then
times ``read_table`` on it: with the default limits (refused by the unpacked size), and with the unpacked-size
limit out of the way (refused by the compression ratio). Nothing is written to the database.
"""

import io
import os
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils import translation  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from mcelink.core.tabular import TableError, read_table  # noqa: E402

CELL = '<c t="inlineStr"><is><t>{}</t></is></c>'


def bomb(rows: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101
    ws.append(["business_number", "kind", "name_ko"])
    data = io.BytesIO()
    wb.save(data)
    src = zipfile.ZipFile(io.BytesIO(data.getvalue()))
    sheet = src.read("xl/worksheets/sheet1.xml").decode()
    head, rest = sheet.split("<sheetData>")
    header, tail = rest.split("</sheetData>")
    row = "<row>" + "".join(CELL.format(v) for v in ("1234567891", "sme", "폭탄정밀")) + "</row>"
    head = head.replace('ref="A1:C1"', f'ref="A1:C{rows + 1}"')
    body = f"{head}<sheetData>{header}{row * rows}</sheetData>{tail}"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, body.encode() if info.filename.endswith("sheet1.xml") else src.read(info))
    return out.getvalue()


def refuse(raw: bytes) -> str:
    start = time.perf_counter()
    try:
        read_table(io.BytesIO(raw), name="bomb.xlsx")
    except TableError as exc:
        return f"refused in {time.perf_counter() - start:.4f} s: {exc}"
    return f"READ in {time.perf_counter() - start:.1f} s (not refused)"


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    raw = bomb(rows)
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(raw)).infolist())
    print(f"{rows:,} rows: {len(raw) / 1e6:.2f} MB packed, {unpacked / 1e6:.0f} MB unpacked")  # noqa: T201
    with translation.override("en"):
        print("default limits:", refuse(raw))  # noqa: T201
        with override_settings(IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES=10**12):
            print("ratio only:    ", refuse(raw))  # noqa: T201
    print(f"limits: {settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES:,} bytes, ratio {settings.IMPORT_XLSX_MAX_RATIO}")  # noqa: T201


if __name__ == "__main__":
    main()
