"""CardPool: fresh, valid, unique cards per run; public test PANs only against production."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from octo_conformance.errors import NoCardAvailable
from octo_conformance.harness.cards import PUBLIC_TEST_PANS, Card, CardPool
from octo_conformance.openapi.cards import is_luhn_valid, scheme_of
from octo_conformance.openapi.expiry import is_expired
from octo_conformance.openapi.rules import request_violations

TODAY = date(2026, 11, 29)
METHODS = ("humo", "uzcard", "bank_card")


def pool(*, seed: int = 1, nonce: int = 7, production: bool = False) -> CardPool:
    return CardPool(seed=seed, nonce=nonce, today=TODAY, production=production)


@pytest.mark.parametrize("method", METHODS)
def test_cards_are_valid_bind_card_requests(method: str) -> None:
    cards = pool()
    for _ in range(50):
        card = cards.card(method)
        body = {"octo_shop_id": 10000, "octo_secret": "s", "shop_transaction_id": "tx",
                "pan": card.pan, "exp": card.exp, "phone": card.phone,
                "cardHolderName": card.holder, "cvc2": card.cvc2, "method": card.method,
                "return_url": "http://127.0.0.1/return"}  # fmt: skip
        assert request_violations("bindCard", body, today=TODAY) == []


@pytest.mark.parametrize(("method", "schemes"), [("humo", {"humo"}), ("uzcard", {"uzcard"}), ("bank_card", {"visa", "mastercard"})])  # fmt: skip
def test_cards_belong_to_their_method(method: str, schemes: set[str]) -> None:
    cards = pool()
    seen = set()
    for _ in range(200):
        card = cards.card(method)
        scheme = scheme_of(card.pan)
        assert scheme is not None
        seen.add(scheme.name)
        assert len(card.pan) == 16
        assert is_luhn_valid(card.pan)
        assert card.method == method
        assert (card.cvc2 == "") is (method != "bank_card")
        if method == "bank_card":
            assert len(card.cvc2) == 3
            assert card.cvc2.isdigit()
    assert seen == schemes


def test_expiry_lies_3_to_60_months_ahead() -> None:
    cards = pool()
    for _ in range(200):
        exp = cards.card("humo").exp
        assert not is_expired(exp, today=TODAY)
        months = (2000 + int(exp[:2]) - TODAY.year) * 12 + int(exp[2:]) - TODAY.month
        assert 3 <= months <= 60


def test_no_card_is_handed_out_twice() -> None:
    cards = pool()
    pans = [cards.card(m).pan for _ in range(300) for m in METHODS]
    assert len(set(pans)) == len(pans)


def test_no_card_is_handed_out_twice_across_threads() -> None:
    cards = pool()
    pans: list[str] = []
    lock = threading.Lock()

    def draw() -> None:
        for _ in range(100):
            pan = cards.card("uzcard").pan
            with lock:
                pans.append(pan)

    threads = [threading.Thread(target=draw) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(pans)) == len(pans) == 600


def test_the_same_seed_and_nonce_give_the_same_cards() -> None:
    first, second = pool(seed=3, nonce=9), pool(seed=3, nonce=9)
    assert [first.card("humo") for _ in range(5)] == [second.card("humo") for _ in range(5)]


@pytest.mark.parametrize(("a", "b"), [((3, 9), (3, 10)), ((3, 9), (4, 9))])
def test_another_seed_or_nonce_gives_other_cards(a: tuple[int, int], b: tuple[int, int]) -> None:
    first, second = pool(seed=a[0], nonce=a[1]), pool(seed=b[0], nonce=b[1])
    assert {first.card("humo").pan for _ in range(5)}.isdisjoint(
        {second.card("humo").pan for _ in range(5)}
    )


def test_production_hands_out_each_public_test_pan_once() -> None:
    cards = pool(production=True)
    pans = [cards.card("bank_card").pan for _ in PUBLIC_TEST_PANS]
    assert pans == list(PUBLIC_TEST_PANS)
    with pytest.raises(NoCardAvailable, match="no unused public test PAN for method bank_card"):
        cards.card("bank_card")


@pytest.mark.parametrize("method", ["humo", "uzcard"])
def test_production_has_no_card_for_local_schemes(method: str) -> None:
    with pytest.raises(NoCardAvailable, match=f"method {method} \\(production mode\\)"):
        pool(production=True).card(method)


def listed_card(pan: str, method: str) -> Card:
    return Card(pan, "2912", "998901234567", "ALI KARIMOV", "", method, listed=True)


LISTED = (listed_card("9860945807302159", "humo"), listed_card("8600262129972207", "uzcard"))


def listing(*, wait: float = 0.2) -> CardPool:
    return CardPool(seed=1, nonce=7, today=TODAY, production=False, listed=LISTED, lease_wait=wait)


def test_a_listed_card_is_leased_to_one_scenario_at_a_time() -> None:
    cards = listing()
    assert cards.card("humo", owner="a") == LISTED[0]
    assert cards.leased_by("a") == [LISTED[0]]
    with pytest.raises(NoCardAvailable, match=r"needs 2 humo cards at once; --cards lists 1"):
        cards.card("humo", owner="a")
    with pytest.raises(NoCardAvailable, match=r"stayed in use for 0\.2 s"):
        cards.card("humo", owner="b")
    cards.release("a")
    assert cards.card("humo", owner="b") == LISTED[0]


def test_a_scenario_waits_for_a_card_given_back() -> None:
    cards = listing(wait=5.0)
    cards.card("uzcard", owner="a")
    threading.Timer(0.2, cards.release, args=("a",)).start()
    assert cards.card("uzcard", owner="b") == LISTED[1]


def test_a_method_not_listed_is_skipped_and_generated_cards_stay_available() -> None:
    cards = listing()
    with pytest.raises(NoCardAvailable, match="--cards lists no bank_card card"):
        cards.card("bank_card", owner="a")
    generated = cards.generated("humo")
    assert not generated.listed
    assert generated.pan not in {c.pan for c in LISTED}
