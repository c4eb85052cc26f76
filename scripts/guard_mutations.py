"""Guard mutation check: remove one guard at a time and see a test fail.

Every guard in the services and views (an `if …: raise`, a permission check, an
ownership filter, a state check, an audit entry that must be written) must be
defended by a test that fails when the guard is removed. This script proves it:
it copies the project to a temporary directory (once per run), applies ONE textual
mutation at a time to the copy, runs that app's tests (nice'd, `-m "not browser"
-x`) and records CAUGHT (a test failed: named) or SURVIVED (no test noticed: write
one in tests/<app>/test_guards.py). The working tree is never touched.

Two phases per mutation: (1) the HINTS test files for the mutated source file,
without migrations (seconds; the hint files are first run unmutated and tests that
fail without migrations are left out); a failure there is a catch. (2) If they
all pass, the whole tests/<app>, as CI runs it. `--hints-only` stops after phase
1 (triage on a busy machine: confirm a survivor with a full run or a new test).

Run (sequentially, one app at a time: the machine is shared, never in parallel):

    .venv/bin/python scripts/guard_mutations.py all --check      # patterns only, no tests
    nice -n 10 .venv/bin/python scripts/guard_mutations.py payments
    nice -n 10 .venv/bin/python scripts/guard_mutations.py payments --only 3,7
    nice -n 10 .venv/bin/python scripts/guard_mutations.py credits --hints-only
    nice -n 10 .venv/bin/python scripts/guard_mutations.py materials --with-migrations
    nice -n 10 .venv/bin/python scripts/guard_mutations.py all   # every app (hours)

Apps: members (the list of the first check), membership, payments, credits,
materials, privacy, core (core has no services module: mail_resend, the stored-mail
admin, confirm_then_run and audit_log itself). Numbers for --only are the
positions in the app's list (`--check` prints them).

A mutation is `M(path, old, new, ...)`: `old` must occur exactly once in `path`
(or the first time after the text `after=`, or its `nth=` occurrence);
`IF(path, old)` makes the test of the `if` starting at `old` False (the guard
never fires); `DROP(path, call, after=def)` replaces a guard call by `pass`;
`AUDIT(path, action)` / `AUDITCALL(path, text)` turn an audit call into a no-op.
When code moves, `--check` reports "PATTERN COUNT n": update the pattern, don't
drop the line. A new guard gets a line here and a test.

Results are printed as they come and written to $TMPDIR/guard_mutations/<app>.tsv;
the exit status is 1 when anything survived.
"""

import argparse
import ast
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.gettempdir()) / "guard_mutations"
PYTHON = ROOT / ".venv" / "bin" / "python"
FALSE = "if False:"
#: Phase 1 without migrations (much faster); --with-migrations for apps whose
#: tests need migration data (materials: the root collection).
FAST = True
ACCESS_ADMIN = 'permission="wagtailadmin.access_admin",'


@dataclass
class M:
    path: str
    old: str
    new: str = ""
    after: str | None = None
    nth: int | None = None
    iftest: bool = False
    regex: bool = False
    label: str = ""

    def describe(self):
        if self.label:
            return self.label
        first = self.old.strip().splitlines()[0] if self.old.strip() else self.old
        where = f" (in {self.after.strip()[:40]})" if self.after else ""
        return f"{first[:80]}{where}"


def IF(path, old, **kw):
    """The `if` starting at `old` never fires."""
    return M(path, old, iftest=True, **kw)


def DROP(path, old, after, **kw):
    """The statement `old` (first one after `after`) is replaced by `pass`."""
    return M(path, old, "pass", after=after, **kw)


def AUDIT(path, action, **kw):
    """The audit_log(...) call writing `action` writes nothing."""
    pattern = (
        r"audit_log\((?=(?:(?!audit_log\().){0,400}?action=" + re.escape(action) + ")"
    )
    kw.setdefault("label", f"audit {action}")
    return M(path, pattern, "(lambda **k: None)(", regex=True, **kw)


MUTATIONS = {
    # ---------------------------------------------------------------- members
    # (taken from the check done on the members app; kept so it can be rerun)
    "members": [
        M(
            "members/services.py",
            '    if consent_page is None:\n        raise MembersError(_("No consent text is published."))\n    if MemberProfile',
            "    if MemberProfile",
        ),
        M(
            "members/services.py",
            '    if MemberProfile.objects.filter(user=user).exists():\n        raise MembersError(_("This person already has a profile."))\n',
            "",
        ),
        M(
            "members/services.py",
            "if not EmailAddress.objects.filter(user=user, verified=True).exists():",
            FALSE,
        ),
        M(
            "members/services.py",
            'if personal_code is None:\n        raise MembersError(_("You do not have a personal code yet."))',
            'if False:\n        raise MembersError(_("You do not have a personal code yet."))',
        ),
        M("members/services.py", "if sent > CODE_MAIL_LIMIT:", FALSE),
        M(
            "members/services.py",
            'if not actor.has_perm("members.change_personalcode"):',
            FALSE,
        ),
        M(
            "members/services.py",
            "if personal_code.code != codes.normalize_code(expected_code):",
            FALSE,
        ),
        M(
            "members/services.py",
            'if actor.pk != user.pk and not actor.has_perm("members.change_memberprofile"):',
            FALSE,
        ),
        M(
            "members/services.py",
            'if not actor.has_perm("members.change_memberprofile"):',
            FALSE,
        ),
        M("members/services.py", "if address.verified:", FALSE),
        M(
            "members/services.py",
            'audit_log(\n            action="members.member.registered",',
            '(lambda **k: None)(\n            action="members.member.registered",',
        ),
        M("members/admin_views.py", "if action in self.denied:", FALSE),
        M(
            "members/admin_views.py",
            'permission="members.change_memberprofile",',
            ACCESS_ADMIN,
        ),
        M(
            "members/admin_views.py",
            'permission="members.change_personalcode",',
            ACCESS_ADMIN,
        ),
        M(
            "members/admin_views.py",
            "if personal_code is None:\n        raise PermissionDenied",
            "if False:\n        raise PermissionDenied",
        ),
        M(
            "members/views.py",
            "if personal_code is None:\n        raise Http404",
            "if False:\n        raise Http404",
        ),
        M(
            "members/admin_login.py",
            'if not user.has_perm("wagtailadmin.access_admin"):',
            FALSE,
        ),
        M(
            "members/admin_login.py",
            'if not has_verified_email(user, self.cleaned_data["username"].strip()):',
            FALSE,
        ),
    ],
}

