"""One place that answers: may this request do this, in its current SWV?"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404


def has_perm(request, permission: str) -> bool:
    membership = getattr(request, "membership", None)
    return bool(membership) and membership.has(permission)


def require(permission: str):
    """View decorator: logged in, a member of an SWV, and holding ``permission`` there."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_perm(request, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.koers_permission = permission
        return wrapped

    return decorator


def get_owned(request, model_or_queryset, **lookup):
    """Fetch an object the request's audience may see, or 404: another SWV's IDs are never found.

    Takes a model, or a queryset that is already restricted (``Model.objects.restrict(request.audience)...``)."""
    audience = request.audience
    if audience is None:
        raise PermissionDenied
    queryset = model_or_queryset
    if isinstance(queryset, type):
        queryset = queryset.objects.restrict(audience) if hasattr(queryset.objects, "restrict") else queryset.objects
    # restrict() is idempotent (the same SWV and row rules again); Membership has an SWV but is not SwvOwned
    scoped = hasattr(queryset, "restrict")
    queryset = queryset.restrict(audience) if scoped else queryset.filter(swv_id=audience.swv_id)
    return get_object_or_404(queryset, **lookup)
