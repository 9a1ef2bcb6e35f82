"""Factories for the organisation registry (beside the shared ones in factories.py)."""

import factory

from koers.organisations.models import Gemeente, Ketenpartner, Werkgebied
from koers_dev.testing.factories import SwvFactory


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente

    swv = factory.SubFactory(SwvFactory)
    name = factory.Sequence(lambda n: f"Gemeente {n}")


class WerkgebiedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Werkgebied

    swv = factory.SubFactory(SwvFactory)
    name = factory.Sequence(lambda n: f"Werkgebied {n}")


class KetenpartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ketenpartner

    swv = factory.SubFactory(SwvFactory)
    name = factory.Sequence(lambda n: f"Jeugdteam {n}")
    kind = "jeugdhulp"
