"""Checks on the text people type about themselves."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control and format characters (bidi overrides such as U+202E, zero-width spaces
# and joiners, the byte order mark), private-use, surrogate and unassigned code
# points, line and paragraph separators.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
# Letters and symbols that draw nothing (Hangul fillers, the blank braille cell).
BLANK_CHARACTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def validate_visible_text(value):
    """Refuse invisible characters and text-direction marks in a line of text.

    A name with U+202E shows reversed in lists and exports (and can disguise what
    follows it); a zero-width-only name looks filled in but is empty. Such
    characters usually arrive unnoticed with copied text, so the message says so.
    """
    if any(
        character in BLANK_CHARACTERS
        or unicodedata.category(character) in INVISIBLE_CATEGORIES
        for character in value
    ):
        raise ValidationError(
            _(
                "Remove the invisible characters or text-direction marks (they often "
                "come along with copied text)."
            ),
            code="invisible_characters",
        )
