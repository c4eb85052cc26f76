"""The active-member check, asked of whichever app knows about membership.

Apps that keep things for members only (materials) ask `is_active_member(user)`
here instead of importing the membership app; the membership app answers through
the `register_active_member_check` hook:

    @hooks.register("register_active_member_check")
    def active_member_check():
        return selectors.is_active_member   # (user, on=None) -> bool

With no app registered nobody is an active member.
"""

from wagtail import hooks


def is_active_member(user, on=None):
    """Whether `user` is an active member of the society on `on` (today by default)."""
    if user is None or not getattr(user, "pk", None):
        return False
    return any(
        check()(user, on=on)
        for check in hooks.get_hooks("register_active_member_check")
    )
