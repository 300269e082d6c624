"""Property-based tests of the API against its own schema (docs/openapi.yaml), with schemathesis.

For every operation, requests generated from the schema (valid and invalid: wrong types, missing
fields, odd strings) are sent through Django's WSGI application as the liaison and as the office
clerk (token auth). Every check must pass: no 5xx, every status code and content type the schema
documents, every response body as the schema describes it, every request the schema rules out
refused (400) and every request it allows accepted or refused by a rule (422). Each request runs in a
transaction that is rolled back, so every example starts from the seed case.

Bounded and deterministic for CI: ``ZHENGGAI_SCHEMATHESIS_EXAMPLES`` examples per operation
(default 5; the whole run is about two minutes on two cores), derandomized (the same examples every
run). Set it higher for a deeper run, e.g. ``ZHENGGAI_SCHEMATHESIS_EXAMPLES=200``.
"""

import os
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from hypothesis import HealthCheck, Phase, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.transport.requests import prepare_multipart_parts
from schemathesis.transport.serialization import Binary, serialize_binary
from schemathesis.transport.wsgi import WSGI_TRANSPORT

from zhenggai.api.tokens import token_create

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
EXAMPLES = int(os.environ.get("ZHENGGAI_SCHEMATHESIS_EXAMPLES", "5"))

# Every check runs, with one setting: a request the schema allows may be refused by a rule of the
# ledger (a deadline before the feedback date, an office of another unit), which the API answers 422
# (zhenggai.api.errors, docs/decisions/0007-400-and-422.md). A 400 for such a request still fails.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
            }
        }
    }
)
schema = schemathesis.openapi.from_path(str(SCHEMA_PATH), config=CONFIG)
schema.app = WSGIHandler()


@WSGI_TRANSPORT.serializer("multipart/form-data")
def _multipart_as_django_encodes_it(ctx, value):
    """Werkzeug writes an empty text part without its closing line break, and Django then drops the
    field: ``happened_on=""`` arrived as "not sent". Encode the form as Django's test client does."""
    if not isinstance(value, dict):
        return {"data": value}
    files, data = prepare_multipart_parts(ctx, value)
    fields: dict[str, list] = {name: v if isinstance(v, list) else [v] for name, v in (data or {}).items()}
    for name, part in files or []:
        if isinstance(part, tuple):  # (filename, content[, content type]): no filename is a form field
            filename, content, *rest = part
        elif isinstance(part, bytes | Binary):  # bare bytes: a file named after its field
            filename, content, rest = name, part, []
        else:
            filename, content, rest = None, part, []
        if filename is None:
            text = (
                serialize_binary(content).decode(errors="replace")
                if isinstance(content, bytes | Binary)
                else content
            )
            fields.setdefault(name, []).append(text)
            continue
        content_type = (rest[0] if rest else None) or "application/octet-stream"
        fields.setdefault(name, []).append(
            SimpleUploadedFile(filename, serialize_binary(content), content_type)
        )
    body = encode_multipart(
        BOUNDARY,
        {
            name: [v if hasattr(v, "read") or isinstance(v, str) else _text(v) for v in vs]
            for name, vs in fields.items()
        },
    )
    return {"data": body, "content_type": MULTIPART_CONTENT}


def _text(value) -> str:
    return serialize_binary(value).decode()  # a number or a boolean in its JSON spelling (true, 1.5)


@pytest.fixture
def in_process_requests():
    """The WSGI handler closes "old" connections at each request's start and end, which would close
    the test's own transaction; Django's test client disconnects the same signal handlers."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["liaison", "clerk"])
def token(request, seed):
    user = getattr(seed, request.param)
    return token_create(user=user, name="schemathesis")[1]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_api_matches_its_schema(case, token, in_process_requests):
    with transaction.atomic():
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"},
        )
        transaction.set_rollback(True)