MEMBERSHIP = [
    # views: ownership and state
    M(
        "membership/views.py",
        "get_object_or_404(Application, pk=pk, user=request.user)",
        "get_object_or_404(Application, pk=pk)",
        label="withdraw view: own application only (404)",
    ),
    M(
        "membership/views.py",
        'Application.objects.exclude(attachment=""), pk=pk, user=request.user',
        'Application.objects.exclude(attachment=""), pk=pk',
        label="attachment view: own application only (404)",
    ),
    IF(
        "membership/views.py",
        "if standing.state != State.APPLY:",
        label="apply view: only in state APPLY",
    ),
    # board (Presidium) views: permission
    IF(
        "membership/board/decisions.py",
        "if not (request.user.is_active and request.user.has_perm(DECIDE)):",
        label="board _check: decide permission",
    ),
    DROP(
        "membership/board/decisions.py",
        "_check(request)",
        after="def approve(",
        label="approve view calls _check",
    ),
    DROP(
        "membership/board/decisions.py",
        "_check(request)",
        after="def reject(",
        label="reject view calls _check",
    ),
    DROP(
        "membership/board/decisions.py",
        "_check(request)",
        after="def attachment(",
        label="board attachment view calls _check",
    ),
    DROP(
        "membership/board/decisions.py",
        "_check(request)",
        after="def dispatch(",
        label="bulk approve calls _check",
    ),
    IF(
        "membership/board/minutes.py",
        "if not (request.user.is_active and request.user.has_perm(DECIDE)):",
        label="minutes view: decide permission",
    ),
    M(
        "membership/board/queue.py",
        "return user.is_active and user.has_perm(DECIDE)",
        "return True",
        label="ApplicationPermissionPolicy: view/decide need DECIDE",
    ),
    M(
        "membership/board/queue.py",
        'if action in {"view", "decide"}:\n            return user.is_active and user.has_perm(DECIDE)\n        return False',
        "return True",
        label="ApplicationPermissionPolicy: nobody adds/edits/deletes",
    ),
    IF(
        "membership/board/register.py",
        "if request.user.has_perm(DECIDE):",
        label="waiting panel only for the Presidium",
    ),
    # services: permission, ownership, state
    IF(
        "membership/services/applications.py",
        "if not _is_verified(user):",
        label="submit: e-mail verified",
    ),
    IF(
        "membership/services/applications.py",
        "if profile is None:",
        label="submit: profile filled in",
    ),
    IF(
        "membership/services/applications.py",
        "if Application.objects.filter(",
        label="submit: one open application",
    ),
    IF(
        "membership/services/applications.py",
        "if selectors.has_approved_application(user):",
        label="submit: not approved already",
    ),
    IF(
        "membership/services/applications.py",
        "if selectors.is_active_member(user):",
        label="submit: not a member already",
    ),
    IF(
        "membership/services/applications.py",
        "if application.user_id != user.pk:",
        label="withdraw: own application",
    ),
    IF(
        "membership/services/applications.py",
        "if application.status == ApplicationStatus.WITHDRAWN:",
        label="withdraw: second click changes nothing",
    ),
    IF(
        "membership/services/applications.py",
        "if not can_transition(application.status, new_status):",
        label="_move: allowed transitions only",
    ),
    IF(
        "membership/services/applications.py",
        "if not (actor.is_active and actor.has_perm(DECIDE_PERMISSION)):",
        label="vote: Presidium only",
    ),
    IF(
        "membership/services/applications.py",
        "if decision == VoteDecision.REJECT and not reason:",
        label="reject: reason required",
    ),
    IF(
        "membership/services/applications.py",
        "if application.user_id == actor.pk:",
        label="vote: not on own application",
    ),
    IF(
        "membership/services/applications.py",
        "if application.status != ApplicationStatus.SUBMITTED:",
        label="vote: only a waiting application",
    ),
    IF(
        "membership/services/dues.py",
        "if until is None and not (",
        label="dues: only after approval",
    ),
    IF(
        "membership/services/dues.py",
        "if until is not None and today < selectors.renewal_opens(until):",
        label="dues: renewal window",
    ),
    IF(
        "membership/services/dues.py",
        "if MembershipPeriod.objects.filter(",
        after="start, end = selectors.next_dues_period",
        label="dues: year not paid twice",
    ),
    IF(
        "membership/services/dues.py",
        "if period is None or period.status == PeriodStatus.VOID:",
        label="void: once only",
    ),
    # audit entries
    AUDIT("membership/services/applications.py", '"membership.application.submitted"'),
    AUDIT("membership/services/applications.py", '"membership.application.withdrawn"'),
    AUDIT(
        "membership/services/applications.py",
        "action",
        label="audit membership.application.voted/approved/rejected",
    ),
    AUDIT("membership/services/dues.py", '"membership.period.created"'),
    AUDIT("membership/services/dues.py", '"membership.period.voided"'),
]
MEMBERSHIP.append(
    M(
        "membership/selectors.py",
        "if MembershipPeriod.objects.filter(\n        user=user, status=PeriodStatus.ACTIVE, start__lte=on, end__gte=on\n    ).exists():",
        "if True:",
        label="is_active_member: an active period covering the day",
    )
)
MUTATIONS["membership"] = MEMBERSHIP


def AUDITCALL(path, text, **kw):
    """The call starting at `text` (e.g. `_audit(\\n "payments.x"`) does nothing."""
    head = text.split("(", 1)[0]
    return M(
        path,
        text,
        "(lambda *a, **k: None)(" + text.split("(", 1)[1],
        label=kw.pop(
            "label", f"audit via {head}: " + text.split('"')[1] if '"' in text else text
        ),
        **kw,
    )


