"""Data shipped with mcelink: third-party nomenclatures (provenance and licences in NOTICE beside this file)
and our sample strategic technology list (``strategic_technologies``).

Plain readers with no Django import, so that the matching engine can use them too.
"""

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

HS_DIR = Path(__file__).parent / "hs"


class HsEntry(NamedTuple):
    code: str
    name_en: str
    section: str


class HskEntry(NamedTuple):
    code: str
    name_ko: str
    name_en: str


def hs_entries() -> Iterator[HsEntry]:
    """HS2022 codes of 2, 4 and 6 digits with their English descriptions and sections."""
    with open(HS_DIR / "harmonized-system_hs2022.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield HsEntry(row["hscode"], row["description"].strip(), row["section"])


def hs_sections() -> dict[str, str]:
    with open(HS_DIR / "sections.csv", encoding="utf-8-sig", newline="") as f:
        return {row["section"]: row["name"] for row in csv.DictReader(f)}


def hsk_entries() -> Iterator[HskEntry]:
    """Korean tariff nomenclature (HSK) codes of 4 to 10 digits with Korean and English names."""
    with gzip.open(HS_DIR / "hsk_korea_tariff_nomenclature_ko_en.json.gz", "rt", encoding="utf-8") as f:
        for item in json.load(f):
            yield HskEntry(item["품목번호"].strip(), item["한글품명"].strip(), item["영문품명"].strip())
