"""The dense stage wired into the product: configured by settings, built with the index, kept fresh by the
refresh job. The embedder here maps a few words to meaning axes (no real model is on this machine)."""

import numpy as np
import pytest

from mcelink.accounts.models import Role
from mcelink.companies.models import Organization, Product
from mcelink.companies.tests.factories import ProductFactory
from mcelink.matchmaking import selectors, services

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # builds an index or checks the default data
WORDS = {"collet": 0, "gripper": 0, "흡착": 0, "socket": 1}


class AxisEmbedder:
    name = "axes-test"

    def embed(self, texts):
        out = np.zeros((len(texts), 3), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                if word in WORDS:
                    out[row, WORDS[word]] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def axis_embedder(path):
    return AxisEmbedder()


def test_with_a_model_configured_search_finds_suppliers_by_meaning(settings, make_user):
    buyer = make_user(Role.DEMAND_FIRM)
    plain = services.matching_index_build()
    assert plain["dense"] is False and selectors.supplier_search(user=buyer, text="gripper 흡착") == []
    settings.MATCHING_DENSE_MODEL = "/models/axes"
    settings.MATCHING_EMBEDDER = "mcelink.matchmaking.tests.test_dense_stage.axis_embedder"
    assert services.matching_index_build()["dense"] is True
    found = selectors.supplier_search(user=buyer, text="gripper 흡착")
    assert found and all("collet" in " ".join(p.name_en.lower() for p in org.products.all()) for _m, org in found)
    assert found[0][0].explanation.similarity is not None
    newcomer = Organization.objects.create(kind="sme", name_ko="새콜렛", is_supply_firm=True)
    Product.objects.create(organization=newcomer, category="component", name_ko="그리퍼", name_en="gripper")
    services.matching_profiles_refresh(organization_ids=[newcomer.pk])
    ids = [org.pk for _m, org in selectors.supplier_search(user=buyer, text="gripper 흡착", top=200)]
    assert newcomer.pk in ids


def test_an_index_built_by_an_older_analysis_is_not_used_and_the_next_refresh_rebuilds_it(make_user):
    import json

    buyer = make_user(Role.DEMAND_FIRM)
    magtron = ProductFactory(name_ko="희토류 저감 마그네틱 콜렛", name_en="").organization
    services.matching_index_build()
    meta_path = services.index_dir() / "index.json"
    meta = json.loads(meta_path.read_text())
    meta["analysis"] = 1
    meta_path.write_text(json.dumps(meta))
    assert selectors.supplier_search(user=buyer, text="마그네틱 콜렛") is None  # "not built yet"
    report = services.matching_profiles_refresh(organization_ids=[magtron.pk])
    # a full build, not an update of stale terms
    assert report["suppliers"] == Organization.objects.filter(is_supply_firm=True).count()
    assert selectors.supplier_search(user=buyer, text="마그네틱 콜렛")