MUTATIONS["payments"] = [
    # member views: ownership
    M(
        "payments/selectors.py",
        "Payment.objects.filter(user=user, reference=reference)",
        "Payment.objects.filter(reference=reference)",
        label="payment pages: owner only (payment_for_owner, 404)",
    ),
    M(
        "payments/views.py",
        "receipt is None or not (\n        receipt.payment.user_id == request.user.pk or services.can_review(request.user)\n    )",
        "receipt is None",
        label="receipt file: owner or reviewer only (404)",
    ),
    M(
        "payments/views.py",
        "receipt.payment.user_id == request.user.pk or services.can_review(request.user)",
        "receipt.payment.user_id == request.user.pk or True",
        label="receipt file: others only with review right",
    ),
    IF(
        "payments/views.py",
        "if gateway is None:",
        label="pay_online: only an enabled provider (404)",
    ),
    IF(
        "payments/webhooks.py",
        "if gateway is None or not gateway.is_configured():",
        after="def notification_view(",
        label="webhook: only a configured provider (404)",
    ),
    # staff views: permission
    IF(
        "payments/admin_views.py",
        "if not services.can_review(request.user):",
        label="_require_reviewer",
    ),
    DROP(
        "payments/admin_views.py",
        "_require_reviewer(request)",
        after="def queue(",
        label="queue view calls _require_reviewer",
    ),
    DROP(
        "payments/admin_views.py",
        "_require_reviewer(request)",
        after="def review(",
        label="review view calls _require_reviewer",
    ),
    DROP(
        "payments/admin_views.py",
        "_require_reviewer(request)",
        after="def confirm(",
        label="confirm view calls _require_reviewer",
    ),
    DROP(
        "payments/admin_views.py",
        "_require_reviewer(request)",
        after="def reject(",
        label="reject view calls _require_reviewer",
    ),
    DROP(
        "payments/admin_views.py",
        "_require_reviewer(request)",
        after="def bulk_confirm(",
        label="bulk_confirm view calls _require_reviewer",
    ),
    DROP(
        "payments/admin_views.py",
        "_require_reviewer(request)",
        after="def attention(",
        label="attention view calls _require_reviewer",
    ),
    DROP(
        "payments/admin_views.py",
        "_require_reviewer(request)",
        after="def resolve(",
        label="resolve view calls _require_reviewer",
    ),
    IF(
        "payments/admin_payments.py",
        "if not (services.can_review(request.user) or refunds.can_refund(request.user)):",
        label="_require_staff",
    ),
    DROP(
        "payments/admin_payments.py",
        "_require_staff(request)",
        after="def payment_list(",
        label="payment_list calls _require_staff",
    ),
    DROP(
        "payments/admin_payments.py",
        "_require_staff(request)",
        after="def payment_detail(",
        label="payment_detail calls _require_staff",
    ),
    IF(
        "payments/admin_payments.py",
        "if not refunds.can_refund(request.user):",
        after="def refund(",
        label="refund view: refund right (403)",
    ),
    IF(
        "payments/admin_payments.py",
        "if not refunds.can_refund(request.user):",
        after="def refund_check(",
        label="refund_check view: refund right (403)",
    ),
    M(
        "payments/services.py",
        "return bool(user and user.is_active and user.has_perm(REVIEW_PERMISSION))",
        "return bool(user and user.is_active)",
        label="can_review: the review permission",
    ),
    M(
        "payments/refunds.py",
        "return bool(user and user.is_active and user.has_perm(REFUND_PERMISSION))",
        "return bool(user and user.is_active)",
        label="can_refund: the refund permission",
    ),
    # services: ownership, permission, state
    IF(
        "payments/services.py",
        "if not can_transition(from_status, to_status):",
        label="_transition: allowed transitions only",
    ),
    IF(
        "payments/services.py",
        "if kind not in PaymentKind.values:",
        label="create: known kind",
    ),
    IF(
        "payments/services.py",
        "if amount is None or amount <= 0:",
        label="create: amount > 0",
    ),
    IF(
        "payments/services.py",
        "if existing.status == PaymentStatus.AWAITING_REVIEW:",
        label="create: receipt already under review",
    ),
    IF(
        "payments/services.py",
        "if payment.user_id != user.pk:",
        after="def payment_retry(",
        label="retry: own payment",
    ),
    IF(
        "payments/services.py",
        "if not payment.can_retry:",
        label="retry: only after a dead end",
    ),
    IF(
        "payments/services.py",
        "if payment.user_id != user.pk:",
        after="def payment_start_online(",
        label="start_online: own payment",
    ),
    IF(
        "payments/services.py",
        "if payment.status not in OPEN_STATUSES:",
        after="def payment_start_online(",
        label="start_online: open payment (before provider)",
    ),
    IF(
        "payments/services.py",
        "if payment.status not in OPEN_STATUSES:",
        after="payment = _lock(payment)\n        if payment.status not in",
        nth=None,
        label="start_online: open payment (under lock)",
    ),
    IF(
        "payments/services.py",
        "if by is not None and not can_review(by):",
        label="confirm: reviewer only",
    ),
    IF(
        "payments/services.py",
        "if payment.status == PaymentStatus.CONFIRMED:",
        after="def payment_confirm(",
        label="confirm: idempotent",
    ),
    IF(
        "payments/services.py",
        "if payment.status == outcome:",
        label="fail: idempotent",
    ),
    IF(
        "payments/services.py",
        "if payment.user_id != by.pk and not is_staff:",
        label="cancel: own payment or staff",
    ),
    IF(
        "payments/services.py",
        "if payment.status not in OPEN_STATUSES and not is_staff:",
        label="cancel: member only an unpaid one",
    ),
    IF(
        "payments/services.py",
        "if not can_review(by):",
        after="def payment_refund(",
        label="record refund: reviewer only",
    ),
    IF(
        "payments/services.py",
        'if not (reason or "").strip():',
        label="record refund: reason required",
    ),
    IF(
        "payments/services.py",
        "if payment.status == PaymentStatus.REFUNDED:",
        after="def payment_refund(",
        label="record refund: idempotent",
    ),
    IF(
        "payments/services.py",
        "if not can_review(by):",
        after="def issue_resolve(",
        label="resolve issue: reviewer only",
    ),
    IF(
        "payments/services.py",
        "if not resolution:",
        label="resolve issue: say what was done",
    ),
    IF(
        "payments/receipts.py",
        "if payment.user_id != user.pk:",
        label="receipt_submit: own payment",
    ),
    IF(
        "payments/receipts.py",
        "if not payment.accepts_receipt:",
        label="receipt_submit: payment takes a receipt",
    ),
    IF(
        "payments/receipts.py",
        "if not can_review(by):",
        after="def receipt_confirm(",
        label="receipt_confirm: reviewer only",
    ),
    IF(
        "payments/receipts.py",
        "if payment.status != PaymentStatus.AWAITING_REVIEW:",
        after="def receipt_confirm(",
        label="receipt_confirm: awaiting review only",
    ),
    IF(
        "payments/receipts.py",
        "if not can_review(by):",
        after="def receipt_reject(",
        label="receipt_reject: reviewer only",
    ),
    IF(
        "payments/receipts.py",
        "if not reason:",
        after="def receipt_reject(",
        label="receipt_reject: reason required",
    ),
    IF(
        "payments/receipts.py",
        "if payment.status != PaymentStatus.AWAITING_REVIEW:",
        after="def receipt_reject(",
        label="receipt_reject: awaiting review only",
    ),
    IF(
        "payments/receipts.py",
        "if not can_review(by):",
        after="def receipts_bulk_confirm(",
        label="bulk confirm: reviewer only",
    ),
    IF(
        "payments/receipts.py",
        "if to_status not in RECEIPT_TRANSITIONS.get(receipt.status, ()):",
        label="receipt transitions",
    ),
    IF(
        "payments/refunds.py",
        "if not can_refund(by):",
        after="def refund_start(",
        label="refund_start: refund right",
    ),
    IF(
        "payments/refunds.py",
        "if not reason:",
        after="def refund_start(",
        label="refund_start: reason required",
    ),
    IF(
        "payments/refunds.py",
        "if payment.status == PaymentStatus.REFUNDED:",
        after="def refund_start(",
        label="refund_start: idempotent",
    ),
    IF(
        "payments/refunds.py",
        "if payment.status != PaymentStatus.CONFIRMED:",
        after="def refund_start(",
        label="refund_start: only a paid payment",
    ),
    IF(
        "payments/refunds.py",
        "if gateway is None or not payment.provider_payment_id:",
        label="refund_start: provider configured",
    ),
    IF(
        "payments/refunds.py",
        "if payment.status != PaymentStatus.CONFIRMED:",
        after="def _refund_record(",
        label="_refund_record: paid (under lock)",
    ),
    IF(
        "payments/refunds.py",
        "if not can_refund(by):",
        after="def refund_check(",
        label="refund_check: refund right",
    ),
    IF(
        "payments/refunds.py",
        "if to_status not in REFUND_TRANSITIONS.get(refund.status, ()):",
        label="refund transitions",
    ),
    IF(
        "payments/webhooks.py",
        "if not can_transition(payment.status, PaymentStatus.CONFIRMED):",
        label="webhook paid: flag when closed",
    ),
    IF(
        "payments/webhooks.py",
        "if not can_transition(payment.status, PaymentStatus.REFUNDED):",
        label="webhook refunded: flag mismatch",
    ),
    # audit entries
    M(
        "payments/services.py",
        "    audit_log(\n        action=action,",
        "    (lambda **k: None)(\n        action=action,",
        label="_audit writes the entry (all payment audits)",
    ),
    AUDITCALL("payments/services.py", '_audit("payments.payment.created"'),
    AUDITCALL(
        "payments/services.py", '_audit(\n            "payments.checkout.started"'
    ),
    AUDITCALL(
        "payments/services.py", '_audit(\n            "payments.payment.confirmed"'
    ),
    AUDITCALL(
        "payments/services.py",
        '_audit(f"payments.payment.{verb}"',
        label="audit payments.payment.failed/expired",
    ),
    AUDITCALL("payments/services.py", '_audit("payments.payment.cancelled"'),
    AUDITCALL("payments/services.py", '_audit("payments.payment.refunded"'),
    AUDITCALL("payments/services.py", '_audit("payments.issue.flagged"'),
    AUDIT("payments/services.py", '"payments.issue.resolved"'),
    AUDITCALL(
        "payments/receipts.py",
        '_audit(\n                f"payments.receipt.{action}"',
        label="audit payments.receipt.submitted/replaced",
    ),
    AUDITCALL(
        "payments/receipts.py", '_audit(\n            "payments.receipt.confirmed"'
    ),
    AUDITCALL(
        "payments/receipts.py", '_audit(\n            "payments.receipt.rejected"'
    ),
    AUDITCALL(
        "payments/refunds.py",
        'services._audit(\n            "payments.refund.requested"',
    ),
    AUDITCALL(
        "payments/refunds.py", 'services._audit(\n        "payments.payment.refunded"'
    ),
    AUDITCALL(
        "payments/refunds.py", 'services._audit(\n            "payments.refund.failed"'
    ),
]


