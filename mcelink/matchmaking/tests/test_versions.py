"""Published index versions: a machine with no copy fetches one from the database, checks its checksum, and only
the newest versions are kept. "Another machine" is another MATCHING_INDEX_DIR: nothing but the database is
shared."""

import threading

import pytest
from django.db import connection

from mcelink.accounts.models import Role
from mcelink.companies import services as registry
from mcelink.companies.models import Organization
from mcelink.companies.tests.factories import ProductFactory, SupplierFactory
from mcelink.matching import bundle
from mcelink.matching.bundle import ChecksumMismatch
from mcelink.matchmaking import selectors, services, versions
from mcelink.matchmaking.models import MatchingIndexChunk, MatchingIndexVersion

pytestmark = pytest.mark.django_db


def publish(files: dict[str, bytes], reason: str = "build") -> MatchingIndexVersion:
    with versions.publish_lock():
        staging = versions.staging_dir()
        for name, content in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(content)
        return versions.version_publish(staging=staging, reason=reason, report={}, expected=versions.version_current())


def files_under(directory) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


FILES = {"index/index.json": b'{"version": 2}', "index/terms.slots.npy": bytes(range(256)) * 300, "hs/a": b"x"}


def test_another_machine_fetches_the_published_files_from_the_database(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(bundle, "CHUNK_BYTES", 1000)  # several chunks, put back together in order
    version = publish(FILES)
    assert version.number == 1 and version.chunks.count() > 1
    settings.MATCHING_INDEX_DIR = tmp_path / "machine-b"
    assert not (tmp_path / "machine-b").exists()
    directory = versions.version_local(versions.version_current())
    assert directory == tmp_path / "machine-b" / f"v1-{version.checksum}"
    assert files_under(directory) == FILES


def test_a_version_whose_bytes_are_not_the_published_ones_is_not_served(settings, tmp_path, caplog):
    first = publish(FILES)
    settings.MATCHING_INDEX_DIR = tmp_path / "machine-b"
    assert selectors.served_version_dir() == versions.local_dir(versions.version_current())
    settings.MATCHING_INDEX_DIR = tmp_path / "machine-a"  # the publisher's machine
    second = publish({**FILES, "index/index.json": b'{"version": 2, "changed": true}'})
    settings.MATCHING_INDEX_DIR = tmp_path / "machine-b"
    chunk = second.chunks.get(number=0)
    chunk.data = bytes(chunk.data)[:-1] + b"!"
    chunk.save()
    with pytest.raises(ChecksumMismatch):
        versions.version_local(versions.version_current())
    assert not versions.local_dir(versions.version_current()).exists()
    # The web process logs it and keeps serving the version it has.
    assert selectors.served_version_dir() == tmp_path / "machine-b" / f"v1-{first.checksum}"
    assert selectors.served_version().number == 1
    assert "could not be fetched" in caplog.text


def test_only_the_newest_versions_are_kept_in_the_database_and_on_each_machine(settings, tmp_path):
    settings.MATCHING_INDEX_KEEP = 2
    for n in range(4):
        publish({**FILES, "index/index.json": f'{{"n": {n}}}'.encode()})
    kept = list(MatchingIndexVersion.objects.values_list("number", flat=True))
    assert kept == [4, 3]
    assert set(MatchingIndexChunk.objects.values_list("version__number", flat=True)) == {3, 4}
    local = sorted(p.name.split("-")[0] for p in versions.local_root().iterdir() if p.name.startswith("v"))
    assert local == ["v3", "v4"]


def test_a_publisher_that_did_not_start_from_the_current_version_is_refused():
    publish(FILES)
    staging = versions.staging_dir()
    (staging / "a").write_bytes(b"a")
    with pytest.raises(RuntimeError, match="changed while"):
        versions.version_publish(staging=staging, reason="build", report={}, expected=None)
    assert list(MatchingIndexVersion.objects.values_list("number", flat=True)) == [1]


@pytest.mark.slow
def test_a_registry_change_reaches_a_process_on_another_machine(settings, tmp_path, make_user,
                                                                django_capture_on_commit_callbacks):  # fmt: skip
    buyer = make_user(Role.DEMAND_FIRM)
    supplier = SupplierFactory(name_ko="초전도선재", name_en="")
    owner = make_user(Role.SUPPLY_FIRM, organization=supplier)
    services.matching_index_build()
    settings.MATCHING_INDEX_DIR = tmp_path / "machine-b"
    assert selectors.served_version_dir() is not None and selectors.served_version().number == 1
    assert supplier not in [org for _m, org in selectors.supplier_search(user=buyer, text="크라이오스탯", top=50)]
    settings.MATCHING_INDEX_DIR = tmp_path / "machine-a"  # the worker's machine
    with django_capture_on_commit_callbacks(execute=True):
        registry.product_save(organization=supplier, actor=owner, product=None, category="equipment",
                              name_ko="크라이오스탯 냉각 장치", name_en="cryostat", hs_codes=[],
                              strategic_technologies=[])  # fmt: skip
    assert versions.version_current().number == 2
    settings.MATCHING_INDEX_DIR = tmp_path / "machine-b"
    found = [org for _m, org in selectors.supplier_search(user=buyer, text="크라이오스탯", top=5)]
    assert found[0] == supplier and selectors.served_version().number == 2


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
def test_two_workers_refreshing_at_once_both_reach_the_published_index(make_user):
    buyer = make_user(Role.DEMAND_FIRM)
    first, second = SupplierFactory(), SupplierFactory()
    services.matching_index_build()
    ProductFactory(organization=first, name_ko="플럭스리스 본더", name_en="")
    ProductFactory(organization=second, name_ko="하이브리드 본딩 장비", name_en="")
    start, errors = threading.Barrier(2), []

    def refresh(org: Organization) -> None:
        try:
            start.wait()
            services.matching_profiles_refresh(organization_ids=[org.pk])
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=refresh, args=(org,)) for org in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert versions.version_current().number == 3
    assert [org for _m, org in selectors.supplier_search(user=buyer, text="플럭스리스", top=1)] == [first]
    assert [org for _m, org in selectors.supplier_search(user=buyer, text="하이브리드 본딩", top=1)] == [second]
