"""THE rule for members-only materials, in one place.

Every page, listing, menu, search result, document and stamped PDF of this app asks
`can_read`. Active membership comes from the membership app through core's hook
(`core.members_access`): computed from the dates paid for, so access ends the day
after a membership ends with no job run.
"""

from core.members_access import is_active_member
from core.time import local_today


def can_read(user, *, on=None):
    """May `user` read members-only materials? Staff and active members may."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    if on is not None:
        return is_active_member(user, on=on)
    # Asked several times per request (menu, page, cabinet): remembered on the user
    # object for the day it was computed.
    today = local_today()
    remembered = getattr(user, "_materials_can_read", None)
    if remembered is not None and remembered[0] == today:
        return remembered[1]
    answer = is_active_member(user)
    user._materials_can_read = (today, answer)
    return answer
