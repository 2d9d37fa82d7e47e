"""Nothing secret reaches Pulumi's state through the provider: no token, no client, no plaintext secret."""

from __future__ import annotations

import base64
import json

import dill
import pytest
from pulumi.dynamic.dynamic import serialize_provider

from tests.railway.backend_set import RECIPES, BackendSet, create_backend_set


@pytest.fixture
def backend(fake_railway) -> BackendSet:
    return create_backend_set()


@pytest.mark.parametrize("kind", list(RECIPES))
def test_the_provider_pickled_into_state_holds_no_token_and_no_client(backend, railway_token, kind):
    # After it has worked: a provider that cached its client or token would show it now.
    pickled = base64.b64decode(serialize_provider(backend[kind].provider))
    assert railway_token.encode() not in pickled, f"the {kind} provider pickled into state carries the token"
    assert vars(dill.loads(pickled)) == {}, f"the {kind} provider pickled into state carries state: {vars(dill.loads(pickled))}"


@pytest.mark.parametrize("kind", list(RECIPES))
def test_outputs_hold_no_token_when_it_comes_from_the_environment(backend, railway_token, kind):
    assert railway_token not in json.dumps(backend[kind].outs), f"{kind} outputs carry the RAILWAY_TOKEN value"
