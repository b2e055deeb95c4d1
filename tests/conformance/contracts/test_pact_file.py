"""Reading a pact file: V2, V3 and V4 JSON into one shape, and the clear errors of bad files."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest

from octo_conformance.contracts.pact_file import (
    NO_BODY,
    ProviderState,
    load_interactions,
    read_pact,
)
from octo_conformance.errors import PactFileError
from tests.conformance.contracts.test_check import (
    BIND_SUCCESS,
    PACTS,
    bind_request,
    v4_interaction,
    v4_pact,
)

# ---- versions -------------------------------------------------------------------------------


def test_a_v2_pact_keeps_its_provider_state() -> None:
    pact = read_pact(PACTS / "v2-provider-state.json")
    assert pact.specification == "2.0.0"
    [interaction] = pact.interactions
    assert interaction.provider_states == (ProviderState("a card token exists", {}),)
    assert interaction.request_content_type == "application/json"
    assert interaction.request_body["card_token"] == "sdf9g87sd6f9g876sdf9g876sdf98g"


STATE = {"name": "the shop exists", "params": {}}
RESPONSE = {"error": 2, "errMessage": "Wrong secret"}


def same_content_in(version: str) -> dict[str, Any]:
    """One interaction (query, headers, state, bodies) written the way ``version`` writes it."""
    request, query = bind_request(), {"lang": ["ru"], "x": ["1", "2"]}
    interaction: dict[str, Any] = {"description": "bind with a wrong secret"}
    if version == "2.0.0":
        interaction["providerState"] = STATE["name"]
        interaction["request"] = {
            "method": "post",  # old writers use lower case
            "path": "/bind_card",
            "query": "lang=ru&x=1&x=2",
            "headers": {"Content-Type": "application/json"},
            "body": request,
        }
        interaction["response"] = {
            "status": 200,
            "headers": {"Content-Type": "application/json"},
            "body": RESPONSE,
        }
    elif version == "3.0.0":
        interaction["providerStates"] = [STATE]
        interaction["request"] = {
            "method": "POST",
            "path": "/bind_card",
            "query": query,
            "headers": {"Content-Type": "application/json"},
            "body": request,
        }
        interaction["response"] = {
            "status": 200,
            "headers": {"Content-Type": "application/json"},
            "body": RESPONSE,
        }
    else:
        interaction = v4_interaction(request, RESPONSE, description=interaction["description"])
        interaction["providerStates"] = [STATE]
        interaction["request"]["query"] = query
        interaction["request"]["headers"] = {"Content-Type": ["application/json"]}
        interaction["response"]["headers"] = {"Content-Type": ["application/json"]}
    return {
        "consumer": {"name": "acme-shop"},
        "provider": {"name": "octo-tokenization"},
        "interactions": [interaction],
        "metadata": {"pactSpecification": {"version": version}},
    }


def test_v2_v3_and_v4_read_into_the_same_interactions() -> None:
    read = [load_interactions(same_content_in(v)) for v in ("2.0.0", "3.0.0", "4.0")]
    assert read[0] == read[1] == read[2]
    [interaction] = read[0]
    assert interaction.method == "POST"
    assert interaction.query == {"lang": ["ru"], "x": ["1", "2"]}
    assert interaction.request_headers == {"content-type": ["application/json"]}
    assert interaction.response_body == RESPONSE


def test_a_pact_without_metadata_is_read_as_v2() -> None:
    pact = same_content_in("2.0.0")
    del pact["metadata"]
    assert load_interactions(pact) == load_interactions(same_content_in("3.0.0"))


def test_v4_bodies_are_decoded_as_they_are_encoded() -> None:
    request = bind_request()
    encoded = v4_interaction(request, BIND_SUCCESS)
    encoded["request"]["body"] = {
        "content": base64.b64encode(json.dumps(request).encode()).decode(),
        "contentType": "application/json",
        "encoded": "base64",
    }
    as_text = v4_interaction(request, BIND_SUCCESS)
    as_text["request"]["body"] = {
        "content": json.dumps(request),
        "contentType": "application/json",
        "encoded": "json",
    }
    without = v4_interaction(request, BIND_SUCCESS)
    del without["request"]["body"], without["response"]["body"]
    first, second, third = load_interactions(v4_pact(encoded, as_text, without))
    assert first.request_body == second.request_body == request
    assert third.request_body is NO_BODY
    assert third.response_body is NO_BODY


def test_message_interactions_are_skipped_and_counted() -> None:
    message = {"type": "Asynchronous/Messages", "description": "a binding event", "contents": {}}
    http = v4_interaction(bind_request(), BIND_SUCCESS)
    pact = read_pact(v4_pact(message, http))
    assert (len(pact.interactions), pact.skipped) == (1, 1)


# ---- malformed files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "top level is a JSON array"),
        ('{"consumer": {"name": "a"}, "provider": {"name": "b"}}', "no interactions"),
        ('{"interactions": []}', "no interactions"),
        ('{"interactions": {"a": 1}}', "interactions is a JSON object"),
        ('{"interactions": [42]}', "interactions[0] is a JSON number"),
        ('{"interactions": [{"description": "x", "request": {"path": "/"}}]}', "needs a request"),
        (
            '{"interactions": [{"request": {"method": "POST", "path": "/"}, "response": {}}]}',
            "integer status",
        ),
    ],
)
def test_a_malformed_file_raises_a_clear_error(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "partner.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PactFileError, match=re.escape(words)) as raised:
        read_pact(path)
    assert str(path) in str(raised.value)


def test_a_missing_file_raises_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PactFileError, match="cannot read"):
        read_pact(tmp_path / "absent.json")


def test_bad_base64_raises_a_clear_error() -> None:
    interaction = v4_interaction({}, {})
    interaction["request"]["body"] = {"content": "%%%", "encoded": "base64"}
    with pytest.raises(PactFileError, match="base64"):
        read_pact(v4_pact(interaction))
