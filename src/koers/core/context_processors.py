from koers.accounts.roles import PERMISSIONS


def koers(request):
    membership = getattr(request, "membership", None)
    perms = set()
    if membership:
        perms = {p for p in PERMISSIONS if membership.has(p)}
    memberships = []
    if getattr(request, "user", None) and request.user.is_authenticated:
        memberships = list(request.user.memberships.select_related("swv").order_by("swv__code"))
    return {
        "current_swv": getattr(request, "swv", None),
        "current_membership": membership,
        "koers_perms": perms,
        "all_memberships": memberships,
    }
