"""Site search for visitors: live public pages, content first, utility pages last.

A page type that is a list or a formality rather than something to read (the home
page, the guide and event indexes, the consent text) sets `search_listed_last = True`:
it is still found, but after every content page, so it never crowds the answers.
"""

import unicodedata
from functools import cached_property

from wagtail.models import get_page_models

from core.visibility import visible_pages

from .search_backend import query_words

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """The visitor's query as shown back: no control or invisible formatting characters
    (NUL, bidi overrides, …), spaces collapsed, at most MAX_QUERY_LENGTH characters."""
    text = "".join(
        " " if unicodedata.category(char).startswith("C") else char
        for char in (raw or "")[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def listed_last_page_models():
    return [
        model
        for model in get_page_models()
        if getattr(model, "search_listed_last", False)
    ]


class TieredResults:
    """Several result sets read as one list (for the paginator), each after the last.

    Counts one query per tier; a slice reads only the tiers it reaches.
    """

    def __init__(self, *tiers):
        self.tiers = tiers

    @cached_property
    def counts(self):
        return [tier.count() for tier in self.tiers]

    def count(self):
        return sum(self.counts)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start = key.start or 0
        stop = self.count() if key.stop is None else key.stop
        found, offset = [], 0
        for tier, size in zip(self.tiers, self.counts, strict=True):
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                found.extend(tier[low:high])
            offset += size
        return found


def site_search(query, user=None):
    """Pages `user` may see that match `query`, best first, utility pages last."""
    if not query_words(query):
        return []
    pages = visible_pages(user).specific()
    last = listed_last_page_models()
    if not last:
        return pages.search(query)
    return TieredResults(
        pages.not_type(*last).search(query), pages.type(*last).search(query)
    )
