"""Personal codes and phone numbers: pure functions, no database."""

import re
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L, U/V pairs that people mishear or misread; upper case only.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 8
QR_TOKEN_BYTES = 24  # 32 URL-safe characters


def generate_code():
    """A fresh random code from the CSPRNG, e.g. `K7MD9QX4` (shown as K7MD-9QX4)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def generate_unique_code(is_taken, attempts=20):
    """A random code that `is_taken(code)` says is free.

    Collisions are rare (29^8 ≈ 5·10^11 codes), so a handful of attempts is plenty;
    the database constraint is the last word.
    """
    for _attempt in range(attempts):
        code = generate_code()
        if not is_taken(code):
            return code
    raise RuntimeError("Could not find a free personal code.")


def generate_qr_token():
    """The opaque token a QR code carries: long, random, meaningless."""
    return secrets.token_urlsafe(QR_TOKEN_BYTES)


def format_code(code):
    """A stored code as people read it: `K7MD9QX4` → `K7MD-9QX4` (anything of
    another length as it is)."""
    code = str(code or "")
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}" if len(code) == CODE_LENGTH else code


def normalize_code(value):
    """What a person typed (any case, spaces, dashes) → the stored form."""
    return re.sub(r"[\s\-]", "", value or "").upper()


_PHONE_ALLOWED = re.compile(r"^\+?[\d\s\-()]+$")


def _phone_error():
    return ValidationError(
        _(
            "Enter a Russian number: +7 or 8 and 10 more digits, "
            "for example +7 900 123-45-67."
        ),
        code="invalid_phone",
    )


def normalize_phone(value):
    """A Russian phone number as typed → `+7XXXXXXXXXX`; ValidationError otherwise.

    Accepts +7…, 8…, 7… and ten bare digits, with spaces, dashes and brackets.
    Every mistake gets the same message: it says what a right number looks like.
    """
    raw = (value or "").strip()
    if not raw or not _PHONE_ALLOWED.match(raw):
        raise _phone_error()
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+"):
        if not digits.startswith("7") or len(digits) != 11:
            raise _phone_error()
        national = digits[1:]
    elif len(digits) == 11 and digits[0] in "78":
        national = digits[1:]
    elif len(digits) == 10:
        national = digits
    else:
        raise _phone_error()
    if national[0] in "012":
        raise _phone_error()
    return f"+7{national}"
