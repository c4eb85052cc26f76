"""The archive of a person's data: an HTML summary, JSON and their own files, zipped.

Written row by row into a temporary file on disk and copied to private storage, so
10,000 credit rows or hundreds of megabytes of uploads never sit in memory.
"""

import datetime
import json
import shutil
import tempfile
import zipfile
from decimal import Decimal

from django.conf import settings
from django.core.files import File
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.personal_data import categories
from core.time import format_datetime

CHUNK = 1024 * 1024
ROWS_CHUNK = 2000


def json_value(value):
    """A row's value as JSON: dates in ISO 8601, money as a string."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def display_value(value):
    """A row's value for people: local dates, «да»/«нет», «—» for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return pgettext("boolean", "yes") if value else pgettext("boolean", "no")
    if isinstance(value, datetime.datetime | datetime.date):
        return format_datetime(value)
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


def iter_rows(category, user):
    query = category.queryset(user)
    if hasattr(query, "iterator"):
        query = query.iterator(chunk_size=ROWS_CHUNK)
    for obj in query:
        yield category.row(obj)


def write_zip(target, *, user):
    """Write the archive of `user` into the open binary file `target`; returns
    the names of files that could not be read (listed in the summary too)."""
    missing = []
    with (
        translation.override(settings.LANGUAGE_CODE),
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf,
    ):
        _write_json(zf, user)
        _write_html(zf, user)
        for category in categories():
            if category.files is None:
                continue
            for ref in category.files(user):
                try:
                    source = ref.file.storage.open(ref.file.name, "rb")
                except OSError:
                    missing.append(ref.name)
                    continue
                with source, zf.open(f"files/{ref.name}", "w", force_zip64=True) as out:
                    shutil.copyfileobj(source, out, CHUNK)
        if missing:
            zf.writestr("files/MISSING.txt", "\n".join(missing))
    return missing


def _write_json(zf, user):
    with zf.open("data.json", "w", force_zip64=True) as raw:
        out = _Text(raw)
        out.write(f'{{"person": {user.pk}, "categories": {{')
        for index, category in enumerate(categories()):
            head = {"label": str(category.label), "kept": str(category.kept)}
            out.write(("," if index else "") + json.dumps(category.name) + ": ")
            out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": [')
            for n, row in enumerate(iter_rows(category, user)):
                values = {key: json_value(value) for key, value in row.items()}
                out.write(("," if n else "") + json.dumps(values, ensure_ascii=False))
            out.write("]}")
        out.write("}}")


def _write_html(zf, user):
    with zf.open("summary.html", "w", force_zip64=True) as raw:
        out = _Text(raw)
        out.write(render_to_string("privacy/archive_head.html", {"person": user}))
        for category in categories():
            out.write(f"<section><h2>{escape(category.label)}</h2>")
            if category.kept:
                out.write(f"<p>{escape(category.kept)}</p>")
            heads = "".join(f"<th>{escape(h)}</th>" for h in category.columns.values())
            out.write(f"<table><thead><tr>{heads}</tr></thead><tbody>")
            empty = True
            for row in iter_rows(category, user):
                empty = False
                cells = "".join(
                    f"<td>{escape(display_value(row.get(key)))}</td>"
                    for key in category.columns
                )
                out.write(f"<tr>{cells}</tr>")
            out.write("</tbody></table>")
            if empty:
                out.write(f"<p>{escape(_('Nothing is held.'))}</p>")
            out.write("</section>")
        out.write("</main></body></html>")


class _Text:
    """Writes str to a binary stream as UTF-8."""

    def __init__(self, raw):
        self.raw = raw

    def write(self, text):
        self.raw.write(text.encode("utf-8"))


def build_to_storage(*, user, storage, name):
    """Build the archive in a temporary file and save it under `name`; returns
    (stored name, size)."""
    with tempfile.TemporaryFile() as tmp:
        write_zip(tmp, user=user)
        size = tmp.tell()
        tmp.seek(0)
        stored = storage.save(name, File(tmp, name=name))
    return stored, size
