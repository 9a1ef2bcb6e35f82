"""The OpenAPI schema is valid and describes every endpoint in Dutch; the docs are served without a CDN."""

import re

import pytest
import yaml
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from koers_dev.testing.factories import UserFactory


@pytest.fixture
def installed(db):
    """An installation with an account: on an empty one every page leads to the set-up (FirstRunMiddleware),
    which made these tests depend on which tests ran before them in the same process."""
    UserFactory()


def test_schema_validates():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    assert {"apiToken", "sessie"} <= set(schema["components"]["securitySchemes"])
    for path, item in schema["paths"].items():
        operation = item["get"]
        assert set(item) == {"get"}, f"{path} is not read-only"
        assert operation.get("summary"), f"{path} has no description"


def test_schema_endpoint_serves_it(client, installed):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert "/api/v1/activiteiten/" in schema["paths"]


def test_docs_are_served_without_cdn(client, installed):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources  # everything from Koers itself
    assert "<script>" not in html  # no inline script: the Content-Security-Policy stays strict
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()
