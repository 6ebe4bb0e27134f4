"""The OpenAPI document at /api/v1/openapi.json: valid OpenAPI 3.1, and true of real answers."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator

from cdd_click import create_app, search
from cdd_click.models.listing import ListingKind, OtopCategory
from cdd_click.vocabulary import parse_category, parse_kind

ITEM = "/api/v1/items/{section}/{slug}"
# (request, documented path, status): each answer must match the document's schema for it.
REAL_ANSWERS = [
    ("/api/v1/search?q=ผ้าไหม", "/api/v1/search", 200),
    ("/api/v1/search?q=silk&type=listing&kind=otop&category=ผ้าและเครื่องแต่งกาย&stars=5",
     "/api/v1/search", 200),
    ("/api/v1/search?q=&province=50&sort=nearest&lat=18.86&lon=99.35", "/api/v1/search", 200),
    ("/api/v1/search?q=ชุมชน&sort=newest&page=2", "/api/v1/search", 200),
    ("/api/v1/search?q=แม่กำปอฃ", "/api/v1/search", 200),
    ("/api/v1/search?q=%C3%28&stars=9&type=bogus&sort=weird&lat=500&lon=x&page=-4",
     "/api/v1/search", 200),
    ("/api/v1/suggest?q=แม่ก", "/api/v1/suggest", 200),
    ("/api/v1/suggest?q=", "/api/v1/suggest", 200),
    ("/en/api/v1/suggest?q=mae", "/api/v1/suggest", 200),
    ("/api/v1/openapi.json", "/api/v1/openapi.json", 200),
    ("/api/v1/items/listings/mae-kampong-homestay", ITEM, 200),
    ("/api/v1/items/villages/ban-mae-kampong", ITEM, 200),
    ("/en/api/v1/items/articles/what-is-otop", ITEM, 200),
    ("/api/v1/items/listings/no-such-listing", ITEM, 404),
    ("/api/v1/items/villages/Not%20a%20slug", ITEM, 404),
    ("/healthz", "/healthz", 200),
    ("/readyz", "/readyz", 200),
]


@pytest.fixture(scope="module")
def document(shipped_site) -> dict:
    return shipped_site.test_client().get("/api/v1/openapi.json").get_json()


def body_schema(document: dict, response: dict) -> dict:
    """The JSON Schema of a response object's body, able to resolve ``#/components/...``."""
    return {**response["content"]["application/json"]["schema"],
            "components": document["components"]}


def documented_response(document: dict, path: str, status: int) -> dict:
    return document["paths"][path]["get"]["responses"][str(status)]


def assert_matches(document: dict, response: dict, body) -> None:
    errors = list(Draft202012Validator(body_schema(document, response)).iter_errors(body))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def test_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1.")
    OpenAPIV31SpecValidator(document).validate()
    assert "กรมการพัฒนาชุมชน" in document["info"]["description"]
    assert set(document["paths"]) == {"/api/v1/search", "/api/v1/suggest", ITEM,
                                      "/api/v1/openapi.json", "/healthz", "/readyz"}


def test_served_as_cacheable_json(shipped_site):
    response = shipped_site.test_client().get("/api/v1/openapi.json")
    assert response.mimetype == "application/json"
    assert response.cache_control.public and response.cache_control.max_age > 0
    assert response.headers["ETag"]


@pytest.mark.parametrize(("url", "path", "status"), REAL_ANSWERS)
def test_real_answers_match_the_document(shipped_site, document, url, path, status):
    response = shipped_site.test_client().get(url)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert_matches(document, documented_response(document, path, status), response.get_json())


def test_the_schemas_check_hits_and_suggestions_for_real(shipped_site):
    client = shipped_site.test_client()
    hits = client.get("/api/v1/search?q=ไหม").get_json()["results"]
    assert {hit["type"] for hit in hits} == {"village", "listing", "article"}
    assert client.get("/api/v1/search?q=แม่กำปอฃ&literal=1").get_json()["suggestion"] == "แม่กำปอง"
    assert client.get("/api/v1/suggest?q=แม่ก").get_json()["titles"]


