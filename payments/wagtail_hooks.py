"""The payments app in the Wagtail admin: its audit actions, the review screens,
their menu and the dashboard panel."""

from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from . import admin_payments, admin_views, refunds, selectors, services

ACTIONS = {
    "payments.payment.created": _("Payment created"),
    "payments.payment.confirmed": _("Payment confirmed"),
    "payments.payment.failed": _("Online payment failed"),
    "payments.payment.expired": _("Online payment expired"),
    "payments.payment.cancelled": _("Payment cancelled"),
    "payments.payment.refunded": _("Payment refunded"),
    "payments.refund.requested": _("Refund requested from the provider"),
    "payments.refund.failed": _("Refund failed"),
    "payments.checkout.started": _("Online payment started"),
    "payments.receipt.submitted": _("Receipt sent"),
    "payments.receipt.replaced": _("Receipt replaced"),
    "payments.receipt.confirmed": _("Receipt accepted"),
    "payments.receipt.rejected": _("Receipt rejected"),
    "payments.issue.flagged": _("Payment flagged for attention"),
    "payments.issue.resolved": _("Payment issue resolved"),
}


@hooks.register("register_log_actions")
def register_payments_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)


admin_urlpatterns = [
    path("receipts/", admin_views.queue, name="queue"),
    path("receipts/bulk-confirm/", admin_views.bulk_confirm, name="bulk_confirm"),
    path("receipts/<uuid:reference>/", admin_views.review, name="review"),
    path("receipts/<uuid:reference>/confirm/", admin_views.confirm, name="confirm"),
    path("receipts/<uuid:reference>/reject/", admin_views.reject, name="reject"),
    path("attention/", admin_views.attention, name="attention"),
    path("attention/<id:pk>/resolve/", admin_views.resolve, name="resolve"),
    path("all/", admin_payments.payment_list, name="payments"),
    path("all/<uuid:reference>/", admin_payments.payment_detail, name="payment"),
    path("all/<uuid:reference>/refund/", admin_payments.refund, name="refund"),
    path(
        "all/<uuid:reference>/refund/check/",
        admin_payments.refund_check,
        name="refund_check",
    ),
]


@hooks.register("register_admin_urls")
def register_payments_admin_urls():
    return [
        path(
            "payments/",
            include((admin_urlpatterns, "payments_admin"), namespace="payments_admin"),
        )
    ]


class ReviewerMenuItem(MenuItem):
    """Shown only to staff who review receipts."""

    def is_shown(self, request):
        return services.can_review(request.user)


class PaymentsStaffMenuItem(MenuItem):
    """Shown to staff who review receipts or refund payments."""

    def is_shown(self, request):
        return services.can_review(request.user) or refunds.can_refund(request.user)


payments_menu = Menu(
    items=[
        ReviewerMenuItem(
            admin_views.QUEUE_TITLE,
            reverse_lazy("payments_admin:queue"),
            name="receipts",
            icon_name="doc-full",
            order=100,
        ),
        ReviewerMenuItem(
            admin_views.ATTENTION_TITLE,
            reverse_lazy("payments_admin:attention"),
            name="attention",
            icon_name="warning",
            order=200,
        ),
        PaymentsStaffMenuItem(
            admin_payments.LIST_TITLE,
            reverse_lazy("payments_admin:payments"),
            name="all-payments",
            icon_name="tag",
            order=300,
        ),
    ]
)


@hooks.register("register_admin_menu_item")
def register_payments_menu():
    return SubmenuMenuItem(
        _("Payments"), payments_menu, name="payments", icon_name="tag", order=260
    )


class PaymentsPanel(Component):
    """The dashboard's payment counts: receipts waiting, overdue, needing attention."""

    name = "payments_summary"
    template_name = "payments/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(selectors.dashboard_counts())
        context["queue_url"] = reverse("payments_admin:queue")
        context["attention_url"] = reverse("payments_admin:attention")
        return context


@hooks.register("construct_homepage_panels")
def add_payments_panel(request, panels):
    if services.can_review(request.user):
        panels.append(PaymentsPanel())


@hooks.register("register_demo_content")
def payments_demo():
    from core.demo import DemoLoader

    from . import demo

    return DemoLoader(name="payments", order=35, load=demo.load)
