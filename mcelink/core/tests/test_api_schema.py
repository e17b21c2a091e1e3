"""The OpenAPI schema is the truth a client is generated from: valid, named, and saying what the API answers."""

import json
import re

import jsonschema_rs
import pytest
import schemathesis
from schemathesis.specs.openapi.adapter.validators import validate_v3

from mcelink.accounts.models import Role
from mcelink.accounts.services import api_token_create
from mcelink.api import api
from mcelink.companies.tests.factories import SupplierFactory

SHORT_ID = re.compile(r"^[a-z]+(_[a-z]+)+$")  # resource_action: demand_adopt, organization_list
OPERATION_IDS = """
    account_me job_get job_retry organization_list organization_get product_list product_get industry_list
    technology_list technology_get hs_code_list hs_code_get program_list program_get program_track_list track_get
    outcome_list
    demand_list demand_create demand_get demand_update demand_transition demand_interest demand_adopt
    demand_file_download candidate_list candidate_decide invitation_list invitation_create invitation_get
    invitation_accept_nda invitation_decline invitation_reject message_create proposal_create validation_start
    validation_record
""".split()
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def openapi():
    return api.get_openapi_schema()


def operations(openapi):
    for path, item in openapi["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def test_every_operation_has_a_short_unique_id_and_one_resource_tag(openapi):
    ids = [op["operationId"] for _, _, op in operations(openapi)]
    # The names of a generated client's functions: changing one breaks clients, so it is a decision made here.
    assert sorted(ids) == sorted(OPERATION_IDS)
    module_paths = [i for i in ids if i.startswith("mcelink") or "_api_" in i]
    assert not module_paths, module_paths
    assert [i for i in ids if not SHORT_ID.match(i)] == []
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    untagged = [op["operationId"] for _, _, op in operations(openapi) if len(op.get("tags", [])) != 1]
    assert untagged == []


def test_the_schema_is_valid_openapi_and_loads_in_schemathesis(openapi):
    served = json.loads(json.dumps(openapi))  # as a client reads it (string keys); schemathesis rewrites what it loads
    validate_v3(served)  # the OpenAPI 3.1 meta-schema that schemathesis checks a schema with
    loaded = schemathesis.openapi.from_dict(served)
    ok = [result.ok() for result in loaded.get_all_operations()]
    assert len(ok) == len(list(operations(openapi)))


def test_every_operation_documents_its_errors_in_the_one_shape(openapi):
    error_ref = {"$ref": "#/components/schemas/Error"}
    for method, path, op in operations(openapi):
        responses = op["responses"]
        for status in (401, 422, 429):
            assert responses[status]["content"]["application/json"]["schema"] == error_ref, (path, status)
        if "{" in path:
            assert 404 in responses, path
        if method != "get":
            assert {400, 403, 404, 409} <= responses.keys(), path
    assert "Retry-After" in openapi["paths"]["/api/v1/me"]["get"]["responses"][429]["headers"]


def _validator(openapi, component):
    return jsonschema_rs.Draft202012Validator(
        {"$ref": f"#/components/schemas/{component}", "components": openapi["components"]}
    )


@pytest.mark.django_db
def test_an_error_answer_matches_the_documented_error_schema(client, openapi):
    answer = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer mce_wrong")
    assert answer.status_code == 401
    assert _validator(openapi, "Error").is_valid(answer.json()), answer.json()


@pytest.mark.django_db
def test_the_organization_detail_keeps_the_null_fields_the_schema_requires(client, make_user, openapi):
    org = SupplierFactory(employees=None, founded_year=None, revenue_krw=None)
    _, token = api_token_create(user=make_user(Role.DEMAND_FIRM), actor=None)
    detail = client.get(f"/api/v1/organizations/{org.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    errors = [e.message for e in _validator(openapi, "OrganizationDetailOut").iter_errors(detail)]
    assert errors == []
    assert detail["employees"] is None and detail["revenue_krw"] is None and detail["contacts"] is None


@pytest.fixture
def buyer_auth(make_user):
    from mcelink.companies.tests.factories import OrganizationFactory

    buyer = make_user(Role.DEMAND_FIRM, organization=OrganizationFactory(is_demand_firm=True))
    _, token = api_token_create(user=buyer, actor=None)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.django_db
def test_demand_inputs_are_the_schema_s_choices_and_limits(client, buyer_auth, openapi):
    demand_in = openapi["components"]["schemas"]["DemandIn"]["properties"]
    assert demand_in["title"]["minLength"] == 1 and demand_in["title"]["maxLength"] == 200
    categories = openapi["components"]["schemas"]["MceCategory"]["enum"]

    def post(body):
        return client.post("/api/v1/demands/", body, content_type="application/json", **buyer_auth)

    # What the schema allows is accepted: every category it lists, and the blank one.
    for category in [categories[0], ""]:
        created = post({"title": "콜렛", "summary": "다이 픽업", "category": category, "preferred_region": ""})
        assert created.status_code == 201, created.content
    # What it refuses is a 422 naming the field, before the model sees it (it was a 400 from the model).
    for field, value in [("category", "nonsense"), ("title", ""), ("visibility", "everyone"), ("annual_volume", -1)]:
        refused = post({"title": "콜렛", "summary": "다이 픽업", field: value})
        assert refused.status_code == 422 and field in refused.json()["error"]["fields"], (field, refused.content)
    demand_id = created.json()["id"]
    patched = client.patch(
        f"/api/v1/demands/{demand_id}/", {"title": None}, content_type="application/json", **buyer_auth
    )
    assert patched.status_code == 422 and "title" in patched.json()["error"]["fields"]


@pytest.mark.django_db
def test_a_move_the_state_refuses_answers_409_with_the_reason(client, buyer_auth):
    created = client.post(
        "/api/v1/demands/", {"title": "콜렛", "summary": "다이 픽업"}, content_type="application/json", **buyer_auth
    ).json()
    refused = client.post(
        f"/api/v1/demands/{created['id']}/transitions/", {"to": "adopted"}, content_type="application/json",
        **buyer_auth,
    )  # fmt: skip
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "illegal_transition" and refused.json()["error"]["message"]
    unknown = client.post(
        f"/api/v1/demands/{created['id']}/transitions/", {"to": "nowhere"}, content_type="application/json",
        **buyer_auth,
    )  # fmt: skip
    assert unknown.status_code == 422 and "to" in unknown.json()["error"]["fields"]


def test_free_text_inputs_state_that_nul_is_refused(openapi):
    params = {p["name"]: p["schema"] for p in openapi["paths"]["/api/v1/organizations"]["get"]["parameters"]}
    assert params["q"]["pattern"] == "^[^\\u0000]*$"
    assert (
        openapi["components"]["schemas"]["MessageIn"]["properties"]["body"]["pattern"] == "^[^\\u0000]*\\S[^\\u0000]*$"
    )
    demand_in = openapi["components"]["schemas"]["DemandIn"]
    assert demand_in["properties"]["summary"]["pattern"] == "^[^\\u0000]*$"
    assert demand_in["propertyNames"] == {"pattern": "^[^\\u0000]*$"}  # keys are checked for NUL too
