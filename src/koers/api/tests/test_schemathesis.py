"""Schemathesis generates requests from the OpenAPI schema and sends them to Koers in-process (WSGI).

Valid and invalid query and path values, against a database with demo-like data, with a token: the API
never answers with a server error, and its valid answers match the schema.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from koers.api.tests.conftest import build_world
from koers_dev.testing.factories import SwvFactory

EXAMPLES = 6


@pytest.fixture
def wsgi_app():
    # the test database lives in this thread's connection: keep it open between requests, as Django's test client does
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run(strategy, checks):
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case):
        response = case.call()
        case.validate_response(response, checks=checks)

    run()


@pytest.mark.django_db
def test_no_server_errors(own, make_client, wsgi_app):
    build_world(SwvFactory(code="VO7003", name="Nog een SWV"))
    client = make_client("bureau")
    headers = {"Authorization": client._credentials["HTTP_AUTHORIZATION"]}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    ids = {"id": own["activity"]}
    problems = []
    for result in schema.get_all_operations():
        operation = result.ok()
        variants = [(GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None)]
        if "{id}" in operation.path:
            variants.append((GenerationMode.POSITIVE, ids))
        for mode, path_parameters in variants:
            strategy = operation.as_strategy(generation_mode=mode, headers=headers, path_parameters=path_parameters)
            checks = [not_a_server_error]
            if mode == GenerationMode.POSITIVE:
                checks.append(response_schema_conformance)
            try:
                _run(strategy, checks)
            except Unsatisfiable:  # no parameter to make invalid (e.g. /swv/ in negative mode)
                continue
            except Exception as exc:  # collect every operation's failure, then report them together
                problems.append(f"GET {operation.path} ({mode.value}): {exc}")
    assert not problems, "\n\n".join(problems)
