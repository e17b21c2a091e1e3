"""Uploads (mcelink.core.files): private storage under random names, the retention of import inputs, a full
disk, and the one way CSV files are written."""

import ast
import datetime
import re
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from mcelink.accounts.models import Role
from mcelink.core.files import job_inputs_purge
from mcelink.core.models import AuditLog, Job
from mcelink.core.tests.multipart import post_multipart
from mcelink.demands.models import Demand, DemandFile

pytestmark = pytest.mark.django_db

HEADER = "business_number,kind,name_ko,name_en,region,district,size_class,employees,is_supply_firm\n"
CSV = (HEADER + "1234567891,sme,잡정밀,,incheon,,,,\n").encode()


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_FILES_ROOT


def files_in(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_an_import_upload_is_stored_privately_under_a_random_name(client, make_user, private_root, settings):
    client.force_login(make_user(Role.PROGRAM_MANAGER))
    name = "거래처 <목록>/2026.csv"
    response = post_multipart(client, "/organizations/import/", {"kind": "organizations"}, [("file", name, CSV)])
    job = Job.objects.get(kind="companies.import")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert re.fullmatch(r"jobs/\d{4}/\d{2}/[0-9a-f]{32}\.csv", job.input_file.name)
    assert (job.input_name, job.params["file_name"]) == (name, name)
    assert (private_root / job.input_file.name).read_bytes() == CSV
    assert not Path(settings.MEDIA_ROOT).exists() or files_in(Path(settings.MEDIA_ROOT)) == []


def _finished_job(days_ago: float, *, status: str = Job.Status.SUCCEEDED, name: str = "orgs.csv") -> Job:
    job = Job(kind="companies.import", status=status, input_name=name)
    job.input_file.save(name, ContentFile(b"secret rows"), save=False)
    job.finished_at = timezone.now() - datetime.timedelta(days=days_ago) if status != Job.Status.RUNNING else None
    job.save()
    if status == Job.Status.RUNNING:  # a stuck old job: its row was last touched long ago
        Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - datetime.timedelta(days=days_ago))
    return job


