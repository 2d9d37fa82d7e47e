"""The GraphQL client against a fake Railway that throttles, fails, stalls and errs on demand."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from fake_railway import Fault
from test_documents import NEVER_RESENT

from pulumiverse_railway.plugin.client import QUOTED_ANSWER_LENGTH, RailwayClient, RetryPolicy, _retry_after
from pulumiverse_railway.plugin.documents import OPERATIONS, Operation
from pulumiverse_railway.plugin.errors import (
    RailwayCredentialsError,
    RailwayGraphQLError,
    RailwayNotFound,
    RailwayOutcomeUnknown,
    RailwayRequestError,
    RailwayUnavailable,
)

RESOURCE = "Project 'myapp-backend'"
# A sealed value, shaped like the ones GraphQL servers quote back when they reject an input.
DATABASE_URL = "postgresql://postgres:PLACEHOLDER-planted-for-redaction@db.internal:5432/myapp"
COLLECTION = {"projectId": "p1", "environmentId": "e1", "serviceId": "s1", "sealed": ["DATABASE_URL"]}


class Sleeps(list):
    """Stands in for time.sleep: records each delay instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def client(fake_railway, railway_token, sleeps):
    with RailwayClient(railway_token, endpoint=fake_railway.url, timeout=0.3, retry=RetryPolicy(attempts=3), sleep=sleeps) as client:
        yield client


@pytest.fixture
def project_id(client) -> str:
    created = client.execute(OPERATIONS["ProjectCreate"], {"input": {"name": "myapp-backend"}}, resource=RESOURCE)
    return created["projectCreate"]["id"]


def read_project(client: RailwayClient, project_id: str) -> dict:
    return client.execute(OPERATIONS["ProjectRead"], {"id": project_id}, resource=RESOURCE)["project"]


def test_a_429_is_retried_after_the_delay_named_by_retry_after(client, fake_railway, project_id, sleeps):
    fake_railway.inject(Fault("ProjectRead", status=429, headers={"Retry-After": "3"}))
    assert read_project(client, project_id)["name"] == "myapp-backend", "ProjectRead did not succeed after the 429"
    assert sleeps == [3.0], f"ProjectRead waited {sleeps} after a 429 with Retry-After: 3"


def test_a_retry_after_given_as_an_http_date_is_read_as_seconds_from_now():
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    delay = _retry_after(httpx.Response(429, headers={"Retry-After": when}))
    assert delay is not None and 25 <= delay <= 30, f"Retry-After {when!r} read as {delay} s"


def test_a_retry_after_beyond_the_policy_is_not_waited_out(client, fake_railway, project_id, sleeps):
    fake_railway.inject(Fault("ProjectRead", status=429, headers={"Retry-After": "3600"}))
    with pytest.raises(RailwayUnavailable):
        read_project(client, project_id)
    assert sleeps == [], f"ProjectRead slept {sleeps} for a Retry-After of an hour"


def test_a_502_is_retried_with_exponential_backoff(client, fake_railway, project_id, sleeps):
    fake_railway.inject(Fault("ProjectRead", status=502, times=2))
    assert read_project(client, project_id)["id"] == project_id, "ProjectRead did not succeed after two 502s"
    assert sleeps == [0.5, 1.0], f"ProjectRead backed off {sleeps} after two 502s"


def test_a_read_slower_than_the_timeout_is_retried(client, fake_railway, project_id, sleeps):
    fake_railway.inject(Fault("ProjectRead", delay=0.6))
    assert read_project(client, project_id)["id"] == project_id, "ProjectRead did not succeed after a timeout"
    assert len(sleeps) == 1, f"ProjectRead retried {len(sleeps)} times after one timeout"


