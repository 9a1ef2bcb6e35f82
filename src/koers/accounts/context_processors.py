from koers.accounts.roles import PERMISSIONS


def koers(request):
    membership = getattr(request, "membership", None)
    perms = set()
    if membership:
        perms = {p for p in PERMISSIONS if membership.has(p)}
    memberships = []
    unread = 0
    if getattr(request, "user", None) and request.user.is_authenticated:
        memberships = list(request.user.memberships.select_related("swv").order_by("swv__code"))
        unread = request.user.notifications.filter(read_at__isnull=True).count()
    return {
        "current_swv": getattr(request, "swv", None),
        "current_membership": membership,
        "koers_perms": perms,
        "all_memberships": memberships,
        "unread_notifications": unread,
    }