MUTATIONS["credits"] = [
    # member views: ownership
    M(
        "credits/views.py",
        "get_object_or_404(NmoCode, pk=pk, assigned_to=request.user)",
        "get_object_or_404(NmoCode, pk=pk)",
        label="nmo_entered view: own НМО code only (404)",
    ),
    M(
        "credits/selectors.py",
        ".filter(user=user, certificate_id=certificate_id)",
        ".filter(certificate_id=certificate_id)",
        label="certificate view: own record only (certificate_for_owner, 404)",
    ),
    IF(
        "credits/views.py",
        "if record is None or record.credits <= 0:",
        label="certificate view: no certificate for 0 credits",
    ),
    # check-in views: permission
    IF(
        "credits/views_checkin.py",
        "if not request.user.is_authenticated:",
        label="check-in: anonymous → login",
    ),
    IF(
        "credits/views_checkin.py",
        "if not (request.user.is_active and request.user.has_perm(PERMISSION)):",
        label="check-in: check-in right (403)",
    ),
    # staff views: permission
    IF(
        "credits/admin_views.py",
        "if not (\n        request.user.is_active and any(request.user.has_perm(p) for p in permissions)\n    ):",
        label="_require: the named rights",
    ),
    DROP(
        "credits/admin_views.py",
        "_require(request, *HUB_PERMISSIONS)",
        after="def events_index(",
        label="events_index calls _require",
    ),
    DROP(
        "credits/admin_views.py",
        "_require(request, *HUB_PERMISSIONS)",
        after="def event_hub(",
        label="event_hub calls _require",
    ),
    M(
        "credits/admin_views.py",
        '_require(request, "credits.add_creditcode")',
        "_require(request, *HUB_PERMISSIONS)",
        label="generate view: add_creditcode (not just hub)",
    ),
    M(
        "credits/admin_views.py",
        '_require(request, "credits.view_creditcode")',
        "_require(request, *HUB_PERMISSIONS)",
        after="def batch_csv(",
        label="batch_csv view: view_creditcode",
    ),
    M(
        "credits/admin_views.py",
        '_require(request, "credits.view_creditcode")',
        "_require(request, *HUB_PERMISSIONS)",
        after="def batch_pdf(",
        label="batch_pdf view: view_creditcode",
    ),
    M(
        "credits/admin_views.py",
        '_require(request, "credits.change_creditcode")',
        "_require(request, *HUB_PERMISSIONS)",
        after="def batch_revoke(",
        label="batch_revoke view: change_creditcode",
    ),
    M(
        "credits/admin_views.py",
        '_require(request, "credits.change_creditcode")',
        "_require(request, *HUB_PERMISSIONS)",
        after="def code_revoke(",
        label="code_revoke view: change_creditcode",
    ),
    M(
        "credits/admin_views.py",
        '_require(request, "credits.add_nmocode")',
        "_require(request, *HUB_PERMISSIONS)",
        label="nmo_upload view: add_nmocode",
    ),
    M(
        "credits/admin_views.py",
        '_require(request, "credits.change_eventcreditpolicy")',
        "_require(request, *HUB_PERMISSIONS)",
        label="policy view: change_eventcreditpolicy",
    ),
    M(
        "credits/admin_views.py",
        '_require(request, "credits.add_creditrecord")',
        "_require(request, *HUB_PERMISSIONS)",
        label="adjust view: add_creditrecord",
    ),
    M(
        "credits/admin_views.py",
        '_require(request, "credits.view_creditrecord", "credits.view_creditcode")',
        "_require(request, *HUB_PERMISSIONS)",
        label="report view: view_creditrecord/view_creditcode",
    ),
    IF(
        "credits/admin_viewsets.py",
        'if action in {"add", "change", "delete"}:',
        label="ReadOnlyPolicy: no generic add/change/delete",
    ),
    M(
        "credits/admin_viewsets.py",
        'and request.user.has_perm("credits.change_creditcode")',
        "",
        label="Revoke link only with change_creditcode",
    ),
    # services: permission, state, ownership
    IF(
        "credits/services/codes.py",
        'if not (actor.is_active and actor.has_perm("credits.add_creditcode")):',
        label="generate: add_creditcode",
    ),
    IF(
        "credits/services/codes.py",
        "if not 1 <= count <= MAX_CODES_PER_BATCH:",
        label="generate: 1..max codes",
    ),
    IF(
        "credits/services/codes.py",
        'if credits is None or not Decimal("0") < credits <= MAX_CREDITS:',
        label="generate: credits in range",
    ),
    IF(
        "credits/services/codes.py",
        "if valid_until <= valid_from:",
        label="generate: until after from",
    ),
    IF(
        "credits/services/codes.py",
        "if not updated:",
        label="revoke: only unused codes",
    ),
    IF(
        "credits/services/codes.py",
        'if not (actor.is_active and actor.has_perm("credits.change_creditcode")):',
        label="revoke: change_creditcode",
    ),
    DROP(
        "credits/services/codes.py",
        "_check_revoke_permission(actor)",
        after="def credit_code_revoke(",
        label="credit_code_revoke checks the right",
    ),
    DROP(
        "credits/services/codes.py",
        "_check_revoke_permission(actor)",
        after="def credit_codes_revoke_unused(",
        label="credit_codes_revoke_unused checks the right",
    ),
    IF(
        "credits/services/codes.py",
        "if until is not None:",
        label="redeem: throttled after failures",
    ),
    IF("credits/services/codes.py", "if not normalized:", label="redeem: empty code"),
    IF(
        "credits/services/codes.py",
        "if (\n            code is None",
        label="redeem: unknown/revoked/unpublished code",
    ),
    M(
        "credits/services/codes.py",
        "\n            or code.status == CreditCodeStatus.REVOKED",
        "",
        label="redeem: revoked code refused",
    ),
    M(
        "credits/services/codes.py",
        "\n            or not code.event.live",
        "",
        label="redeem: code of an unpublished event refused",
    ),
    IF(
        "credits/services/codes.py",
        "if code.status == CreditCodeStatus.USED:",
        label="redeem: used code refused",
    ),
    IF(
        "credits/services/codes.py",
        "if code.used_by_id == user.pk:",
        label="redeem: own used code → already credited",
    ),
    IF(
        "credits/services/codes.py",
        "if now < code.valid_from:",
        label="redeem: not yet valid",
    ),
    IF(
        "credits/services/codes.py",
        "if now > code.valid_until:",
        label="redeem: expired",
    ),
    IF(
        "credits/services/ledger.py",
        'if not (actor.is_active and actor.has_perm("credits.check_in_attendees")):',
        label="checkin_record: check-in right",
    ),
    IF(
        "credits/services/ledger.py",
        "if not event.live:",
        label="checkin_record: published event",
    ),
    IF(
        "credits/services/ledger.py",
        "if existing is not None:",
        label="checkin_record: once",
    ),
    IF(
        "credits/services/ledger.py",
        "if CreditRecord.objects.filter(user=user, event=event).exists():",
        label="_record_once: one record per event",
    ),
    IF(
        "credits/services/ledger.py",
        'if not (actor.is_active and actor.has_perm("credits.add_creditrecord")):',
        label="adjust: add_creditrecord",
    ),
    IF("credits/services/ledger.py", "if not reason:", label="adjust: reason required"),
    IF(
        "credits/services/ledger.py",
        'if not Decimal("0") <= credits <= MAX_CREDITS:',
        label="adjust: credits in range",
    ),
    IF(
        "credits/services/ledger.py",
        "if cycle_start is not None and cycle_start > local_today():",
        label="cycle: not in the future",
    ),
    IF(
        "credits/services/ledger.py",
        'if not (actor.is_active and actor.has_perm("credits.change_eventcreditpolicy")):',
        label="policy: change_eventcreditpolicy",
    ),
    IF(
        "credits/services/nmo.py",
        'if not (actor.is_active and actor.has_perm("credits.add_nmocode")):',
        label="nmo import: add_nmocode",
    ),
    IF("credits/services/nmo.py", "if not codes:", label="nmo import: no codes"),
    IF(
        "credits/services/nmo.py",
        "if len(set(codes)) != len(codes):",
        label="nmo import: duplicates in file",
    ),
    IF("credits/services/nmo.py", "if taken:", label="nmo import: imported before"),
    IF(
        "credits/services/nmo.py",
        "if NmoCode.objects.filter(event=event, assigned_to_id=user_id).exists():",
        label="nmo assign: one code per member and event",
    ),
    IF(
        "credits/services/nmo.py",
        "if nmo_code.assigned_to_id != user.pk:",
        label="nmo entered: own code",
    ),
    # audit entries
    AUDIT("credits/services/codes.py", '"credits.codes.generated"'),
    AUDIT("credits/services/codes.py", '"credits.code.revoked"'),
    AUDIT("credits/services/codes.py", '"credits.codes.revoked"'),
    AUDIT("credits/services/codes.py", '"credits.code.redeemed"'),
    AUDIT("credits/services/ledger.py", '"credits.checkin.recorded"'),
    AUDIT("credits/services/ledger.py", '"credits.record.adjusted"'),
    AUDIT("credits/services/ledger.py", '"credits.cycle.set"'),
    AUDIT("credits/services/ledger.py", '"credits.policy.changed"'),
    AUDIT("credits/services/nmo.py", '"credits.nmo.imported"'),
    AUDIT("credits/services/nmo.py", '"credits.nmo.assigned"'),
    AUDIT("credits/services/nmo.py", '"credits.nmo.entered"'),
    AUDIT("credits/services/nmo.py", '"credits.nmo.reminded"'),
    # appended (keep the numbers above stable): the 0-credits half of #2 alone
    M(
        "credits/views.py",
        "if record is None or record.credits <= 0:",
        "if record is None:",
        label="certificate view: no certificate for a 0-credit record",
    ),
    # files prepared in the background (credits/staff_exports.py, core.exports)
    M(
        "credits/staff_exports.py",
        'CODE_VIEW = "credits.view_creditcode"',
        'CODE_VIEW = ("credits.view_creditcode", "credits.add_nmocode")',
        label="cards/codes kinds: view_creditcode only",
    ),
    M(
        "credits/staff_exports.py",
        'REPORT_VIEW = ("credits.view_creditrecord", "credits.view_creditcode")',
        'REPORT_VIEW = ("credits.view_creditrecord", "credits.view_creditcode", '
        '"credits.add_nmocode")',
        label="report kinds: a view right",
    ),
    IF(
        "credits/staff_exports.py",
        "if batch is None:",
        label="build: the batch still exists (a message, not a crash)",
    ),
    IF(
        "credits/admin_views.py",
        "if file_format not in REPORT_FORMATS:",
        label="report view: csv or xlsx only (404)",
    ),
]

