"""Request bodies of every operation: valid ones per method, and ones with one named defect."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Final

from hypothesis import strategies as st

from octo_conformance.openapi.cards import METHODS
from octo_conformance.strategies._arguments import (
    check_choice,
    check_date,
    check_int,
    check_text,
    fixed_or,
)
from octo_conformance.strategies._cache import cached_strategy
from octo_conformance.strategies.broken import (
    Body,
    Broken,
    Defect,
    one_defect,
    replace,
    replace_with,
    schema_defects,
)
from octo_conformance.strategies.cards import PAN_DEFECTS, invalid_pans, pans
from octo_conformance.strategies.expiry import EXPIRY_DEFECTS, expiry_dates, invalid_expiry_dates
from octo_conformance.strategies.identifiers import (
    LOOPBACK_CALLBACK_URL,
    LOOPBACK_RETURN_URL,
    card_tokens,
    payment_uuids,
    shop_transaction_ids,
)
from octo_conformance.strategies.names import (
    NAME_DEFECTS,
    card_holder_names,
    invalid_card_holder_names,
)
from octo_conformance.strategies.phones import PHONE_DEFECTS, invalid_phones, phones

DEFAULT_SHOP_ID: Final = 10000
DEFAULT_SECRET: Final = "sandbox-secret"
METHOD_NAMES: Final = tuple(METHODS)

_BAD_URLS = st.sampled_from(
    ["notify-url.uz", "ftp://notify-url.uz/cb", "//notify-url.uz/cb", "javascript:alert(1)"]
)
_BAD_METHODS = st.sampled_from(["visa", "mastercard", "HUMO", "Uzcard", "card", "humo "])
_BAD_SHOP_IDS = st.integers(-(10**6), 0)


def _credentials(shop_id: int, secret: str) -> None:
    check_int("shop_id", shop_id, low=1, high=2**31 - 1)
    check_text("secret", secret)


@cached_strategy
def bind_card_requests(
    *,
    today: date,
    method: str | None = None,
    shop_id: int = DEFAULT_SHOP_ID,
    secret: str = DEFAULT_SECRET,
    bind_notify_url: str = LOOPBACK_CALLBACK_URL,
    return_url: str = LOOPBACK_RETURN_URL,
) -> st.SearchStrategy[Body]:
    """Valid ``bind_card`` bodies: the card's scheme matches ``method`` (any when None), the
    expiry is valid on ``today``; Humo/Uzcard send an empty ``cvc2``, Visa/MC three digits."""
    check_date("today", today)
    check_choice("method", method, METHOD_NAMES)
    _credentials(shop_id, secret)
    check_text("bind_notify_url", bind_notify_url)
    check_text("return_url", return_url)

    def for_method(m: str) -> st.SearchStrategy[Body]:
        card = st.sampled_from(METHODS[m]).flatmap(lambda s: pans(scheme=s))
        cvc2 = st.just("") if m != "bank_card" else st.text("0123456789", min_size=3, max_size=3)
        return st.fixed_dictionaries(
            {
                "octo_shop_id": st.just(shop_id),
                "octo_secret": st.just(secret),
                "shop_transaction_id": shop_transaction_ids(),
                "pan": card,
                "exp": expiry_dates(today=today),
                "phone": phones(),
                "cardHolderName": card_holder_names(),
                "cvc2": cvc2,
                "method": st.just(m),
                "return_url": st.just(return_url),
                "notify_url": st.just(bind_notify_url),
                "bind_notify_url": st.just(bind_notify_url),
            }
        )

    # built once per method, not on every draw (most of the drawing time when it was)
    return st.sampled_from((method,) if method else METHOD_NAMES).flatmap(cache(for_method))


def _pan_defects(kind: str) -> Defect:
    def bad_pan(body: Body) -> st.SearchStrategy[str]:
        return _bad_pans(kind, body.get("method", ""))

    return Defect(f"pan.{PAN_DEFECTS[kind]}", f"pan: {kind}", replace_with("pan", bad_pan))


@cache
def _bad_pans(kind: str, method: str) -> st.SearchStrategy[str]:
    schemes = METHODS.get(method, ("humo",))
    return st.sampled_from(schemes).flatmap(lambda s: invalid_pans(kind=kind, scheme=s))


def _mismatched_pan(body: Body) -> st.SearchStrategy[str]:
    return _pans_of_other_methods(body["method"])


@cache
def _pans_of_other_methods(method: str) -> st.SearchStrategy[str]:
    others = tuple(s for m, schemes in METHODS.items() if m != method for s in schemes)
    return st.sampled_from(others).flatmap(lambda s: pans(scheme=s))


def _card_defects(today: date, *, expired_is_defect: bool) -> list[Defect]:
    """Defects of the card fields shared by bind_card and the callback."""
    return [
        *(_pan_defects(kind) for kind in PAN_DEFECTS),
        *(
            Defect(f"exp.{rule}", f"exp: {kind}", replace("exp", invalid_expiry_dates(today=today, kind=kind)))
            for kind, rule in EXPIRY_DEFECTS.items()
            if expired_is_defect or kind != "expired"
        ),
        *(
            Defect(f"cardHolderName.{rule}", f"cardHolderName: {kind}",
                   replace("cardHolderName", invalid_card_holder_names(kind=kind)))
            for kind, rule in NAME_DEFECTS.items()
        ),
        Defect("shop_transaction_id.empty", "shop_transaction_id: empty",
               replace("shop_transaction_id", st.just(""))),
    ]  # fmt: skip


def _credential_defects() -> list[Defect]:
    return [
        Defect("octo_shop_id.range", "octo_shop_id: zero or negative", replace("octo_shop_id", _BAD_SHOP_IDS)),
        Defect("octo_secret.empty", "octo_secret: empty", replace("octo_secret", st.just(""))),
    ]  # fmt: skip


def bind_card_defects(today: date) -> list[Defect]:
    return [
        *schema_defects("bindCard"),
        *_credential_defects(),
        *_card_defects(today, expired_is_defect=True),
        Defect("pan.method", "pan: another scheme than method", replace_with("pan", _mismatched_pan)),
        *(
            Defect(f"phone.{rule}", f"phone: {kind}", replace("phone", invalid_phones(kind=kind)))
            for kind, rule in PHONE_DEFECTS.items()
        ),
        Defect("method.enum", "method: undocumented value", replace("method", _BAD_METHODS)),
        Defect("cvc2.pattern", "cvc2: not 3-4 digits",
               replace("cvc2", st.sampled_from(["1", "12", "12345", "12a", "abc"]))),
        *(
            Defect(f"{url}.pattern", f"{url}: not an absolute http(s) URL", replace(url, _BAD_URLS))
            for url in ("return_url", "notify_url", "bind_notify_url")
        ),
    ]  # fmt: skip


@cached_strategy
def broken_bind_card_requests(
    *,
    today: date,
    rule: str | None = None,
    method: str | None = None,
    shop_id: int = DEFAULT_SHOP_ID,
    secret: str = DEFAULT_SECRET,
) -> st.SearchStrategy[Broken]:
    """``bind_card`` bodies that break exactly ``rule`` (see ``strategies.catalogue``)."""
    valid = bind_card_requests(today=today, method=method, shop_id=shop_id, secret=secret)
    return one_defect(valid, bind_card_defects(today), rule)


def verification_info_requests(*, payment_uuid: str | None = None) -> st.SearchStrategy[Body]:
    """``{"octo_payment_UUID": ...}`` (C-07)."""
    uuids = fixed_or(payment_uuid, payment_uuids())
    return st.fixed_dictionaries({"octo_payment_UUID": uuids})


_BAD_UUIDS = st.one_of(
    st.sampled_from(["not-a-uuid", "{{bind_octo_payment_UUID}}", "06000144-db56-47b6-9eba"]),
    st.uuids().map(lambda u: u.hex),
)


def verification_info_defects() -> list[Defect]:
    return [
        *schema_defects("verificationInfo"),
        Defect("octo_payment_UUID.format", "octo_payment_UUID: not a UUID",
               replace("octo_payment_UUID", _BAD_UUIDS)),
    ]  # fmt: skip


@cached_strategy
def broken_verification_info_requests(*, rule: str | None = None) -> st.SearchStrategy[Broken]:
    return one_defect(verification_info_requests(), verification_info_defects(), rule)


def check_sms_key_requests(
    *,
    shop_id: int = DEFAULT_SHOP_ID,
    secret: str = DEFAULT_SECRET,
    payment_uuid: str | None = None,
    verify_id: int | None = None,
    sms_key: str | None = None,
) -> st.SearchStrategy[Body]:
    """``check_sms_key`` bodies; fixed values where given, generated ones elsewhere."""
    _credentials(shop_id, secret)
    return st.fixed_dictionaries(
        {
            "octo_shop_id": st.just(shop_id),
            "octo_secret": st.just(secret),
            "smsKey": fixed_or(sms_key, st.text("0123456789", min_size=5, max_size=6)),
            "paymentUUID": fixed_or(payment_uuid, payment_uuids()),
            "verifyId": fixed_or(verify_id, st.integers(1, 10**9)),
        }
    )  # fmt: skip


def check_sms_key_defects() -> list[Defect]:
    return [
        *schema_defects("checkSmsKey"),
        *_credential_defects(),
        Defect("paymentUUID.format", "paymentUUID: not a UUID", replace("paymentUUID", _BAD_UUIDS)),
        Defect("smsKey.pattern", "smsKey: not 4-8 digits",
               replace("smsKey", st.sampled_from(["", "12", "abcde", "123456789", "12 34"]))),
        Defect("verifyId.range", "verifyId: negative", replace("verifyId", st.integers(-(10**6), -1))),
    ]  # fmt: skip


@cached_strategy
def broken_check_sms_key_requests(*, rule: str | None = None) -> st.SearchStrategy[Broken]:
    return one_defect(check_sms_key_requests(), check_sms_key_defects(), rule)


def block_card_token_requests(
    *,
    shop_id: int = DEFAULT_SHOP_ID,
    secret: str = DEFAULT_SECRET,
    card_token: str | None = None,
) -> st.SearchStrategy[Body]:
    _credentials(shop_id, secret)
    return st.fixed_dictionaries(
        {
            "octo_shop_id": st.just(shop_id),
            "octo_secret": st.just(secret),
            "card_token": fixed_or(card_token, card_tokens()),
        }
    )


def block_card_token_defects() -> list[Defect]:
    return [
        *schema_defects("blockCardToken"),
        *_credential_defects(),
        Defect("card_token.empty", "card_token: empty", replace("card_token", st.just(""))),
    ]


@cached_strategy
def broken_block_card_token_requests(*, rule: str | None = None) -> st.SearchStrategy[Broken]:
    return one_defect(block_card_token_requests(), block_card_token_defects(), rule)


def card_defects(today: date) -> list[Defect]:
    """The card-field defects a callback payload can carry (an old expiry is not one)."""
    return _card_defects(today, expired_is_defect=False)
