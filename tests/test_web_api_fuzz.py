"""Fuzz the JSON API with schemathesis against its own OpenAPI schema: whatever the
parameters, no answer is a server error."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

# The app (web/app.py) is built beside this API; until it is there these tests cannot run.
create_app = pytest.importorskip("cstocorpus.web.app", reason="no web app (web/app.py) yet").create_app

EXAMPLES = 30  # per endpoint; `make fuzz`-style longer runs: raise it locally


def test_no_request_is_a_server_error(built_index, corpus_copy):
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(built_index, corpus_copy))
    operations = [result.ok() for result in schema.include(path_regex="^/api/").get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case):
            case.call_and_validate(checks=[not_a_server_error])

        fuzz()
