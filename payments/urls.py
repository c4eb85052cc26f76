from django.urls import path

from . import views, webhooks

app_name = "payments"

urlpatterns = [
    path("<uuid:reference>/", views.detail, name="detail"),
    path("<uuid:reference>/status/", views.status, name="status"),
    path("<uuid:reference>/pay/<slug:provider>/", views.pay_online, name="pay_online"),
    path("<uuid:reference>/receipt/", views.upload_receipt, name="upload_receipt"),
    path("<uuid:reference>/retry/", views.retry, name="retry"),
    path("receipts/<uuid:key>/", views.receipt_file, name="receipt_file"),
    # Provider notifications: the one CSRF-exempt view, one route per provider.
    path(
        "webhooks/stripe/",
        webhooks.notification_view,
        {"provider": "stripe"},
        name="stripe_webhook",
    ),
    path(
        "webhooks/yookassa/",
        webhooks.notification_view,
        {"provider": "yookassa"},
        name="yookassa_notification",
    ),
    path("webhooks/<slug:provider>/", webhooks.notification_view, name="webhook"),
]
