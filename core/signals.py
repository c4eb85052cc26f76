"""Signals other apps listen to, so core never imports them."""

from django.dispatch import Signal

# Sent by the mail task after a stored mail was sent / failed: (sender, mail).
mail_sent = Signal()
mail_failed = Signal()
