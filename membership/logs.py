"""Membership's actions in the admin's history, with who, when and why."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

from core.time import format_date


class VoteFormatter(LogFormatter):
    label = _("Vote for the application")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Voted for (%(approvals)s of %(needed)s votes needed)") % {
            "approvals": data.get("approvals", "?"),
            "needed": data.get("needed", "?"),
        }


class ApprovedFormatter(VoteFormatter):
    label = _("Application approved")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Approved (%(approvals)s of %(needed)s votes needed)") % {
            "approvals": data.get("approvals", "?"),
            "needed": data.get("needed", "?"),
        }


class RejectedFormatter(LogFormatter):
    label = _("Application rejected")
    message = _("Rejected")

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")

    def format_message(self, log_entry):
        reason = self.format_comment(log_entry)
        return _("Rejected. Reason: %(reason)s") % {"reason": reason}


class PeriodFormatter(LogFormatter):
    label = _("Membership period")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Membership from %(start)s to %(end)s") % {
            "start": _date(data.get("start")),
            "end": _date(data.get("end")),
        }


def _date(value):
    import datetime

    try:
        return format_date(datetime.date.fromisoformat(value))
    except (TypeError, ValueError):
        return value or "?"


def register_actions(actions):
    """Wagtail's `register_log_actions` hook: every action membership records."""
    actions.register_action(
        "membership.application.submitted",
        _("Membership application submitted"),
        _("Application submitted"),
    )
    actions.register_action(
        "membership.application.withdrawn",
        _("Membership application withdrawn"),
        _("Application withdrawn by the applicant"),
    )
    actions.register_action("membership.application.voted")(VoteFormatter)
    actions.register_action("membership.application.approved")(ApprovedFormatter)
    actions.register_action("membership.application.rejected")(RejectedFormatter)
    actions.register_action("membership.period.created")(PeriodFormatter)
    actions.register_action(
        "membership.period.voided",
        _("Membership period voided"),
        _("Membership period voided: the payment was refunded"),
    )