@pytest.mark.parametrize("create", sorted(NEVER_RESENT))
def test_a_create_that_may_have_been_applied_is_never_sent_twice(client, fake_railway, create):
    fake_railway.inject(Fault(create, status=502))  # the fake answers before running it: the input is never read
    with pytest.raises(RailwayOutcomeUnknown):
        client.execute(OPERATIONS[create], {"input": {}}, resource=RESOURCE)
    assert fake_railway.count(create) == 1, f"{create} was sent {fake_railway.count(create)} times after a 502"


def test_retries_stop_at_the_policy_limit_with_an_error_naming_operation_and_resource(client, fake_railway, project_id):
    fake_railway.inject(Fault("ProjectRead", status=503, times=10))
    with pytest.raises(RailwayUnavailable) as raised:
        read_project(client, project_id)
    assert fake_railway.count("ProjectRead") == 3, "ProjectRead was not tried exactly as often as RetryPolicy(attempts=3) allows"
    assert "ProjectRead" in str(raised.value) and RESOURCE in str(raised.value), f"error does not name what failed: {raised.value}"


def test_graphql_errors_become_one_error_naming_operation_and_resource(client, fake_railway, project_id):
    fake_railway.inject(Fault("ProjectRead", graphql_error="Problem processing request"))
    with pytest.raises(RailwayGraphQLError) as raised:
        read_project(client, project_id)
    message = str(raised.value)
    assert "ProjectRead" in message and RESOURCE in message and "Problem processing request" in message, message


def test_a_graphql_error_is_not_retried(client, fake_railway, project_id):
    fake_railway.inject(Fault("ProjectRead", graphql_error="Problem processing request"))
    with pytest.raises(RailwayGraphQLError):
        read_project(client, project_id)
    assert fake_railway.count("ProjectRead") == 1, "ProjectRead was resent after a GraphQL error"


def test_a_missing_object_is_reported_as_not_found(client):
    with pytest.raises(RailwayNotFound):
        read_project(client, "no-such-project")


def test_a_document_the_schema_rejects_is_refused_like_railway_refuses_it(client):
    broken = Operation("ProjectRead", "query ProjectRead($id: String!) { project(id: $id) { colour } }", False, "inline")
    with pytest.raises(RailwayRequestError):
        client.execute(broken, {"id": "x"}, resource=RESOURCE)


def test_a_refused_token_is_reported_without_the_token(fake_railway):
    wrong = "rw-wrong-token-0123456789"
    with RailwayClient(wrong, endpoint=fake_railway.url) as client, pytest.raises(RailwayCredentialsError) as raised:
        client.execute(OPERATIONS["ProjectRead"], {"id": "x"}, resource=RESOURCE)
    assert wrong not in str(raised.value) and wrong not in repr(raised.value), "the refused token is in the error"


def test_the_token_never_appears_in_logs_or_errors_through_every_fault(fake_railway, project_id, railway_token, sleeps, caplog):
    caplog.set_level(logging.DEBUG)
    client = RailwayClient(railway_token, endpoint=fake_railway.url, timeout=0.3, retry=RetryPolicy(attempts=4), sleep=sleeps)
    fake_railway.inject(Fault("ProjectRead", status=429, headers={"Retry-After": "1"}))
    fake_railway.inject(Fault("ProjectRead", status=502))
    fake_railway.inject(Fault("ProjectRead", delay=0.6))
    with client:
        read_project(client, project_id)
        fake_railway.inject(Fault("ProjectRead", graphql_error=f"invalid token {railway_token}"))
        with pytest.raises(RailwayGraphQLError) as raised:
            read_project(client, project_id)
    seen = [caplog.text, str(raised.value), repr(raised.value), repr(client)]
    assert not [text for text in seen if railway_token in text], "the Railway token leaked into a log line or an error"


def test_the_client_repr_does_not_show_the_token(client, railway_token):
    assert railway_token not in repr(client)


