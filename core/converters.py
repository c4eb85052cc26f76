"""URL converters for the site's own routes (registered when core loads)."""


class RowIdConverter:
    """A database id in a URL: 1 to 18 digits, so it always fits a 64-bit column.

    Django's `int` converter takes any number of digits; a 20-digit id overflows
    SQLite's INTEGER inside the query (a 500) instead of finding nothing (a 404).
    Registered as `<id:…>` by CoreConfig.ready(); use it for every database id.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
