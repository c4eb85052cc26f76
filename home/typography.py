"""Where long words, phone numbers and e-mail addresses may break across lines.

Browsers hyphenate `hyphens: auto` text only where they have a dictionary for the
language, and Chromium on Linux (and so the test browser) has none: a long Russian word
in a narrow column (the guide's contents in large print on a phone) would break at an
arbitrary letter, without a hyphen («Зарегистрируйт|есь»). `soft_hyphenate` puts soft
hyphens (U+00AD, invisible unless the line breaks there) between the syllables of long
Russian words, so every browser breaks them where Russian allows and shows a hyphen.

The syllable rules are P. Khristov's simple rules for Russian: a break after й, ъ, ь
followed by two letters; between two vowels; and between consonants standing between
vowels. They never split a word where a Russian reader would object, though they find
fewer places than a dictionary does.
"""

import re

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SOFT_HYPHEN = "\u00ad"
# Words shorter than this fit any column the site has at any text size.
MIN_WORD = 8
# Never leave fewer letters than this on either side of a break.
MIN_PART = 2

_ANY = "[а-яё]"
_VOWEL = "[аеёиоуыэюя]"
_CONSONANT = "[бвгджзклмнпрстфхцчшщ]"
_SIGN = "[йъь]"
_RULES = [
    re.compile(f"({a})(?={b})", re.IGNORECASE)
    for a, b in [
        (_SIGN, _ANY + _ANY),
        (_VOWEL, _VOWEL + _ANY),
        (_VOWEL + _CONSONANT, _CONSONANT + _VOWEL),
        (_CONSONANT + _VOWEL, _CONSONANT + _VOWEL),
        (_VOWEL + _CONSONANT, _CONSONANT + _CONSONANT + _VOWEL),
        (_VOWEL + _CONSONANT + _CONSONANT, _CONSONANT + _CONSONANT + _VOWEL),
    ]
]
_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)


def break_points(word):
    """The positions inside `word` where it may be hyphenated."""
    points = set()
    for rule in _RULES:
        for match in rule.finditer(word):
            points.add(match.end(1))
    return sorted(p for p in points if MIN_PART <= p <= len(word) - MIN_PART)


def hyphenate_word(word):
    if len(word) < MIN_WORD:
        return word
    parts, last = [], 0
    for point in break_points(word):
        parts.append(word[last:point])
        last = point
    parts.append(word[last:])
    return SOFT_HYPHEN.join(parts)


def soft_hyphenate(text):
    """`text` with soft hyphens in its long Russian words (plain text in, plain out)."""
    return _WORD.sub(lambda match: hyphenate_word(match.group(0)), text)


def breakable(text):
    """Escaped `text` (a phone number or an e-mail address) that wraps sensibly.

    A phone number breaks only between its groups: each run without spaces stays whole
    («+7 (967)» / «289-57-50»). An e-mail address may break after "@" and before a dot
    (<wbr>), never inside a name.
    """
    text = str(text)
    if "@" in text:
        escaped = str(conditional_escape(text))
        marked = escaped.replace("@", "@<wbr>").replace(".", "<wbr>.")
        return mark_safe(marked)  # noqa: S308 (escaped above)
    groups = [str(conditional_escape(group)) for group in text.split()]
    spans = " ".join(f'<span class="nowrap">{group}</span>' for group in groups)
    return mark_safe(spans)  # noqa: S308 (every group is escaped)
