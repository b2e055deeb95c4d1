"""The OTP page at ``octo_pay_url``: a Visa/Mastercard form, or the Humo/Uzcard SMS notice."""

from __future__ import annotations

from html import escape

from octo_conformance.reference.sandbox.envelope import mask_phone
from octo_conformance.reference.sandbox.store import Binding

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}"
    "input{font-size:1.5rem;letter-spacing:.3rem;width:10rem}button{font-size:1rem;margin-left:.5rem}"
    ".error{color:#b00020}"
)


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def otp_form(binding: Binding, action: str, message: str = "") -> str:
    note = f'<p class="error" role="alert">{escape(message)}</p>' if message else ""
    phone = escape(mask_phone(binding.card["phone"]))
    return _page(
        "Confirm your card",
        f"<p>Enter the code sent to {phone}.</p>{note}"
        f'<form method="post" action="{escape(action)}">'
        '<label for="otp">Code</label> '
        '<input id="otp" name="otp" type="tel" inputmode="numeric" autocomplete="one-time-code" required>'
        '<button type="submit">Confirm</button></form>',
    )


def sms_notice(binding: Binding) -> str:
    phone = escape(mask_phone(binding.card["phone"]))
    return _page(
        "SMS code sent",
        f"<p>A code was sent to {phone}. The partner confirms it with "
        "<code>bind_card/check_sms_key</code>.</p>",
    )


def app_notice(binding: Binding) -> str:
    """Fault paypage-no-form: a page with nowhere to enter the code."""
    phone = escape(mask_phone(binding.card["phone"]))
    return _page(
        "Confirm your card",
        f"<p>A code was sent to {phone}. Open your bank's app to confirm the card.</p>",
    )


def closed(reason: str) -> str:
    return _page("Binding closed", f"<p>{escape(reason)}</p>")
