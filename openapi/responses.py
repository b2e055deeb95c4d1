"""The documented answers: which schema a success of each operation has, and how an answer
deviates from it (pure spec logic, shared by the provider suite and the contract checks)."""

from __future__ import annotations

from typing import Any, Final

from octo_conformance.openapi.spec import load_spec

SUCCESS_SCHEMAS: Final = {
    "bindCard": "BindCardSuccess",
    "verificationInfo": "VerificationInfoSuccess",
    "checkSmsKey": "CheckSmsKeySuccess",
    "blockCardToken": "BlockCardTokenSuccess",
}


def answer_schema(operation_id: str, error: Any) -> str:
    """The component an answer is judged against: the success schema for error 0, else the
    error envelope."""
    return SUCCESS_SCHEMAS[operation_id] if error == 0 else "ErrorEnvelope"


def schema_problems(operation_id: str, data: Any) -> list[str]:
    """Deviations from the documented answer: the success schema for error 0, else the envelope.

    A missing errMessage is left to PROV-ENV-001, which knows C-10's errorMessage tolerance.
    """
    if not isinstance(data, dict):
        return [f"Received a JSON {type(data).__name__}; Documented: an object"]
    name = answer_schema(operation_id, data.get("error"))
    problems = []
    for issue in load_spec().component_validator(name).iter_errors(data):
        if issue.validator == "required" and "'errMessage'" in issue.message and not issue.path:
            continue
        if issue.validator == "maxLength":
            # the document sets no lengths: the spec's maxLength bounds what a partner should
            # send (the grey zone, openapi/zones.py); an answer echoing a longer value the
            # target accepted deviates from nothing the document says
            continue
        where = "/".join(str(p) for p in issue.absolute_path) or "(root)"
        problems.append(f"{where}: {issue.message} (Documented: {name})")
    return problems
