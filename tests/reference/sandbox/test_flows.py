"""End-to-end flows over real loopback HTTP, with a real callback receiver (the harness's sink)."""

from __future__ import annotations

from octo_conformance.openapi.rules import schema_violations
from octo_conformance.openapi.spec import load_spec, pointer
from tests.reference.sandbox.helpers import (
    HUMO_PAN,
    OTHER_SECRET,
    OTHER_SHOP,
    VISA_PAN,
    Clock,
    Partner,
    live_sandbox,
    wait_until,
)

SPEC = load_spec()


def conforms(operation_id: str, body: object) -> None:
    op = SPEC.operation(operation_id)
    location = op.location + pointer("responses", "200", "content", "application/json", "schema")
    assert schema_violations(SPEC, location, body) == []


def test_humo_binding_end_to_end(partner: Partner) -> None:
    bound = partner.bind(tx="order-1")
    conforms("bindCard", bound)
    data = bound["data"]
    assert (data["status"], data["refunded_sum"], data["total_sum"]) == ("created", 0, 1000.0)
    assert data["octo_pay_url"].startswith("http://127.0.0.1:")

    info = partner.info(data["octo_payment_UUID"])
    conforms("verificationInfo", info)
    assert info["data"]["phone"] == "+998** *****67"
    assert 0 < info["data"]["secondsLeft"] <= 120

    confirmed = partner.confirm(data["octo_payment_UUID"])
    conforms("checkSmsKey", confirmed)
    assert confirmed["data"]["first6"] == HUMO_PAN[:6]
    assert confirmed["data"]["last4"] == HUMO_PAN[-4:]
    assert confirmed["data"]["refunded_sum"] == confirmed["data"]["total_sum"]
    assert (
        confirmed["status"] == confirmed["data"]["status"] == "succeeded"
    )  # top-level copy (C-11)

    (callback,) = partner.receiver.wait_for("order-1", 1)
    assert callback["status"] == "active"
    assert (callback["shop_transaction_id"], callback["pan"], callback["exp"]) == (
        partner.tx("order-1"),
        HUMO_PAN,
        "3005",
    )
    assert len(callback["card_token"]) >= 22
    assert partner.info(data["octo_payment_UUID"])["data"]["secondsLeft"] == 0  # no longer pending

    wait_until(lambda: deliveries(partner) == ["delivered"])  # acknowledged: token active
    token = callback["card_token"]
    assert partner.block(token, OTHER_SHOP, OTHER_SECRET)["error"] == 5  # not its token (C-44)
    blocked = partner.block(token)
    conforms("blockCardToken", blocked)
    assert blocked == {"error": 0, "errMessage": None, "status": "blocked"}
    again = partner.block(token)
    conforms("blockCardToken", again)
    assert (again["error"], again["errMessage"]) == (6, "Token was not in the active status")


def deliveries(partner: Partner) -> list[str]:
    """Callback delivery states, from the sandbox-only outbox view (tests of the sandbox only)."""
    return [d["state"] for d in partner.http.get("/_sandbox/outbox").json()["deliveries"]]


def test_errors_2_5_20(partner: Partner) -> None:
    assert partner.bind(octo_secret="wrong")["error"] == 2
    assert partner.bind(octo_shop_id=99999)["error"] == 2
    assert partner.block("no-such-token")["error"] == 5
    assert partner.bind(tx="a")["error"] == 0
    duplicate = partner.bind(tx="b")
    assert (duplicate["error"], duplicate["errMessage"]) == (
        20,
        "Active or pending token already exists",
    )
    assert (
        partner.bind(tx="c", octo_shop_id=OTHER_SHOP, octo_secret=OTHER_SECRET)["error"] == 0
    )  # per shop


