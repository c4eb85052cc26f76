"""Every staff export is audited: who, with what filter, how many rows (152-ФЗ).

Apps call `audit_export(request=…, what=…, rows=…)` where they hand out a CSV/XLSX
file; the entry shows in **Reports → Site history** under the staff member.
"""

from .audit import audit_log

IGNORED_PARAMETERS = {"export", "p"}
MAX_VALUE = 200


def export_filter(request):
    """The query parameters that chose the rows (not the format or the page)."""
    return {
        key: [value[:MAX_VALUE] for value in request.GET.getlist(key)]
        for key in sorted(request.GET)[:20]
        if key not in IGNORED_PARAMETERS
    }


def audit_export(*, request, what, rows, filters=None):
    """Record that `request.user` exported `rows` rows of `what`."""
    return audit_log(
        action="core.export.downloaded",
        actor=request.user,
        target=request.user,
        data={
            "export": what,
            "filter": export_filter(request) if filters is None else filters,
            "rows": rows,
        },
    )
