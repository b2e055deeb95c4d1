"""The four operations and the OTP page's confirmation, as functions of (body, state).

HTTP parsing, spec validation, the journal and error containment live in
:mod:`reference.sandbox.app`: a body reaches an operation here only once it satisfies the
spec (:meth:`SandboxApi.violations` is empty). This module knows the document's behaviour
(and the faults that bend it, and the variants that read it otherwise).
"""

from __future__ import annotations

import copy
import hmac
import itertools
import math
import secrets
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from typing import Any, Final

import httpx

from octo_conformance.openapi.cards import METHODS, is_luhn_valid, scheme_of
from octo_conformance.openapi.rules import Violation, request_violations
from octo_conformance.openapi.spec import Spec, load_spec
from octo_conformance.reference.sandbox.config import (
    FEE_RATE,
    MAX_WRONG_OTPS,
    TEST_CHARGE,
    SandboxConfig,
)
from octo_conformance.reference.sandbox.envelope import (
    WRONG_OTP,
    JSONDict,
    error,
    mask_phone,
    mask_phone_digits,
    success,
)
from octo_conformance.reference.sandbox.store import Binding, Store

TASHKENT = timedelta(hours=5)  # C-35

# variant grey-refusal-code-3: the rules C-14 tolerates (their refusal code is not documented)
TOLERABLE_RULES: Final = frozenset(
    {
        *("octo_shop_id.type", "verifyId.type", "exp.expired", "cvc2.pattern"),
        *("return_url.required", "cardHolderName.required", "cardHolderName.length"),
        *("phone.charset", "phone.length", "phone.country"),
        *("pan.method", "pan.grouped", "pan.bin", "pan.length"),
        *("return_url.pattern", "notify_url.pattern", "bind_notify_url.pattern"),
    }
)
TOLERABLE_CODE: Final = 3
# variant no-length-limits: schemas whose maxLength the document never set; optional fields
# whose null counts as absent
UNLIMITED_SCHEMAS: Final = ("ShopTransactionId", "Url", "CardHolderName")
NULLABLE_OPTIONAL: Final = ("cvc2", "notify_url", "bind_notify_url")
URL_FIELDS: Final = ("return_url", "notify_url", "bind_notify_url")