MUTATIONS["materials"] = [
    IF(
        "materials/views.py",
        "if not can_read(request.user):",
        after="def document(",
        label="document view: readers only (404)",
    ),
    IF(
        "materials/views.py",
        "if doc is None:",
        after="def document(",
        label="document view: no such or not our document (404)",
    ),
    M(
        "materials/selectors.py",
        "return None if restrictions.exists() else document",
        "return document",
        label="readable_document: not a document of another restriction",
    ),
    M(
        "materials/selectors.py",
        "elif not MaterialDocument.objects.filter(",
        "elif False and not MaterialDocument.objects.filter(",
        label="readable_document: outside the collection only if attached to a live material",
    ),
    M(
        "materials/selectors.py",
        "restrictions = restrictions.exclude(collection__depth__lte=collection.depth)",
        "restrictions = restrictions.none()",
        label="readable_document: only the members' restriction is ours to lift",
    ),
    IF(
        "materials/access.py",
        "if user is None or not user.is_authenticated or not user.is_active:",
        label="can_read: signed in and active",
    ),
    M(
        "materials/access.py",
        "or not user.is_active:",
        ":",
        label="can_read: inactive account refused",
    ),
    IF("materials/access.py", "if user.is_staff:", label="can_read: staff may read"),
    M(
        "materials/access.py",
        "if remembered is not None and remembered[0] == today:",
        "if remembered is not None:",
        label="can_read: remembered for the day only",
    ),
    IF(
        "materials/models.py",
        "if not request.user.is_authenticated:",
        label="members pages: anonymous → login",
    ),
    IF(
        "materials/models.py",
        'if can_read(getattr(request, "user", None)):',
        after="def get_template(",
        label="material page: invitation for non-readers",
    ),
    IF(
        "materials/wagtail_hooks.py",
        "if can_read(request.user):",
        label="wagtail document URL: redirect only readers",
    ),
    IF(
        "materials/wagtail_hooks.py",
        "if not is_members_document(document):",
        label="wagtail document URL: members documents guarded",
    ),
    IF(
        "materials/selectors.py",
        "if not can_read(user):",
        label="newest materials: none for non-readers",
    ),
    AUDIT("materials/services.py", '"materials.document.downloaded"'),
    DROP(
        "materials/views.py",
        "document_download_record(user=request.user, document=doc, ip=_ip(request))",
        after="def document(",
        label="document view records the download",
    ),
]

