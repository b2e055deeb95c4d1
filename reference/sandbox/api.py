"""The four operations and the OTP page's confirmation, as functions of (body, state).

HTTP parsing, spec validation, the journal and error containment live in
:mod:`reference.sandbox.app`: a body reaches an operation here only once it satisfies the
spec (:meth:`SandboxApi.violations` is empty). This module knows the document's behaviour
(and the faults that bend it).
"""

from __future__ import annotations

import hmac
import itertools
import math
import secrets
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from openapi.rules import Violation, request_violations
from reference.sandbox.config import FEE_RATE, MAX_WRONG_OTPS, TEST_CHARGE, SandboxConfig
from reference.sandbox.envelope import WRONG_OTP, JSONDict, error, mask_phone, success
from reference.sandbox.store import Binding, Store

TASHKENT = timedelta(hours=5)  # C-35


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

    def violations(self, operation_id: str, body: object) -> list[Violation]:
        found = request_violations(operation_id, body, today=self.today())
        ignored = set()
        if self.config.fault("bind-accepts-luhn-invalid"):
            ignored.add("pan.luhn")
        if self.config.fault("bind-accepts-month-13"):
            ignored.add("exp.month")
        return [v for v in found if v.rule not in ignored]

    def rejection(self, found: list[Violation], body: object) -> JSONDict:
        """Error 1 naming every broken rule."""
        message = "; ".join(v.message for v in found)
        if self.config.fault("error-echoes-pan") and isinstance(body, dict) and "pan" in body:
            message += f" (pan {body['pan']})"
        return self._error(2 if self.config.fault("error-format-code-2") else 1, message)

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
        pan = body["pan"]
        pan_hash = self.store.vault.lookup_hash(pan)
        with self.store.transaction() as db:
            if self.store.transaction_id_used(
                db, body["octo_shop_id"], body["shop_transaction_id"]
            ):
                return self._error(1, "shop_transaction_id was already used by this shop (C-37)")
            taken = self.store.card_is_taken(db, body["octo_shop_id"], pan_hash)
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
            "status": "created",
            "octo_pay_url": pay_url(binding.payment_uuid),
            **sums,
        }
        if self.config.fault("bind-missing-pay-url"):
            del data["octo_pay_url"]
        return success(data)

    def seconds_left(self, binding: Binding) -> int:
        if binding.status != "created":
            return 0
        left = math.ceil(binding.otp_expires_at - self.clock())
        return left if self.config.fault("verify-negative-seconds") else max(0, left)

    def verification_info(self, body: Any) -> JSONDict:
        with self.store.transaction() as db:
            binding = self.store.binding(db, body["octo_payment_UUID"])
        if binding is None:
            return self._error(1, "payment not found")
        phone = binding.card["phone"]
        shown = "+" + phone if self.config.fault("verify-unmasked-phone") else mask_phone(phone)
        data = {
            "verifyId": binding.verify_id,
            "phone": shown,
            "secondsLeft": self.seconds_left(binding),
        }
        return success(data, errMessage="")

    def check_sms_key(self, body: Any, status_url: Callable[[str], str]) -> JSONDict:
        if problem := self.unauthorised(body):
            return problem
        with self.store.transaction() as db:
            binding = self.store.binding(db, body["paymentUUID"])
            if binding is None or binding.shop_id != body["octo_shop_id"]:
                return self._error(1, "payment not found")
            if binding.method == "bank_card":
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
            right = hmac.compare_digest(body["smsKey"].encode(), self.config.otp_code.encode())
            if not right and not self.config.fault("sms-accepts-any-otp"):
                return self._wrong_code(db, binding)[0]
            self._confirm(db, binding)
        return self._confirmation(binding, status_url(binding.payment_uuid))

    def _wrong_code(self, db: Any, binding: Binding) -> tuple[JSONDict, bool]:
        """Count a wrong OTP; the answer, and whether the binding has now failed (C-16)."""
        wrong = binding.wrong_otps + 1
        self.store.update_binding(db, binding.payment_uuid, wrong_otps=wrong)
        if wrong < MAX_WRONG_OTPS:
            left = MAX_WRONG_OTPS - wrong
            return self._error(
                WRONG_OTP, f"wrong confirmation code ({left} attempt(s) left)"
            ), False
        self.store.update_binding(db, binding.payment_uuid, status="failed")
        token = self.new_token()
        self.store.insert_token(db, token, binding.shop_id, binding.payment_uuid, "failed")
        if binding.bind_notify_url:
            self._enqueue(db, binding, token, "failed")
        return self._error(
            WRONG_OTP, "wrong confirmation code; attempts exhausted, the binding failed"
        ), True

    def _confirm(self, db: Any, binding: Binding) -> None:
        """Mark the binding succeeded, issue its token and queue the callback."""
        payed = self._tashkent_now().strftime("%Y-%m-%d %H:%M:%S")
        binding.payed_time = payed
        self.store.update_binding(db, binding.payment_uuid, status="succeeded", payed_time=payed)
        token = self.new_token()
        # without bind_notify_url nobody can acknowledge: the token is active at once (C-18)
        status = "init" if binding.bind_notify_url else "active"
        self.store.insert_token(db, token, binding.shop_id, binding.payment_uuid, status)
        if binding.bind_notify_url:
            self._enqueue(db, binding, token, "active")

    def _enqueue(self, db: Any, binding: Binding, token: str, status: str) -> None:
        assert binding.bind_notify_url is not None
        card = binding.card
        payload = {
            "shop_transaction_id": binding.shop_transaction_id,
            "pan": card["pan"],
            "exp": card["exp"][2:] + card["exp"][:2]
            if self.config.fault("callback-wrong-exp")
            else card["exp"],
            "cardHolderName": card["cardHolderName"],
            "card_token": token,
            "status": status,
        }
        if self.config.fault("callback-missing-token"):
            del payload["card_token"]
        attempts = self.config.callback_attempts
        if self.config.fault("callback-single-attempt"):
            attempts = 1
        elif self.config.fault("callback-endless-retries"):
            attempts = 6
        self.store.enqueue(
            db, binding.payment_uuid, token, binding.bind_notify_url, payload, attempts
        )

    def _confirmation(self, binding: Binding, status_url: str) -> JSONDict:
        pan = binding.card["pan"]
        data: JSONDict = {
            "shop_transaction_id": binding.shop_transaction_id,
            "octo_payment_UUID": binding.payment_uuid,
            "status": "succeeded",
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
        top = {k: v for k, v in data.items() if k not in ("first6", "last4")}
        if self.config.fault("sms-top-level-drift"):
            top["status"] = "created"
        return success(data, apiMessageForDevelopers=API_MESSAGE, **top)

    def confirm_on_page(self, payment_uuid: str, code: str) -> tuple[str, Binding | None]:
        """The Visa/MC OTP page: ``("confirmed"|"wrong"|"failed"|"closed", binding)``."""
        with self.store.transaction() as db:
            binding = self.store.binding(db, payment_uuid)
            if (
                binding is None
                or binding.status != "created"
                or self.clock() > binding.otp_expires_at
            ):
                return "closed", binding
            right = hmac.compare_digest(code.encode(), self.config.otp_code.encode())
            if right or self.config.fault("paypage-ignores-code"):
                self._confirm(db, binding)
                return "confirmed", binding
            failed = self._wrong_code(db, binding)[1]
        return ("failed" if failed else "wrong"), binding

    def block_card_token(self, body: Any) -> JSONDict:
        if problem := self.unauthorised(body):
            return problem
        with self.store.transaction() as db:
            row = self.store.token(db, body["card_token"])
            foreign = row is not None and row["shop_id"] != body["octo_shop_id"]
            if row is None or (foreign and not self.config.fault("block-cross-shop")):
                code = 6 if self.config.fault("block-unknown-is-6") else 5
                return self._error(code, "Token not found")
            if row["status"] != "active" and not (
                row["status"] == "blocked" and self.config.fault("block-twice-ok")
            ):
                return self._error(6, "Token was not in the active status")
            self.store.set_token_status(db, body["card_token"], "blocked")
        if self.config.fault("block-missing-status"):
            return {"error": 0, "errMessage": None}
        return {"error": 0, "errMessage": None, "status": "blocked"}


API_MESSAGE = (
    "Поле errorMessage устарело, просим перейти на errMessage для унификации ответов. "
    "Так же пожалуйста знайте, что в дальнейшем все поля кроме error и errMessage будут "
    "передаваться в data."
)
