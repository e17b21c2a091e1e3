"""The checks a backup and a restore make before they touch anything, without a database or client tools."""

import json

import pytest
from django.utils import translation

from mcelink.ops.database import check_dump_version, check_restore_version, migrations_unknown_to_code
from mcelink.ops.manifest import FORMAT_VERSION, BackupError, read_manifest, safe_relative


def test_pg_dump_older_than_the_server_is_refused_with_the_package_to_install():
    check_dump_version(client=15, server=15)
    check_dump_version(client=16, server=15)
    with translation.override("en"), pytest.raises(BackupError) as refused:
        check_dump_version(client=14, server=15)
    assert "pg_dump 14 cannot dump a PostgreSQL 15 server" in str(refused.value)
    assert "postgresql-client-15" in str(refused.value)
    with translation.override("ko"), pytest.raises(BackupError) as refused:
        check_dump_version(client=14, server=15)
    assert "백업할 수 없습니다" in str(refused.value)


def test_pg_restore_older_than_the_archive_is_refused():
    check_restore_version(client=15, archive=15)
    with translation.override("en"), pytest.raises(BackupError, match="pg_restore 14 cannot read it"):
        check_restore_version(client=14, archive=16)


@pytest.mark.parametrize("path", ["../outside.txt", "/etc/passwd", "demands/../../x", "", "."])
def test_a_manifest_path_cannot_leave_its_root(path):
    with pytest.raises(BackupError):
        safe_relative(path)


def test_a_manifest_path_inside_its_root_is_kept():
    assert safe_relative("demands/2026/12/사양서.pdf").parts == ("demands", "2026", "12", "사양서.pdf")


def test_a_manifest_of_another_format_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"format": FORMAT_VERSION + 1}))
    with (
        translation.override("en"),
        pytest.raises(BackupError, match="format is 2; this version of mcelink reads format 1"),
    ):
        read_manifest(tmp_path)


def test_a_directory_without_a_manifest_is_not_a_backup(tmp_path):
    with translation.override("en"), pytest.raises(BackupError, match="has no manifest.json"):
        read_manifest(tmp_path)


def test_migrations_this_code_lacks_are_named():
    assert migrations_unknown_to_code({"demands": "0001_initial"}) == []
    assert migrations_unknown_to_code({"demands": "0099_later", "newapp": "0001_initial"}) == [
        "demands.0099_later",
        "newapp.0001_initial",
    ]