def sendable(url: str) -> bool:
    """Whether httpx can send to ``url`` (and a Location header can carry it): the spec's
    ``^https?://`` pattern lets ``http://[::1/cb`` through, and the outbox would choke on it."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, UnicodeError, ValueError):
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.host)


UNKNOWN_PAYMENT_PHONE: Final = "+998** *****00"  # variant verify-unknown-zero: masked, no digits


@cache
def spec_without_max_lengths() -> Spec:
    """The spec with no ``maxLength`` on :data:`UNLIMITED_SCHEMAS` (variant no-length-limits)."""
    base = load_spec()
    document = copy.deepcopy(base.document)
    for name in UNLIMITED_SCHEMAS:
        document["components"]["schemas"][name].pop("maxLength", None)
    return Spec(document, source=base.source)


class SandboxApi:
    def __init__(
        self, config: SandboxConfig, store: Store, clock: Callable[[], float] = time.time
    ) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self._sequence = itertools.count(1)
        self.extra_shops: dict[int, str] = {}  # shops a Pact provider state created

    # helpers ----------------------------------------------------------------------------
    def _error(self, code: int, message: str) -> JSONDict:
        return error(code, message, with_message=not self.config.fault("error-without-errmessage"))

    def _tashkent_now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC) + TASHKENT

    def today(self) -> date:
        return self._tashkent_now().date()

    def violations(
        self, operation_id: str, body: object, *, accepting: bool = True
    ) -> list[Violation]:
        """The rules ``body`` breaks, less those an accepts fault turns off (``accepting``)."""
        spec = None
        if self.config.variant("no-length-limits"):
            spec = spec_without_max_lengths()
            if operation_id == "bindCard" and isinstance(body, dict):
                body = {k: v for k, v in body.items() if not (k in NULLABLE_OPTIONAL and v is None)}
        found = request_violations(operation_id, body, today=self.today(), spec=spec)
        ignored = set(self.config.accepted_rules(operation_id) if accepting else ())
        if self.config.fault("bind-accepts-luhn-invalid"):
            ignored.add("pan.luhn")
        if self.config.fault("bind-accepts-month-13"):
            ignored.add("exp.month")
        found = [v for v in found if v.rule not in ignored and not self._edge_slips(v, body)]
        pan = body.get("pan") if isinstance(body, dict) else None
        if (
            operation_id == "bindCard"
            and (self.config.variant("unknown-bin-accepted") or self.config.variant("pan-16-to-19"))
            and isinstance(pan, str)
            and pan.isascii()
            and pan.isdigit()
        ):
            assert isinstance(body, dict)
            again = self._pan_violation(pan, body.get("method"))
            found = sorted([v for v in found if v.field != "pan"] + ([again] if again else []))
        return found

    def _edge_slips(self, violation: Violation, body: Any) -> bool:
        """The boundary faults: a violation just past its rule's edge is let through."""
        value = body.get(violation.field) if isinstance(body, dict) else None
        if not isinstance(value, str):
            return False
        if violation.rule == "exp.month" and self.config.fault("bind-month-off-by-one"):
            return value[2:] in ("00", "13")
        if violation.rule == "phone.length" and self.config.fault("bind-accepts-local-phone"):
            return len(value) == 9 and value.isdigit()
        return False

    def _pan_violation(self, pan: str, method: object) -> Violation | None:
        """A digits-only PAN's rule under variants unknown-bin-accepted and pan-16-to-19."""
        scheme = scheme_of(pan)
        if scheme is None and not self.config.variant("unknown-bin-accepted"):
            message = "pan: card number's BIN belongs to no supported scheme"
            return Violation("pan", "pan.bin", message)
        if self.config.variant("pan-16-to-19"):
            lengths: tuple[int, ...] = (16, 17, 18, 19)
        else:  # an unknown BIN is held to the 16 digits of every PAN the document shows
            lengths = scheme.lengths if scheme else (16,)
        if len(pan) not in lengths:
            shown = f"{lengths[0]}-{lengths[-1]}" if len(lengths) > 1 else str(lengths[0])
            return Violation(
                "pan", "pan.length", f"pan: card number must have {shown} digits, got {len(pan)}"
            )
        if not is_luhn_valid(pan):
            return Violation("pan", "pan.luhn", "pan: card number fails the Luhn check")
        if scheme and method in METHODS and scheme.name not in METHODS[str(method)]:
            message = f"a {scheme.name} card cannot be bound with method {method}"
            return Violation("pan", "pan.method", message)
        return None

    def rejection(self, found: list[Violation], body: object) -> JSONDict:
        """Error 1 naming every broken rule."""
        message = "; ".join(v.message for v in found)
        if self.config.fault("error-echoes-pan") and isinstance(body, dict) and "pan" in body:
            message += f" (pan {body['pan']})"
        code = 2 if self.config.fault("error-format-code-2") else 1
        if (
            code == 1
            and self.config.variant("grey-refusal-code-3")
            and all(v.rule in TOLERABLE_RULES for v in found)
        ):
            code = TOLERABLE_CODE
        return self._error(code, message)

    def early_answer(self, operation_id: str, body: object) -> JSONDict | None:
        """An answer due before field validation: only under variant duplicate-check-first,
        error 20 for an authenticated bind_card whose card has a pending or active token."""
        if (
            operation_id != "bindCard"
            or not self.config.variant("duplicate-check-first")
            or self.config.fault("bind-no-duplicate-check")
            or not isinstance(body, dict)
        ):
            return None
        shop, secret, pan = body.get("octo_shop_id"), body.get("octo_secret"), body.get("pan")
        if not (
            isinstance(shop, int)
            and not isinstance(shop, bool)
            and isinstance(secret, str)
            and isinstance(pan, str)
        ):
            return None
        if self.unauthorised(body) is not None:
            return None  # no card look-up for a caller we do not know
        with self.store.transaction() as db:
            taken = self.store.card_is_taken(
                db, shop, self.store.vault.lookup_hash(pan), self.clock()
            )
        return self._error(20, "Active or pending token already exists") if taken else None

    def dressed(self, result: JSONDict) -> JSONDict:
        """The envelope as sent; variant errormessage-too: ``errMessage`` on every answer, the
        deprecated ``errorMessage`` beside it on every error (C-10)."""
        if not self.config.variant("errormessage-too"):
            return result
        if result.get("error") == 0:
            return {**result, "errMessage": ""}
        if "errMessage" in result:
            return {**result, "errorMessage": result["errMessage"]}
        return result

    def unauthorised(self, body: JSONDict) -> JSONDict | None:
        # a shop a provider state set up wins: the contract's example credentials
        shop = body["octo_shop_id"]
        expected = self.extra_shops.get(shop) or self.config.shops.get(shop)
        given = body["octo_secret"]
        if self.config.fault("auth-any-secret") and expected is not None:
            return None
        if expected is not None and hmac.compare_digest(expected.encode(), given.encode()):
            return None
        return self._error(1 if self.config.fault("auth-wrong-code") else 2, "Wrong secret")

    def new_token(self) -> str:
        if self.config.fault("guessable-tokens"):
            return f"tok{next(self._sequence):08d}"
        return secrets.token_urlsafe(24)  # 192 bits

    # operations -------------------------------------------------------------------------
    def bind_card(self, body: Any, pay_url: Callable[[str], str]) -> JSONDict:
        if problem := self.unauthorised(body):
            return problem
        unchecked = self.config.accepted_rules("bindCard")  # accepts:bindCard:<url>.pattern
        for key in URL_FIELDS:
            if f"{key}.pattern" in unchecked:
                continue
            if isinstance(body.get(key), str) and not sendable(body[key]):
                return self._error(1, f"{key} is not a URL the sandbox can send to or redirect to")
        if body["method"] == "bank_card" and self.config.fault("bind-refuses-bank-card"):
            return self._error(1, "method bank_card is not supported")
        pan = body["pan"]
        known = self.config.cards
        if known is not None and (pan, body["exp"]) not in known:
            return self._error(1, "The card processor did not confirm the card details")
        pan_hash = self.store.vault.lookup_hash(pan)
        with self.store.transaction() as db:
            if self.store.transaction_id_used(
                db, body["octo_shop_id"], body["shop_transaction_id"]
            ):
                return self._error(1, "shop_transaction_id was already used by this shop (C-37)")
            taken = self.store.card_is_taken(db, body["octo_shop_id"], pan_hash, self.clock())
            if taken and not self.config.fault("bind-no-duplicate-check"):
                return self._error(20, "Active or pending token already exists")
            binding = Binding(
                payment_uuid=str(uuid.uuid4()),
                shop_id=body["octo_shop_id"],
                shop_transaction_id=body["shop_transaction_id"],
                method=body["method"],
                card={k: body[k] for k in ("pan", "exp", "phone", "cardHolderName")},
                return_url=body.get("return_url"),
                bind_notify_url=body.get("bind_notify_url"),
                notify_url=body.get("notify_url"),
                verify_id=self.store.next_verify_id(db),
                status="created",
                otp_expires_at=self.clock() + self.config.otp_ttl,
                wrong_otps=0,
                payed_time=None,
            )
            self.store.insert_binding(db, binding, pan_hash)
        sums: dict[str, Any] = {"refunded_sum": 0, "total_sum": TEST_CHARGE}
        if self.config.fault("bind-string-sums"):
            sums = {k: str(v) for k, v in sums.items()}
        data = {
            "shop_transaction_id": binding.shop_transaction_id,
            "octo_payment_UUID": binding.payment_uuid,
            "status": "pending" if self.config.fault("bind-status-pending") else "created",
            "octo_pay_url": pay_url(binding.payment_uuid),
            **sums,
        }
        if self.config.fault("bind-missing-pay-url"):
            del data["octo_pay_url"]
        if self.config.variant("top-level-copies"):
            return success(data, **data)
        return success(data)

    def seconds_left(self, binding: Binding) -> int:
        counting = (
            binding.status == "succeeded" and self.config.variant("seconds-left-counting")
        ) or (binding.status == "failed" and self.config.fault("verify-seconds-after-failure"))
        if binding.status != "created" and not counting:
            return 0
        left = math.ceil(binding.otp_expires_at - self.clock())
        if counting:
            return max(0, left)
        return left if self.config.fault("verify-negative-seconds") else max(0, left)

    def verification_info(self, body: Any) -> JSONDict:
        with self.store.transaction() as db:
            binding = self.store.binding(db, body["octo_payment_UUID"])
        if binding is None:
            if self.config.variant("verify-unknown-zero"):  # C-15: secondsLeft 0 says it all
                unknown = {"verifyId": 0, "phone": UNKNOWN_PAYMENT_PHONE, "secondsLeft": 0}
                return success(unknown, errMessage="")
            return self._error(1, "payment not found")
        phone = binding.card["phone"]
        if self.config.fault("verify-unmasked-phone"):
            shown = "+" + phone
        elif self.config.variant("phone-mask-digits"):
            shown = mask_phone_digits(phone)
        else:
            shown = mask_phone(phone)
        data = {
            "verifyId": binding.verify_id,
            "phone": shown,
            "secondsLeft": self.seconds_left(binding),
        }
        return success(data, errMessage="")

    def check_sms_key(self, body: Any, status_url: Callable[[str], str]) -> JSONDict:
        if problem := self.unauthorised(body):
            if self.config.fault("auth-after-otp"):
                self._use_up_code(body)
            return problem
        with self.store.transaction() as db:
            binding = self.store.binding(db, body["paymentUUID"])
            if binding is None and self.config.fault("sms-unknown-payment-ok"):
                return success({"octo_payment_UUID": body["paymentUUID"], "status": "failed"})
            foreign = binding is not None and binding.shop_id != body["octo_shop_id"]
            if binding is None or (foreign and not self.config.fault("sms-cross-shop")):
                return self._error(1, "payment not found")
            if binding.method == "bank_card" and not self.config.fault("sms-confirms-bank-card"):
                return self._error(
                    1, "Visa/Mastercard bindings are confirmed on the octo_pay_url page (C-38)"
                )
            if binding.verify_id != body["verifyId"] and not self.config.fault(
                "sms-ignores-verify-id"
            ):
                return self._error(1, "wrong verifyId")
            replay = binding.status == "succeeded" and self.config.fault("sms-otp-replay")
            if binding.status != "created" and not replay:
                return self._error(1, f"binding is already {binding.status}")
            expired = self.clock() > binding.otp_expires_at
            if expired and not replay and not self.config.fault("sms-accepts-expired-otp"):
                return self._error(1, "verification expired; start a new binding")
            right = self._is_right_code(body["smsKey"])
            if not right and not self.config.fault("sms-accepts-any-otp"):
                return self._wrong_code(db, binding)[0]
            if self._fails_verification(binding):
                self._fail(db, binding)
                return self._error(1, "the card failed verification; the binding failed")
            self._confirm(db, binding)
        return self._confirmation(binding, status_url(binding.payment_uuid))

    def _is_right_code(self, code: str) -> bool:
        return hmac.compare_digest(code.encode(), self.config.otp_code.encode())

    def _use_up_code(self, body: JSONDict) -> None:
        """Fault auth-after-otp: the right code of a pending binding is spent before the
        secret is checked; the binding can no longer be confirmed."""
        right = self._is_right_code(body["smsKey"])
        with self.store.transaction() as db:
            binding = self.store.binding(db, body["paymentUUID"])
            if right and binding is not None and binding.status == "created":
                self.store.update_binding(db, binding.payment_uuid, status="failed")

    def _fails_verification(self, binding: Binding) -> bool:
        """Variant unknown-bin-accepted: a card of no known BIN was bound, but no issuer
        confirms it, so its confirmation fails."""
        unknown_bin = scheme_of(binding.card["pan"]) is None
        return unknown_bin and self.config.variant("unknown-bin-accepted")

    def _fail(self, db: Any, binding: Binding) -> None:
        """Mark the binding failed, issue its (failed) token and queue the failed callback."""
        self.store.update_binding(db, binding.payment_uuid, status="failed")
        token = self.new_token()
        self.store.insert_token(db, token, binding.shop_id, binding.payment_uuid, "failed")
        if binding.bind_notify_url:
            self._enqueue(db, binding, token, "failed")

    def _wrong_code(self, db: Any, binding: Binding) -> tuple[JSONDict, bool]:
        """Count a wrong OTP; the answer, and whether the binding has now failed (C-16)."""
        wrong = binding.wrong_otps + 1
        self.store.update_binding(db, binding.payment_uuid, wrong_otps=wrong)
        if wrong < MAX_WRONG_OTPS:
            left = MAX_WRONG_OTPS - wrong
            return self._error(
                WRONG_OTP, f"wrong confirmation code ({left} attempt(s) left)"
            ), False
        self._fail(db, binding)
        return self._error(
            WRONG_OTP, "wrong confirmation code; attempts exhausted, the binding failed"
        ), True

    def _confirm(self, db: Any, binding: Binding) -> None:
        """Mark the binding succeeded, issue its token and queue the callback."""
        payed = self._tashkent_now().strftime("%Y-%m-%d %H:%M:%S")
        if self.config.variant("payed-time-iso"):
            local = datetime.fromtimestamp(self.clock(), timezone(TASHKENT))
            payed = local.isoformat(timespec="seconds")  # 2026-11-29T15:56:52+05:00
        binding.payed_time = payed
        self.store.update_binding(db, binding.payment_uuid, status="succeeded", payed_time=payed)
        # without bind_notify_url nobody can acknowledge: the token is active at once (C-18)
        status = "init" if binding.bind_notify_url else "active"
        earlier = None
        if self.config.fault("rebind-same-token"):
            pan_hash = self.store.vault.lookup_hash(binding.card["pan"])
            earlier = self.store.earlier_token(db, binding.shop_id, pan_hash)
        if earlier is not None:  # the card's blocked token, handed out again
            token = earlier
            self.store.reissue_token(db, token, binding.payment_uuid, status)
        else:
            token = self.new_token()
            self.store.insert_token(db, token, binding.shop_id, binding.payment_uuid, status)
        if binding.bind_notify_url:
            self._enqueue(db, binding, token, "active")
        if binding.notify_url and self.config.variant("payment-notification"):
            notification = {
                "shop_transaction_id": binding.shop_transaction_id,
                "octo_payment_UUID": binding.payment_uuid,
                "status": "succeeded",
                "total_sum": TEST_CHARGE,
                "refunded_sum": 0 if self.config.variant("refund-later") else TEST_CHARGE,
            }
            self.store.enqueue(
                db, binding.payment_uuid, None, binding.notify_url, notification, self._attempts()
            )

    def _attempts(self) -> int:
        """How many times a callback is sent when the partner never acknowledges it (C-02)."""
        if self.config.fault("callback-single-attempt"):
            return 1
        if self.config.fault("callback-endless-retries"):
            return 6
        if self.config.variant("four-deliveries"):
            return 4  # "will resend requests up to three times": 1 + 3
        return self.config.callback_attempts

    def _enqueue(self, db: Any, binding: Binding, token: str, status: str) -> None:
        assert binding.bind_notify_url is not None
        card = binding.card
        payload = {
            "shop_transaction_id": binding.shop_transaction_id,
            "pan": card["pan"],
            "exp": card["exp"][2:] + card["exp"][:2]
            if self.config.fault("callback-wrong-exp")
            else card["exp"],
            "cardHolderName": card["cardHolderName"].upper()
            if self.config.variant("holder-uppercase")
            else card["cardHolderName"],
            "card_token": token,
            "status": status,
        }
        if self.config.fault("callback-missing-token"):
            del payload["card_token"]
        self.store.enqueue(
            db, binding.payment_uuid, token, binding.bind_notify_url, payload, self._attempts()
        )

    def _confirmation(self, binding: Binding, status_url: str) -> JSONDict:
        pan = binding.card["pan"]
        data: JSONDict = {
            "shop_transaction_id": binding.shop_transaction_id,
            "octo_payment_UUID": binding.payment_uuid,
            "status": "processing" if self.config.fault("sms-status-processing") else "succeeded",
            "octo_pay_url": status_url,
            "processor_key": f"{binding.verify_id:012d}",
            "processing_reference": f"{int(self.clock() * 1000)}_{binding.verify_id}",
            "transfer_sum": round(TEST_CHARGE * (1 - FEE_RATE), 2),
            "refunded_sum": 0 if self.config.fault("sms-no-refund") else TEST_CHARGE,
            "total_sum": TEST_CHARGE,
            "payed_time": binding.payed_time,
            "first6": pan[:6],
            "last4": "0000"
            if self.config.fault("sms-wrong-last4") and pan[-4:] != "0000"
            else pan[-4:],
        }
        if self.config.variant("refund-later"):  # refunded after "Our BE notifies the Partner"
            del data["refunded_sum"]
        if self.config.fault("sms-no-echo"):
            del data["shop_transaction_id"]
        if self.config.variant("top-level-copies"):
            top = dict(data)  # every field of data, first6 and last4 included
        else:
            top = {k: v for k, v in data.items() if k not in ("first6", "last4")}
        if self.config.fault("sms-top-level-drift"):
            top["status"] = "created"
        return success(data, apiMessageForDevelopers=API_MESSAGE, **top)

    def confirm_on_page(self, payment_uuid: str, code: str) -> tuple[str, Binding | None]:
        """The Visa/MC OTP page: ``("confirmed"|"wrong"|"failed"|"closed", binding)``."""
        with self.store.transaction() as db:
            binding = self.store.binding(db, payment_uuid)
            right = self._is_right_code(code)
            again = (
                binding is not None
                and binding.status == "succeeded"
                and right
                and self.config.fault("paypage-resubmit-confirms")
            )
            if binding is None or (binding.status != "created" and not again):
                return "closed", binding
            if self.clock() > binding.otp_expires_at and not again:
                return "closed", binding
            if right and self.config.fault("paypage-no-confirm"):
                return "confirmed", binding  # says so, and confirms nothing
            if right or self.config.fault("paypage-ignores-code"):
                if self._fails_verification(binding):
                    self._fail(db, binding)
                    return "failed", binding
                self._confirm(db, binding)
                return "confirmed", binding
            failed = self._wrong_code(db, binding)[1]
        return ("failed" if failed else "wrong"), binding

    def block_card_token(self, body: Any) -> JSONDict:
        if problem := self.unauthorised(body):
            return problem
        with self.store.transaction() as db:
            row = self.store.token(db, body["card_token"])
            if (
                row is not None
                and row["status"] == "failed"
                and self.config.variant("cancel-removes-token")
            ):
                row = None  # cancelled and removed: unknown from now on
            foreign = row is not None and row["shop_id"] != body["octo_shop_id"]
            if row is None or (foreign and not self.config.fault("block-cross-shop")):
                code = 6 if self.config.fault("block-unknown-is-6") else 5
                return self._error(code, "Token not found")
            if row["status"] != "active" and not (
                (row["status"] == "blocked" and self.config.fault("block-twice-ok"))
                or (row["status"] == "init" and self.config.fault("block-init-ok"))
            ):
                return self._error(6, "Token was not in the active status")
            self.store.set_token_status(db, body["card_token"], "blocked")
        if self.config.fault("block-missing-status"):
            return {"error": 0, "errMessage": None}
        if self.config.variant("block-status-in-data"):  # where apiMessageForDevelopers says
            return {"error": 0, "errMessage": None, "data": {"status": "blocked"}}
        return {"error": 0, "errMessage": None, "status": "blocked"}


API_MESSAGE = (
    "Поле errorMessage устарело, просим перейти на errMessage для унификации ответов. "
    "Так же пожалуйста знайте, что в дальнейшем все поля кроме error и errMessage будут "
    "передаваться в data."
)
