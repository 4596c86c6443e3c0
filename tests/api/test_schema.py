"""The OpenAPI schema, the API root, and what every response is: JSON only,
nothing a browser would run."""

import json
import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

from tests.api.conftest import assert_read_only
from tests.factories import make_page

pytestmark = pytest.mark.django_db

SCHEMA = reverse("api:schema")
PATHS = {
    "/api/",
    "/api/pages/",
    "/api/pages/{slug}/",
    "/api/pages/{slug}/revisions/",
    "/api/pages/{slug}/revisions/{revision_id}/",
    "/api/characters/",
    "/api/characters/{slug}/",
    "/api/events/",
    "/api/events/{slug}/",
}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_the_schema_is_served_as_yaml_by_default(client):
    response = client.get(SCHEMA)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    schema = yaml.safe_load(response.content)
    assert schema["info"]["title"] == "Hyosan Wiki API"
    assert set(schema["paths"]) == PATHS


def test_the_schema_is_served_as_json_on_request(client):
    response = client.get(f"{SCHEMA}?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert set(schema["paths"]) == PATHS


def test_the_schema_documents_only_reads(client):
    schema = json.loads(client.get(f"{SCHEMA}?format=json").content)
    methods = {method for path in schema["paths"].values() for method in path}
    assert methods == {"get"}


def test_the_schema_lists_the_filters_and_the_pagination(client):
    schema = json.loads(client.get(f"{SCHEMA}?format=json").content)

    def parameters(path):
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    assert parameters("/api/pages/") >= {"title", "updated_since", "sort", "page"}
    assert parameters("/api/characters/") >= {"q", "status", "role", "season", "sort"}
    assert parameters("/api/events/") >= {"kind", "year", "season", "character"}
    assert parameters("/api/pages/{slug}/revisions/") >= {"cursor", "page_size"}


def test_the_schema_says_when_a_status_is_a_spoiler(client):
    schema = json.loads(client.get(f"{SCHEMA}?format=json").content)
    field = schema["components"]["schemas"]["Character"]["properties"][
        "status_spoiler_season"
    ]
    assert "spoiler" in field["description"]


def test_the_schema_is_valid_openapi_without_warnings(tmp_path):
    # --fail-on-warn: a filter or field whose type drf-spectacular had to guess
    # would be documented wrongly.
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
    )


def test_the_schema_is_read_only(client):
    assert_read_only(client, SCHEMA)


def test_the_api_root_links_to_every_list_and_the_schema(client):
    response = client.get(reverse("api:root"))
    assert response.status_code == 200
    assert response.json() == {
        "pages": "http://testserver/api/pages/",
        "characters": "http://testserver/api/characters/",
        "events": "http://testserver/api/events/",
        "schema": "http://testserver/api/schema/",
    }
    assert_read_only(client, reverse("api:root"))


def test_a_browser_gets_json_with_no_script(client):
    page = make_page(title="Hyosan High School")
    url = reverse("api:page-detail", args=[page.slug])
    response = client.get(url, headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert not re.search(rb"<script(?![^>]*\bsrc=)", response.content)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_there_is_no_browsable_api(client):
    response = client.get(f"{reverse('api:page-list')}?format=api")
    assert response.status_code == 404


def test_html_only_clients_are_told_json_is_all_there_is(client):
    response = client.get(reverse("api:page-list"), headers={"accept": "text/html"})
    assert response.status_code == 406