MUTATIONS["privacy"] = [
    # member views: ownership
    M(
        "privacy/services.py",
        "DataArchive.objects.filter(token=token, requested_by=user)",
        "DataArchive.objects.filter(token=token)",
        label="archive download: only the person who asked (404)",
    ),
    IF(
        "privacy/views.py",
        "if archive is None:",
        label="archive download: 404 for anyone else",
    ),
    # staff views: permission
    IF(
        "privacy/admin_views.py",
        "if not services.can_handle(request.user):",
        label="_require_handler",
    ),
    DROP(
        "privacy/admin_views.py",
        "_require_handler(request)",
        after="def queue(",
        label="queue calls _require_handler",
    ),
    DROP(
        "privacy/admin_views.py",
        "_require_handler(request)",
        after="def archive(",
        label="archive calls _require_handler",
    ),
    DROP(
        "privacy/admin_views.py",
        "_require_handler(request)",
        after="def add(",
        label="add calls _require_handler",
    ),
    M(
        "privacy/admin_views.py",
        "permission=services.HANDLE_PERMISSION,",
        ACCESS_ADMIN,
        nth=1,
        label="done view: handle permission (confirm_then_run)",
    ),
    M(
        "privacy/admin_views.py",
        "permission=services.HANDLE_PERMISSION,",
        ACCESS_ADMIN,
        nth=2,
        label="close_account view: handle permission (confirm_then_run)",
    ),
    M(
        "privacy/services.py",
        "return bool(user and user.is_active and user.has_perm(HANDLE_PERMISSION))",
        "return bool(user and user.is_active)",
        label="can_handle: the handle permission",
    ),
    IF(
        "privacy/middleware.py",
        "if flagged and not self._allowed(request):",
        label="consent middleware: flagged session sent to the consent page",
    ),
    # services: permission, state
    IF(
        "privacy/services.py",
        "if requested_by.pk != user.pk and not can_handle(requested_by):",
        label="archive_request: own data or staff",
    ),
    IF(
        "privacy/services.py",
        "if not user.is_active and requested_by.pk == user.pk:",
        label="archive_request: closed account",
    ),
    IF(
        "privacy/services.py",
        "if mine.filter(status=ArchiveStatus.BUILDING).exists():",
        label="archive_request: one at a time",
    ),
    IF(
        "privacy/services.py",
        "if (\n        archive.status != ArchiveStatus.READY",
        label="archive_take: used/expired → 410",
    ),
    M(
        "privacy/services.py",
        "\n        or archive.downloaded_at is not None",
        "",
        label="archive_take: once only",
    ),
    M(
        "privacy/services.py",
        "\n        or archive.expires_at <= now",
        "",
        label="archive_take: expired link",
    ),
    IF(
        "privacy/services.py",
        "if not taken:",
        label="archive_take: race on the one download",
    ),
    IF(
        "privacy/services.py",
        "if actor.pk != user.pk and not can_handle(actor):",
        after="def request_create(",
        label="request_create: own or staff",
    ),
    IF(
        "privacy/services.py",
        "if kind not in RequestKind.values:",
        label="request_create: known kind",
    ),
    IF(
        "privacy/services.py",
        "if not user.is_active:",
        after="def request_create(",
        label="request_create: closed account",
    ),
    IF(
        "privacy/services.py",
        "if kind == RequestKind.CORRECTION and not details.strip():",
        label="request_create: correction says what",
    ),
    IF(
        "privacy/services.py",
        "if open_requests.exists():",
        label="request_create: one open per kind",
    ),
    IF(
        "privacy/services.py",
        "if not can_handle(actor):",
        after="def request_done(",
        label="request_done: handler only",
    ),
    IF(
        "privacy/services.py",
        "if data_request.status == RequestStatus.DONE:",
        label="request_done: idempotent",
    ),
    IF(
        "privacy/services.py",
        "if actor.pk != user.pk and not can_handle(actor):",
        after="def account_close(",
        label="account_close: own or staff",
    ),
    IF(
        "privacy/services.py",
        "if user.is_superuser:",
        label="account_close: not an administrator",
    ),
    IF(
        "privacy/services.py",
        "if AccountClosure.objects.filter(user=user).exists():",
        label="account_close: once",
    ),
    # audit entries
    AUDIT("privacy/services.py", '"privacy.archive.requested"'),
    AUDIT("privacy/services.py", '"privacy.archive.downloaded"'),
    AUDIT("privacy/services.py", '"privacy.request.created"'),
    AUDIT("privacy/services.py", '"privacy.request.done"'),
    AUDIT("privacy/services.py", '"privacy.account.closed"'),
    AUDIT("privacy/services.py", '"privacy.retention.done"'),
    AUDIT("privacy/consent.py", '"privacy.consent.accepted"'),
    AUDIT("privacy/signals.py", '"privacy.account.logged_in"'),
]

