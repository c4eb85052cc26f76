"""Membership's models: applications and votes, periods and reminders, settings."""

from .applications import Application, ApplicationStatus, Vote, VoteDecision
from .periods import MembershipPeriod, PeriodStatus, ReminderKind, ReminderSent
from .settings import DuesSettings

__all__ = [
    "Application",
    "ApplicationStatus",
    "DuesSettings",
    "MembershipPeriod",
    "PeriodStatus",
    "ReminderKind",
    "ReminderSent",
    "Vote",
    "VoteDecision",
]