def write(client: RailwayClient, variables: dict[str, str]) -> None:
    """One VariableCollectionWrite, as the VariableCollection sends it."""
    upsert = {**{k: v for k, v in COLLECTION.items() if k != "sealed"}, "variables": variables, "replace": True, "skipDeploys": False}
    payload = {"input": upsert, "withValues": True, "environmentId": "e1", "sealedPatch": None, "withSealed": False}
    client.execute(OPERATIONS["VariableCollectionWrite"], payload, resource="VariableCollection of service 's1'")


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_5xx_answer_to_a_create_is_an_outcome_unknown_never_a_resend(client, fake_railway, status):
    fake_railway.inject(Fault("ProjectCreate", status=status))
    with pytest.raises(RailwayOutcomeUnknown):
        client.execute(OPERATIONS["ProjectCreate"], {"input": {"name": "x"}}, resource=RESOURCE)
    assert fake_railway.count("ProjectCreate") == 1, f"ProjectCreate was resent after HTTP {status}"


def test_a_refused_token_names_where_it_came_from_and_what_to_check(fake_railway):
    source = "the RAILWAY_TOKEN environment variable"
    with (
        RailwayClient("rw-wrong", endpoint=fake_railway.url, token_source=source) as client,
        pytest.raises(RailwayCredentialsError) as raised,
    ):
        client.execute(OPERATIONS["ProjectRead"], {"id": "x"}, resource=RESOURCE)
    assert "RAILWAY_TOKEN environment variable" in str(raised.value) and "expired" in str(raised.value), str(raised.value)


def test_a_sealed_value_railway_quotes_back_when_it_rejects_a_write_is_in_no_error_or_log(client, fake_railway, caplog):
    caplog.set_level(logging.DEBUG)
    fake_railway.inject(Fault("VariableCollectionWrite", graphql_error="Invalid input", echo_variables=True))
    with pytest.raises(RailwayGraphQLError) as raised:
        write(client, {"PORT": "8080", "DATABASE_URL": DATABASE_URL})
    seen = {"str": str(raised.value), "repr": repr(raised.value), "messages": repr(raised.value.messages), "logs": caplog.text}
    leaked = sorted(where for where, text in seen.items() if DATABASE_URL in text)
    assert not leaked, f"the sealed DATABASE_URL of VariableCollection of service 's1' leaked into: {leaked}"


def test_a_redacted_error_still_names_the_input_railway_quoted(client, fake_railway):
    fake_railway.inject(Fault("VariableCollectionWrite", graphql_error="Invalid input", echo_variables=True))
    with pytest.raises(RailwayGraphQLError) as raised:
        write(client, {"DATABASE_URL": DATABASE_URL})
    assert "[redacted $input.variables.DATABASE_URL]" in str(raised.value), str(raised.value)


def test_an_answer_that_is_not_graphql_is_redacted_before_it_is_shortened(client, fake_railway):
    variables = {"input": {**{k: v for k, v in COLLECTION.items() if k != "sealed"}, "variables": {"DATABASE_URL": DATABASE_URL}}}
    # Pad the plain-text answer so the cut at QUOTED_ANSWER_LENGTH falls in the middle of the value.
    padding = QUOTED_ANSWER_LENGTH - len(DATABASE_URL) // 2 - json.dumps(variables).index(DATABASE_URL)
    fake_railway.inject(Fault("VariableCollectionWrite", status=400, text="x" * padding, echo_variables=True))
    with pytest.raises(RailwayRequestError) as raised:
        client.execute(OPERATIONS["VariableCollectionWrite"], variables, resource="VariableCollection of service 's1'")
    first_half = DATABASE_URL[: len(DATABASE_URL) // 2]
    assert first_half not in str(raised.value), f"the cut-off start of DATABASE_URL leaked: {raised.value}"


def test_a_short_value_is_redacted_as_a_word_without_mangling_railways_text(client, fake_railway):
    fake_railway.inject(Fault("VariableCollectionWrite", graphql_error="Input could not be construed", echo_variables=True))
    with pytest.raises(RailwayGraphQLError) as raised:
        write(client, {"CORS_CREDENTIALS": "true"})
    assert "Railway answered: Input could not be construed; found:" in str(raised.value), str(raised.value)
