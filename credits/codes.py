"""One-time credit codes as people type them: pure functions, no database.

A code is 10 characters of an alphabet without look-alikes (no 0/O, 1/I/L, U/V),
drawn from the operating system's CSPRNG: 29^10 ≈ 4.2·10^14 codes, 48.6 bits. It is
printed in two groups of five (K7MD9-QX4TR) so people can keep their place typing it.
"""

import math
import re
import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
LENGTH = 10
GROUP = 5
BITS = LENGTH * math.log2(len(ALPHABET))
MAX_INPUT = 100  # anything longer is not a code: refused without further work

# Cyrillic letters that look like Latin ones (a phone keyboard left in Russian),
# and the Cyrillic З that looks like a 3. Applied after upper-casing.
LOOKALIKES = str.maketrans(
    {
        "А": "A",
        "В": "B",
        "С": "C",
        "Е": "E",
        "Н": "H",
        "К": "K",
        "М": "M",
        "Р": "P",
        "Т": "T",
        "Х": "X",
        "У": "Y",
        "З": "3",
    }
)
# Spaces of every kind, hyphens and dashes (people copy codes from PDFs and
# messengers, which turn "-" into "‐", "–" or "−").
SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−_.]+")
_VALID = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")


def generate():
    """A fresh random code, e.g. `K7MD9QX4TR`."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def generate_many(count, *, taken=frozenset()):
    """`count` distinct fresh codes, none of them in `taken`."""
    codes = set()
    while len(codes) < count:
        code = generate()
        if code not in taken:
            codes.add(code)
    return list(codes)


def normalize(value):
    """What a person typed → the stored form, or "" when it cannot be a code.

    Forgives case, spaces, dashes, full-width characters and Cyrillic look-alikes.
    """
    if not isinstance(value, str) or len(value) > MAX_INPUT:
        return ""
    value = unicodedata.normalize("NFKC", value).upper().translate(LOOKALIKES)
    value = SEPARATORS.sub("", value)
    return value if _VALID.match(value) else ""


# The personal code people carry for life has 8 characters in two groups of 4
# (members' format); typed here by mistake it gets its own explanation.
_PERSONAL_CODE = re.compile(r"^[A-Z0-9]{4}-?[A-Z0-9]{4}$")


def looks_like_personal_code(value):
    """Whether `value` has the shape of a personal code (`K7MD-9QX4`), not a card's."""
    if not isinstance(value, str) or len(value) > MAX_INPUT:
        return False
    value = unicodedata.normalize("NFKC", value).upper().translate(LOOKALIKES)
    return bool(_PERSONAL_CODE.match(re.sub(r"\s+", "", value)))


def display(code):
    """The stored form grouped for reading: `K7MD9-QX4TR`."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