# core has no services module; its guarded service (mail_resend) and staff views:
MUTATIONS["core"] = [
    IF(
        "core/mail.py",
        'if not (actor.is_active and actor.has_perm("core.change_outgoingmail")):',
        label="mail_resend: change_outgoingmail",
    ),
    IF(
        "core/mail.py",
        "if mail.status != OutgoingMail.Status.FAILED:",
        after="def mail_resend(",
        label="mail_resend: only a failed mail",
    ),
    AUDIT("core/mail.py", '"core.mail.resent"'),
    IF(
        "core/admin_views.py",
        "if action in self.denied:",
        label="stored mail: read-only policy",
    ),
    M(
        "core/admin_views.py",
        "permission=RESEND_PERMISSION,",
        ACCESS_ADMIN,
        label="resend view: change_outgoingmail (confirm_then_run)",
    ),
    M(
        "core/admin_views.py",
        " or not (\n            self.request.user.has_perm(RESEND_PERMISSION)\n        )",
        "",
        label="Send again button only with the right",
    ),
    IF(
        "core/admin.py",
        "if not request.user.has_perm(permission):",
        label="confirm_then_run: the permission (403)",
    ),
    IF(
        "core/audit.py",
        "if not log_registry.action_exists(action):",
        after="def audit_log(",
        label="audit_log: registered actions only",
    ),
    # files prepared for staff (core/exports.py, core/export_views.py)
    IF(
        "core/exports.py",
        "if not can_export(actor, kind):",
        label="export_request: the kind's right",
    ),
    AUDIT("core/exports.py", '"core.export.requested"'),
    M(
        "core/exports.py",
        "return any(user.has_perm(permission) for permission in spec.permissions)",
        "return True",
        label="can_export: holds one of the kind's permissions",
    ),
    M(
        "core/exports.py",
        "return queryset.filter(status=source).update(",
        "return queryset.update(",
        label="_move: only from the current status (a second build run does nothing)",
    ),
    IF(
        "core/exports.py",
        "if target not in StaffExport.TRANSITIONS[source]:",
        label="_move: declared transitions only",
    ),
    M(
        "core/exports.py",
        "StaffExport.objects.filter(pk=export_id, requested_by=user).first()",
        "StaffExport.objects.filter(pk=export_id).first()",
        label="export_for: the requester's own files only (404)",
    ),
    IF(
        "core/exports.py",
        "if not can_export(user, job.kind):",
        label="export_take: still holds the kind's right",
    ),
    IF(
        "core/exports.py",
        "if job.status != Status.READY:",
        label="export_take: ready files only",
    ),
    M(
        "core/exports.py",
        "if is_expired(job) or not job.file",
        "if not job.file",
        label="export_take: not after expiry",
    ),
    M(
        "core/exports.py",
        " or not job.file.storage.exists(job.file.name)",
        "",
        label="export_take: the file is still in the storage",
    ),
    IF(
        "core/export_views.py",
        "if not exports.can_export(request.user, job.kind):",
        label="status page: still holds the kind's right",
    ),
    AUDITCALL(
        "core/export_views.py",
        "audit_export(request=request, what=job.kind",
        label="download: an audited export",
    ),
    M(
        "core/export_views.py",
        'if request.method == "GET":',
        "if True:",
        label="download: HEAD is not audited (only a GET counts)",
    ),
    M(
        "core/exports.py",
        "StaffExport.objects.filter(requested_by=user).order_by(",
        "StaffExport.objects.order_by(",
        label="exports_of: the list shows one's own files only",
    ),
    M(
        "core/exports.py",
        "for job in jobs[:limit] if can_export(user, job.kind)]",
        "for job in jobs[:limit]]",
        label="exports_of: only kinds the person still holds the right to",
    ),
    M(
        "core/wagtail_hooks.py",
        "return can_export_any(request.user)",
        "return True",
        label="Prepared files menu item: staff who may prepare a kind only",
    ),
]


#: Test files tried first for a mutation of this source file (phase 1, fast, no
#: migrations). A failure there is a catch; if they all pass, the whole
#: tests/<app> runs (phase 2, exactly as CI: with migrations). The hint files are
#: run unmutated first (--baseline) so a failure is the mutation's doing.
HINTS = {
    "members/": ["tests/members/test_guards.py", "tests/members/test_view_guards.py"],
    "membership/views.py": [
        "tests/membership/test_cabinet.py",
        "tests/membership/test_attachment.py",
    ],
    "membership/board/": [
        "tests/membership/test_admin.py",
        "tests/membership/test_bulk.py",
        "tests/membership/test_attachment.py",
    ],
    "membership/selectors.py": ["tests/membership/test_access.py"],
    "membership/services/": [
        "tests/membership/test_applications.py",
        "tests/membership/test_votes.py",
        "tests/membership/test_dues.py",
        "tests/membership/test_transitions.py",
    ],
    "payments/views.py": [
        "tests/payments/test_views.py",
        "tests/payments/test_checkout.py",
        "tests/payments/test_uploads.py",
    ],
    "payments/selectors.py": ["tests/payments/test_views.py"],
    "payments/webhooks.py": ["tests/payments/test_webhooks.py"],
    "payments/admin_views.py": ["tests/payments/test_admin.py"],
    "payments/admin_payments.py": [
        "tests/payments/test_admin_payments.py",
        "tests/payments/test_refunds.py",
    ],
    "payments/services.py": [
        "tests/payments/test_services.py",
        "tests/payments/test_transitions.py",
        "tests/payments/test_checkout.py",
    ],
    "payments/receipts.py": ["tests/payments/test_receipts.py"],
    "payments/refunds.py": ["tests/payments/test_refunds.py"],
    "credits/views.py": [
        "tests/credits/test_cabinet.py",
        "tests/credits/test_nmo.py",
        "tests/credits/test_pdf.py",
    ],
    "credits/selectors.py": [
        "tests/credits/test_cabinet.py",
        "tests/credits/test_pdf.py",
    ],
    "credits/views_checkin.py": ["tests/credits/test_checkin.py"],
    "credits/admin_": ["tests/credits/test_admin.py"],
    "credits/services/codes.py": [
        "tests/credits/test_codes.py",
        "tests/credits/test_redeem.py",
    ],
    "credits/services/": [
        "tests/credits/test_services.py",
        "tests/credits/test_nmo.py",
        "tests/credits/test_checkin.py",
    ],
    "materials/": [
        "tests/materials/test_access.py",
        "tests/materials/test_documents.py",
        "tests/materials/test_no_leak.py",
        "tests/materials/test_pages.py",
    ],
    "privacy/": [
        "tests/privacy/test_cabinet.py",
        "tests/privacy/test_requests.py",
        "tests/privacy/test_close.py",
        "tests/privacy/test_consent.py",
    ],
    "core/": [
        "tests/core/test_mail_admin.py",
        "tests/core/test_mail.py",
        "tests/core/test_audit.py",
    ],
    "core/export": ["tests/core/test_exports.py"],
    "core/wagtail_hooks.py": [
        "tests/core/test_exports.py",
        "tests/core/test_mail_admin.py",
    ],
    "credits/staff_exports.py": [
        "tests/credits/test_admin.py",
        "tests/privacy/test_exports.py",
    ],
}


