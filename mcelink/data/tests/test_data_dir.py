"""The third-party tables are read from the data directory, and a missing one says where to get it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mcelink import data


def test_the_tables_are_read_from_the_data_directory_beside_the_checkout(monkeypatch):
    monkeypatch.delenv(data.DATA_DIR_VARIABLE, raising=False)
    assert data.data_dir() == data.PROJECT_ROOT.parent / "shared" / "data"
    assert data.data_path("hs/sections.csv") == data.DEFAULT_DATA_DIR / "hs" / "sections.csv"


def test_mcelink_data_dir_names_another_directory_relative_to_the_project_not_the_cwd(monkeypatch, tmp_path):
    (tmp_path / "hs").mkdir()
    (tmp_path / "hs" / "sections.csv").write_text("section,name\nI,Live animals\n", encoding="utf-8")
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tmp_path))
    assert data.hs_sections() == {"I": "Live animals"}
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, "elsewhere")
    assert data.data_dir() == data.PROJECT_ROOT / "elsewhere"


def test_a_missing_file_names_itself_the_directory_the_variable_and_where_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tmp_path))
    with pytest.raises(data.DataFileMissing) as caught:
        list(data.hsk_entries())
    message = str(caught.value)
    assert "hs/hsk_korea_tariff_nomenclature_ko_en.json" in message
    assert str(tmp_path) in message
    assert "MCELINK_DATA_DIR" in message
    assert "Korea Customs Service" in message and "SOURCES.md" in message


def _mcelink(*args: str, data_dir: Path, var_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MCELINK_DATA_DIR": str(data_dir), "MCELINK_VAR_DIR": str(var_dir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "mcelink.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_migrate_demo_and_load_taxonomies_with_an_empty_data_directory_end_with_the_message(tmp_path):
    empty, var = tmp_path / "empty", tmp_path / "var"
    empty.mkdir()
    assert _mcelink("migrate", "--no-input", data_dir=empty, var_dir=var).returncode == 0  # reads no data
    for command in ("demo", "load-taxonomies"):
        result = _mcelink(command, data_dir=empty, var_dir=var)
        assert result.returncode == 1, command
        assert "Traceback" not in result.stderr
        assert f"Data file hs/harmonized-system_hs2022.csv not found in {empty}" in result.stderr
        assert "MCELINK_DATA_DIR" in result.stderr


def test_the_engine_commands_end_with_the_message_too(tmp_path):
    items = tmp_path / "items.jsonl"
    items.write_text('{"id": "1", "text": "wafer"}\n', encoding="utf-8")
    result = _mcelink("classify-file", "--input", str(items), "--top", "1", "--output", str(tmp_path / "out.jsonl"),
                      data_dir=tmp_path, var_dir=tmp_path / "var")  # fmt: skip
    assert result.returncode == 2  # the engine's exit status for bad input
    assert "Traceback" not in result.stderr
    assert "hs/hsk_korea_tariff_nomenclature_ko_en.json not found" in result.stderr