def test_import_inputs_are_deleted_once_past_retention(private_root, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_INPUT_RETENTION_DAYS = 7
    old, failed_old, recent = _finished_job(8), _finished_job(30, status=Job.Status.FAILED), _finished_job(6)
    running = _finished_job(30, status=Job.Status.RUNNING)
    paths = {job.pk: private_root / job.input_file.name for job in (old, failed_old, recent, running)}

    with django_capture_on_commit_callbacks(execute=True):  # the files go once the rows are cleared
        assert job_inputs_purge() == 2
    for job in (old, failed_old):
        job.refresh_from_db()
        assert job.input_file.name == "" and job.input_name == "orgs.csv" and not paths[job.pk].exists()
        audit = AuditLog.objects.get(action="job.input_purge", object_id=str(job.pk))
        assert audit.actor_label == "system" and audit.changes["file"] == "orgs.csv"
    for job in (recent, running):
        job.refresh_from_db()
        assert job.input_file.name and paths[job.pk].exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert job_inputs_purge() == 0  # nothing twice
        assert job_inputs_purge(now=timezone.now() + datetime.timedelta(days=2)) == 1  # the recent one's turn
    assert not paths[recent.pk].exists() and paths[running.pk].exists()


def test_the_purge_command_deletes_old_inputs_and_says_how_many(
    private_root, settings, capsys, django_capture_on_commit_callbacks
):
    settings.IMPORT_INPUT_RETENTION_DAYS = 3
    job = _finished_job(4)
    path = private_root / job.input_file.name
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_job_inputs")
    out = capsys.readouterr().out
    assert "1" in out and ("deleted" in out or "삭제했습니다" in out)
    job.refresh_from_db()
    assert job.input_file.name == "" and not path.exists()


def test_a_missing_input_file_does_not_stop_the_purge(private_root, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_INPUT_RETENTION_DAYS = 7
    job = _finished_job(10)
    (private_root / job.input_file.name).unlink()
    with django_capture_on_commit_callbacks(execute=True):
        assert job_inputs_purge() == 1
    job.refresh_from_db()
    assert job.input_file.name == ""


# --- a full disk ----------------------------------------------------------------------------------------------


@pytest.fixture
def tiny_private_root(settings, tmp_path):
    """PRIVATE_FILES_ROOT on a 256 KiB tmpfs (needs root, as the CI container runs)."""
    root = tmp_path / "tiny"
    root.mkdir()
    mounted = subprocess.run(  # noqa: S603 - fixed arguments
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(root)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a 256k tmpfs to fill (mount needs root): {mounted.stderr.strip()}")
    settings.PRIVATE_FILES_ROOT = root
    try:
        yield root
    finally:
        subprocess.run(["umount", str(root)], check=False)  # noqa: S603, S607


FULL_EN = "file storage is full. Nothing was saved"
FULL_KO = "서버의 파일 저장 공간이 가득 차서"


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_demand_whose_files_do_not_fit_is_refused_whole_and_leaves_no_file(
    client, make_user, tiny_private_root, language
):
    from mcelink.companies.tests.factories import BuyerFactory

    buyer = make_user(Role.DEMAND_FIRM, organization=BuyerFactory(kind="sme"))
    client.force_login(buyer)
    client.cookies["django_language"] = language
    before = (Demand.objects.count(), DemandFile.objects.count(), AuditLog.objects.count())
    fields = {"title": "디스크 가득", "summary": "요약", "visibility": "invited_only"}
    # The first file fits, the second does not: the first is deleted again, with the demand.
    files = [("files", "first.pdf", b"%PDF" + b"1" * 100_000), ("files", "second.pdf", b"%PDF" + b"2" * 200_000)]
    response = post_multipart(client, "/demands/new/", fields, files)

    assert response.status_code == 200
    page = response.content.decode()
    assert (FULL_EN if language == "en" else FULL_KO) in page and "second.pdf" in page
    assert "Traceback" not in page and "Errno" not in page
    assert (Demand.objects.count(), DemandFile.objects.count(), AuditLog.objects.count()) == before
    assert files_in(tiny_private_root) == []


def test_an_import_that_does_not_fit_is_refused_with_no_job_and_no_file(client, make_user, tiny_private_root):
    client.force_login(make_user(Role.PROGRAM_MANAGER))
    client.cookies["django_language"] = "en"
    before = Job.objects.count()
    big = HEADER.encode() + b"1234567891,sme,x,,incheon,,,,\n" * 12_000  # ~350 KB
    response = post_multipart(client, "/organizations/import/", {"kind": "organizations"}, [("file", "big.csv", big)])
    assert response.status_code == 200 and FULL_EN in response.content.decode()
    assert Job.objects.count() == before
    assert files_in(tiny_private_root) == []
    # Once there is room again, the same upload goes through.
    small = post_multipart(client, "/organizations/import/", {"kind": "organizations"}, [("file", "s.csv", CSV)])
    assert small.status_code == 302 and len(files_in(tiny_private_root)) == 1


# --- CSV exports ----------------------------------------------------------------------------------------------

PACKAGE = Path(__file__).resolve().parents[2]  # mcelink/


def _writes_csv(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"writer", "DictWriter"}:
            if isinstance(node.value, ast.Name) and node.value.id == "csv":
                return True
        if isinstance(node, ast.ImportFrom) and node.module == "csv":
            if any(alias.name in {"writer", "DictWriter"} for alias in node.names):
                return True
    return False


def test_every_csv_the_product_writes_goes_through_core_exports():
    """So that every cell is spreadsheet-safe: ``csv.writer`` only in core.exports (and the synthetic data
    generator in seed/, and tests)."""
    allowed = {PACKAGE / "core" / "exports.py"}
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if path in allowed or relative.parts[0] == "seed" or "tests" in relative.parts:
            continue
        if _writes_csv(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(str(relative))
    assert offenders == []


def test_the_import_template_is_written_by_the_export_helper(client, make_user):
    client.force_login(make_user(Role.PROGRAM_MANAGER))
    response = client.get("/organizations/import/template-organizations.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffbusiness_number,") and "예시정밀" in text
    assert 'filename="mcelink-organizations-template.csv"' in response["Content-Disposition"]
