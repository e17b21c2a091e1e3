import csv
import hashlib
import json
import re

import pytest

from mcelink.accounts.models import Role, User
from mcelink.companies.imports import ORGANIZATION_COLUMNS, PRODUCT_COLUMNS, registry_import
from mcelink.companies.models import Organization
from mcelink.companies.validators import is_valid_business_number
from mcelink.programs.models import Outcome, Participation, Program
from mcelink.seed.default_data import load_default_data, summary
from mcelink.seed.synthetic import generate

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # builds an index or checks the default data


def test_the_program_of_the_brief_with_its_tracks_and_briefing():
    program = Program.objects.get(code="incheon-kitech-semi-2025")
    assert program.operator.name_en.startswith("Korea Institute of Industrial Technology")
    assert [f.name_ko for f in program.funders.all()] == ["인천광역시"]
    assert [(t.number, t.quota, t.participations.count()) for t in program.tracks.all()] == [
        (1, 17, 17),
        (2, 8, 8),
        (3, 2, 2),
    ]
    assert str(program.events.get(kind="briefing").date) == "2026-01-19"
    assert all(p.partner for p in program.tracks.get(number=2).participations.all())


def test_magtron_and_pavonine_are_real_records_with_their_results():
    magtron = Organization.objects.get(name_en="Magtron")
    assert (magtron.is_sample, magtron.region, magtron.district) == (False, "incheon", "남동구")
    results = {(o.category, str(o.value), o.unit) for o in Outcome.objects.filter(participation__organization=magtron)}
    assert results == {("material_saving", "70.00", "%"), ("new_sales", "50000000.00", "KRW")}
    pavonine = Outcome.objects.get(participation__organization__name_en="Pavonine")
    assert (pavonine.category, str(pavonine.value)) == ("weight_reduction", "47.70")
    assert Outcome.objects.filter(category="technology", is_sample=True).count() == 10


def test_at_least_300_bilingual_supply_firms_with_valid_unique_numbers():
    firms = Organization.objects.filter(is_supply_firm=True).prefetch_related("products")
    assert firms.count() >= 300
    for firm in firms:
        assert firm.products.all(), firm
        assert all(p.name_ko and p.name_en and p.description_ko and p.description_en for p in firm.products.all())
    numbers = [n for n in Organization.objects.values_list("business_number", flat=True) if n]
    assert len(numbers) == len(set(numbers)) and all(is_valid_business_number(n) for n in numbers)


def test_one_demo_user_per_role():
    assert {
        u.role for u in User.objects.filter(username__in=["pm", "buyer", "supplier", "reviewer", "analyst", "admin"])
    } == set(Role)


def test_loading_again_changes_nothing():
    before = summary()
    names = hashlib.sha256("".join(Organization.objects.order_by("id").values_list("name_ko", flat=True)).encode())
    assert load_default_data() == before
    again = hashlib.sha256("".join(Organization.objects.order_by("id").values_list("name_ko", flat=True)).encode())
    assert names.hexdigest() == again.hexdigest()


def test_synthetic_data_is_deterministic_and_imports_cleanly(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(companies=40, seed=7, output=a, demands=5)
    generate(companies=40, seed=7, output=b, demands=5)
    generate(companies=40, seed=8, output=c, demands=5)
    for name in ("organizations.csv", "products.csv", "suppliers.jsonl", "demands.jsonl", "qrels.tsv"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert (a / "organizations.csv").read_bytes() != (c / "organizations.csv").read_bytes()
    with open(a / "organizations.csv", encoding="utf-8") as f:
        assert next(csv.reader(f)) == list(ORGANIZATION_COLUMNS)
    with open(a / "products.csv", encoding="utf-8") as f:
        assert next(csv.reader(f)) == list(PRODUCT_COLUMNS)
    suppliers = [json.loads(line) for line in (a / "suppliers.jsonl").read_text().splitlines()]
    assert len(suppliers) == 40 and all(s["id"] and s["products"] for s in suppliers)
    ids = {s["id"] for s in suppliers}
    assert {line.split("\t")[2] for line in (a / "qrels.tsv").read_text().splitlines()} <= ids
    orgs = registry_import(kind="organizations", source=a / "organizations.csv", actor=None)
    products = registry_import(kind="products", source=a / "products.csv", actor=None)
    assert (orgs["failed"], orgs["created"], products["failed"]) == (False, 40, False)


def test_firm_names_are_unique_and_carry_no_number():
    names = list(Organization.objects.values_list("name_ko", flat=True))
    assert len(names) == len(set(names))
    assert not [n for n in names if re.search(r"\d", n)]
    english = list(Organization.objects.exclude(name_en="").values_list("name_en", flat=True))
    assert len(english) == len(set(english))


def test_the_incheon_program_tracks_hold_only_incheon_firms():
    program = Program.objects.get(region="incheon")
    participations = Participation.objects.filter(track__program=program).select_related("organization")
    assert participations.count() == 27
    regions = {p.organization.region for p in participations}
    assert regions == {"incheon"}
