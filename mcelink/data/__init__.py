"""Data for mcelink: third-party tables read from the data directory, and our own sample strategic technology
list (``strategic_technologies``, committed beside this file).

Third-party data is not committed to the project. It is read from ``MCELINK_DATA_DIR``, by default
``../shared/data`` beside the checkout (resolved from the project root, not from the working directory); NOTICE
and the README say where each file comes from. ``data_path`` is the one way in: it names the missing file, the
directory searched and where to get it.

Plain readers with no Django import, so that the matching engine can use them too.
"""

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

DATA_DIR_VARIABLE = "MCELINK_DATA_DIR"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data"

HS2022 = "hs/harmonized-system_hs2022.csv"
HS_SECTIONS = "hs/sections.csv"
HSK = "hs/hsk_korea_tariff_nomenclature_ko_en.json"

# Where each file comes from, for the message when one is missing (NOTICE has the licences).
SOURCES = {
    HS2022: 'the Frictionless Data "harmonized-system" dataset (https://github.com/datasets/harmonized-system)',
    HS_SECTIONS: 'the Frictionless Data "harmonized-system" dataset (https://github.com/datasets/harmonized-system)',
    HSK: "the Korean tariff nomenclature (HSK) of the Korea Customs Service, as JSON {품목번호, 영문품명, 한글품명}",
}


class DataFileMissing(FileNotFoundError):
    """A third-party data file is not in the data directory. The message says what to do."""


def data_dir() -> Path:
    """``MCELINK_DATA_DIR`` (a relative value is taken from the project root), else ``../shared/data``."""
    value = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    if not value:
        return DEFAULT_DATA_DIR
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def data_path(name: str) -> Path:
    """The path of ``name`` (e.g. ``"hs/sections.csv"``) in the data directory; ``DataFileMissing`` if absent."""
    directory = data_dir()
    path = directory / name
    if path.is_file():
        return path
    source = SOURCES.get(name, "its provider")
    raise DataFileMissing(
        f"Data file {name} not found in {directory}. mcelink reads third-party data from the directory named by "
        f"the {DATA_DIR_VARIABLE} environment variable (by default ../shared/data beside the checkout: "
        f"{DEFAULT_DATA_DIR}); it is not part of the repository. Get the file from {source}: SOURCES.md in the "
        f"shared data directory and the project's NOTICE say where each file comes from. Then put it at "
        f"{directory / name}, or set {DATA_DIR_VARIABLE} to the directory that holds {name}."
    )


class HsEntry(NamedTuple):
    code: str
    name_en: str
    section: str


class HskEntry(NamedTuple):
    code: str
    name_ko: str
    name_en: str


def hs_entries() -> Iterator[HsEntry]:
    """HS2022 codes of 2, 4 and 6 digits with their English descriptions and sections (not the file's "TOTAL"
    row, all commodities, which is no code)."""
    with open(data_path(HS2022), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["hscode"].isdigit():
                yield HsEntry(row["hscode"], row["description"].strip(), row["section"])


def hs_sections() -> dict[str, str]:
    with open(data_path(HS_SECTIONS), encoding="utf-8-sig", newline="") as f:
        return {row["section"]: row["name"] for row in csv.DictReader(f)}


def hsk_entries() -> Iterator[HskEntry]:
    """Korean tariff nomenclature (HSK) codes of 4 to 10 digits with Korean and English names."""
    with open(data_path(HSK), encoding="utf-8") as f:
        for item in json.load(f):
            yield HskEntry(item["품목번호"].strip(), item["한글품명"].strip(), item["영문품명"].strip())
