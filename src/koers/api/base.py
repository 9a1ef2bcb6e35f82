"""The base of every API view: authentication, permission per role and scope, one SWV, JSON only."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer

from koers.api.access import KoersApiPermission, api_audience
from koers.api.authentication import ApiTokenAuthentication, SessionAuthentication
from koers.api.pagination import KoersPagination


class KoersApiMixin:
    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    permission_classes = [KoersApiPermission]
    renderer_classes = [JSONRenderer]
    koers_permission = "plan.view"
    koers_scope = "plans:read"


class SwvReadOnlyViewSet(KoersApiMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail of one model, limited to the request's SWV: another SWV's ids are 404."""

    pagination_class = KoersPagination
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        return queryset.restrict(api_audience(self.request))