def every_response(document: dict):
    for item in document["paths"].values():
        yield from item["get"]["responses"].values()
    yield from document["components"]["responses"].values()


def test_every_example_matches_its_schema(document):
    checked = 0
    for response in every_response(document):
        body = response["content"].get("application/json", {})
        found = [example["value"] for example in body.get("examples", {}).values()]
        if "example" in body:
            found.append(body["example"])
        for example in found:
            assert_matches(document, response, example)
            checked += 1
    assert checked >= 10


def test_filter_values_are_the_ones_the_api_understands(document):
    params = {p["name"]: p["schema"] for p in
              document["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert set(ListingKind) <= set(params["kind"]["enum"])
    assert all(parse_kind(value) for value in params["kind"]["enum"])
    assert set(OtopCategory) <= set(params["category"]["enum"])
    assert all(parse_category(value) for value in params["category"]["enum"])
    assert params["sort"]["enum"] == ["relevance", "newest", "nearest"]


def test_api_errors_are_json_and_documented(shipped_site, document):
    client = shipped_site.test_client()
    not_found = client.get("/api/v1/no-such-thing")
    assert not_found.status_code == 404 and not_found.mimetype == "application/json"
    assert_matches(document, document["components"]["responses"]["NotFound"],
                   not_found.get_json())
    wrong_method = client.post("/api/v1/search")
    assert wrong_method.status_code == 405
    assert wrong_method.get_json()["error"] == "method_not_allowed"
    assert_matches(document, document["components"]["responses"]["MethodNotAllowed"],
                   wrong_method.get_json())
    assert "GET" in wrong_method.headers["Allow"]
    assert client.get("/no-such-page").mimetype == "text/html"  # the site keeps its Thai pages


def test_no_database_and_no_index_is_a_documented_json_503(tmp_path):
    app = create_app({"SEARCH_REPAIR_WAIT": 0.5, "TESTING": True, "SECRET_KEY": "test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/db.sqlite3",
                      "SEARCH_INDEX_DIR": str(tmp_path / "index")})
    client = app.test_client()
    document = client.get("/api/v1/openapi.json").get_json()
    for url, path in (("/api/v1/search?q=x", "/api/v1/search"),
                      ("/api/v1/suggest?q=x", "/api/v1/suggest")):
        response = client.get(url)
        assert response.status_code == 503 and response.headers["Retry-After"]
        assert response.get_json()["error"] == "search_unavailable"  # cannot rebuild: no database
        assert_matches(document, documented_response(document, path, 503), response.get_json())
    not_ready = client.get("/readyz")
    assert not_ready.status_code == 503
    assert_matches(document, documented_response(document, "/readyz", 503),
                   not_ready.get_json())


@contextmanager
def site_url(app, value):
    """``SITE_URL`` set to ``value`` for a while (the app is shared by the session)."""
    saved = app.config.get("SITE_URL")
    app.config["SITE_URL"] = value
    try:
        yield
    finally:
        app.config["SITE_URL"] = saved


def test_servers_come_from_site_url_not_the_host_header(shipped_site):
    client = shipped_site.test_client()
    with site_url(shipped_site, "https://click.cdd.go.th/"):
        document = client.get("/api/v1/openapi.json", headers={"Host": "evil.example"}).get_json()
    assert document["servers"][0]["url"] == "https://click.cdd.go.th"
    with site_url(shipped_site, None):
        assert client.get("/api/v1/openapi.json").get_json()["servers"][0]["url"] == "/"


def test_connection_cut_mid_request_is_a_documented_json_503(site):
    from test_outage import cut_before  # cuts the request's own connection for real

    search.rebuild_index()
    client = site.test_client()
    document = client.get("/api/v1/openapi.json").get_json()
    # the search's one statement (the outbox position; the index itself is not the database)
    with cut_before(site, 1):
        response = client.get("/api/v1/search?q=กาแฟ")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.get_json()["error"] == "database_unavailable"
    assert_matches(document, documented_response(document, "/api/v1/search", 503),
                   response.get_json())
    assert client.get("/api/v1/search?q=กาแฟ").status_code == 200