def test_wrong_otps_fail_the_binding_and_send_a_failed_callback(partner: Partner) -> None:
    payment = partner.bind()["data"]["octo_payment_UUID"]
    for _ in range(3):
        answer = partner.confirm(payment, code="000000")
        assert answer["error"] == -270
    assert partner.confirm(payment)["error"] != 0  # the right code is too late now
    (callback,) = partner.receiver.wait_for("tx-1", 1)
    assert callback["status"] == "failed"
    wait_until(lambda: partner.block(callback["card_token"])["error"] == 6)
    assert partner.bind(tx="again")["error"] == 0  # a failed binding frees the card (C-48)


def test_otp_is_single_use_and_verify_id_checked(partner: Partner) -> None:
    payment = partner.bind()["data"]["octo_payment_UUID"]
    verify_id = partner.info(payment)["data"]["verifyId"]
    assert partner.confirm(payment, verify_id=verify_id + 1)["error"] == 1
    assert partner.confirm(payment)["error"] == 0
    assert partner.confirm(payment)["error"] == 1
    partner.receiver.wait_for("tx-1", 1)
    assert len(partner.receiver.about("tx-1")) == 1


def test_callback_retries_then_cancels_the_token(partner: Partner) -> None:
    partner.receiver.plan["tx-1"] = [500, 503, 202]  # 202 is not an acknowledgement (C-27)
    token = partner.bound_token()
    partner.receiver.wait_for("tx-1", 3)
    wait_until(lambda: deliveries(partner) == ["failed"])
    assert len(partner.receiver.about("tx-1")) == 3  # C-02: three attempts in all
    assert partner.block(token)["error"] == 6  # cancelled (C-28)


def test_visa_binding_through_the_otp_page(partner: Partner) -> None:
    bound = partner.bind(pan=VISA_PAN, method="bank_card", cvc2="123")["data"]
    page = partner.http.get(bound["octo_pay_url"])
    assert page.status_code == 200
    assert 'name="otp"' in page.text
    assert "+998** *****67" in page.text
    wrong = partner.http.post(bound["octo_pay_url"], data={"otp": "111111"})
    assert wrong.status_code == 400
    assert "Wrong code" in wrong.text
    done = partner.http.post(bound["octo_pay_url"], data={"otp": "666666"}, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == "http://127.0.0.1:9/return"
    (callback,) = partner.receiver.wait_for("tx-1", 1)
    assert (callback["status"], callback["pan"]) == ("active", VISA_PAN)
    assert partner.confirm(bound["octo_payment_UUID"])["error"] == 1  # not via check_sms_key (C-38)


def test_otp_expiry_counts_down_to_zero_never_below() -> None:
    with live_sandbox(otp_ttl=0.3) as partner:  # a sandbox of its own: OTPs live 0.3 s
        payment = partner.bind()["data"]["octo_payment_UUID"]
        wait_until(lambda: partner.info(payment)["data"]["secondsLeft"] == 0)
        assert partner.confirm(payment)["error"] == 1


def test_without_bind_notify_url_the_token_is_active_at_once(partner: Partner) -> None:
    payment = partner.bind(bind_notify_url=..., notify_url=...)["data"]["octo_payment_UUID"]
    assert partner.confirm(payment)["error"] == 0
    assert deliveries(partner) == []


def test_a_card_verifying_sandbox_binds_only_the_listed_cards() -> None:
    # ``serve --cards FILE``: "Our BE sends a request to Humo/Uzcard to verify the card details"
    with live_sandbox(cards=frozenset({(HUMO_PAN, "3005")})) as partner:
        assert partner.bind()["error"] == 0
        other = partner.bind(tx="tx-2", pan="9860000000000018")
        assert other["error"] == 1
        assert "did not confirm the card" in other["errMessage"]
        wrong_exp = partner.bind(tx="tx-3", exp="3006")
        assert wrong_exp["error"] == 1


def test_a_binding_whose_otp_expired_no_longer_holds_the_card() -> None:
    clock = Clock()
    with live_sandbox(clock=clock, otp_ttl=60) as partner:
        assert partner.bind()["error"] == 0
        assert partner.bind(tx="tx-2")["error"] == 20  # pending: "Active or pending token"
        clock.advance(61)  # the first binding can never be confirmed now
        assert partner.bind(tx="tx-3")["error"] == 0