def hints_for(path, app, root=ROOT):
    """The hint files for `path` (longest matching prefix), plus the app's
    tests/<app>/test_guards.py when it exists."""
    best = max((k for k in HINTS if path.startswith(k)), key=len, default=None)
    files = list(HINTS.get(best, []))
    guards = f"tests/{app}/test_guards.py"
    if (root / guards).exists() and guards not in files:
        files.insert(0, guards)
    return [f for f in files if (root / f).exists()]


# ---------------------------------------------------------------- engine
def apply(text, m):
    """The mutated text, or an error string when the pattern is not unique."""
    start = 0
    if m.after is not None:
        n = text.count(m.after)
        if n != 1:
            return None, f"ANCHOR COUNT {n}"
        start = text.index(m.after)
    if m.regex:
        found = list(re.finditer(m.old, text[start:], re.S))
        spans = [(start + f.start(), start + f.end()) for f in found]
    else:
        spans, i = [], text.find(m.old, start)
        while i != -1:
            spans.append((i, i + len(m.old)))
            i = text.find(m.old, i + 1)
    if m.nth is not None:
        if len(spans) < m.nth:
            return None, f"PATTERN COUNT {len(spans)} < nth {m.nth}"
        span = spans[m.nth - 1]
    elif m.after is not None:
        if not spans:
            return None, "PATTERN COUNT 0 after anchor"
        span = spans[0]
    else:
        if len(spans) != 1:
            return None, f"PATTERN COUNT {len(spans)}"
        span = spans[0]
    if not m.iftest:
        return text[: span[0]] + m.new + text[span[1] :], None
    line = text.count("\n", 0, span[0]) + 1
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for chunk in lines:
        offsets.append(offsets[-1] + len(chunk))

    def pos(lineno, col):  # ast columns are UTF-8 byte offsets
        return offsets[lineno - 1] + len(lines[lineno - 1].encode()[:col].decode())

    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.If) and node.lineno == line:
            a = pos(node.test.lineno, node.test.col_offset)
            b = pos(node.test.end_lineno, node.test.end_col_offset)
            return text[:a] + (m.new or "False") + text[b:], None
    return None, f"NO IF AT LINE {line}"


def copy_tree(dest):
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(
        ROOT,
        dest,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "media", "*.sqlite3", "__pycache__", "wip", "node_modules"
        ),
        symlinks=True,
    )
    (dest / ".venv").symlink_to((ROOT / ".venv").resolve())


def pytest(tree, targets, fast=False, deselect=(), stop=True):
    extra = ["--nomigrations"] if fast else []
    extra += [f"--deselect={node}" for node in deselect]
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [
            shutil.which("nice") or "nice",
            "-n",
            "10",
            str(PYTHON),
            "-m",
            "pytest",
            *targets,
            "-m",
            "not browser",
            "-q",
            "-p",
            "no:cacheprovider",
            *(["-x"] if stop else []),
            *extra,
        ],
        cwd=tree,
        capture_output=True,
        text=True,
    )


def run_app(app, mutations, only=None, check=False, full_only=False, hints_only=False):
    tree = TMP / "tree"
    if not check:
        copy_tree(tree)
    rows = []
    broken = []  # hint tests that fail unmutated without migrations: left out
    if not check and not full_only:
        chosen = [m for i, m in enumerate(mutations) if not only or i in only]
        files = sorted({f for m in chosen for f in hints_for(m.path, app, tree)})
        if files:
            r = pytest(tree, files, fast=FAST, stop=False)
            broken = [
                line.split(" ", 1)[1].split(" - ")[0]
                for line in r.stdout.splitlines()
                if line.startswith(("FAILED ", "ERROR tests"))
            ]
            if broken:
                print(
                    f"{app}: left out of phase 1 (fail unmutated): {broken}", flush=True
                )
    for i, m in enumerate(mutations):
        if only and i not in only:
            continue
        source = (ROOT / m.path).read_text()
        mutated, error = apply(source, m)
        if error is None and mutated == source:
            error = "NO CHANGE"
        if error is None:
            try:
                compile(mutated, m.path, "exec")
            except SyntaxError as exc:
                error = f"SYNTAX {exc}"
        if error or check:
            row = (app, i, m.path, m.describe(), error or "ok", "", "")
            rows.append(row)
            print("\t".join(map(str, row)), flush=True)
            continue
        target = tree / m.path
        target.write_text(mutated)
        started = time.monotonic()
        try:
            phase, r = 1, None
            hint = hints_for(m.path, app, tree)
            if hint and not full_only:
                r = pytest(tree, hint, fast=FAST, deselect=broken)
            if (r is None or r.returncode != 1) and not hints_only:
                phase, r = 2, pytest(tree, [f"tests/{app}"], deselect=broken)
        finally:
            target.write_text(source)
        out = r.stdout.splitlines()
        failed = next((x for x in out if x.startswith(("FAILED ", "ERROR tests"))), "")
        last = next(
            (
                x
                for x in reversed(out)
                if " in " in x and ("passed" in x or "failed" in x or "error" in x)
            ),
            "",
        )
        row = (
            app,
            i,
            m.path,
            m.describe(),
            {0: "SURVIVED", 1: "CAUGHT", 5: "SURVIVED (no test ran)"}.get(
                r.returncode, f"ERROR rc={r.returncode}"
            ),
            failed[:200],
            f"phase {phase}: {last.strip()} [{time.monotonic() - started:.0f}s]",
        )
        rows.append(row)
        print("\t".join(map(str, row)), flush=True)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("app", nargs="?", default="all")
    parser.add_argument("--only", help="comma-separated mutation numbers")
    parser.add_argument("--check", action="store_true", help="check patterns only")
    parser.add_argument("--full", action="store_true", help="skip phase 1 (hint files)")
    parser.add_argument(
        "--with-migrations", action="store_true", help="phase 1 with migrations too"
    )
    parser.add_argument(
        "--hints-only",
        action="store_true",
        help="phase 1 only: SURVIVED means no hint file caught it (quick triage "
        "on a busy machine; confirm survivors with a full run or a new test)",
    )
    args = parser.parse_args()
    global FAST
    FAST = not args.with_migrations
    apps = list(MUTATIONS) if args.app == "all" else args.app.split(",")
    only = {int(x) for x in args.only.split(",")} if args.only else None
    TMP.mkdir(parents=True, exist_ok=True)
    survived = 0
    for app in apps:
        rows = run_app(
            app,
            MUTATIONS[app],
            only=only,
            check=args.check,
            full_only=args.full,
            hints_only=args.hints_only,
        )
        if not args.check:
            with open(TMP / f"{app}.tsv", "w") as out:
                for row in rows:
                    out.write("\t".join(map(str, row)) + "\n")
        survived += sum(1 for r in rows if r[4] != "CAUGHT" and r[4] != "ok")
    print(f"not caught (or broken pattern): {survived}")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
