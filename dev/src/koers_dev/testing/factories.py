"""factory_boy factories for tests."""

import factory

from koers.accounts.models import Membership, Role, User
from koers.organisations.models import Actor, Gremium, School, Schoolbestuur, StaffMember, Swv
from koers.plans.models import Activity, Goal, Indicator, MainActivity, Plan, Theme, YearPlan


class SwvFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Swv
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"PO{10 + n // 100:02d}{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Samenwerkingsverband {n}")
    short_name = factory.Sequence(lambda n: f"SWV{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def member(user, swv, role_code="bureau", **extra):
    return Membership.objects.create(user=user, swv=swv, role=Role.objects.get(code=role_code), **extra)


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    swv = factory.SubFactory(SwvFactory)
    name = factory.Sequence(lambda n: f"Eigenaar {n}")


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    swv = factory.SubFactory(SwvFactory)
    name = factory.Sequence(lambda n: f"Medewerker {n}")
    function = "beleidsadviseur"


class GremiumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gremium

    swv = factory.SubFactory(SwvFactory)
    name = factory.Sequence(lambda n: f"Raad {n}")


class SchoolbestuurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schoolbestuur

    swv = factory.SubFactory(SwvFactory)
    bevoegd_gezag = factory.Sequence(lambda n: f"{40000 + n}")
    name = factory.Sequence(lambda n: f"Stichting {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    swv = factory.SubFactory(SwvFactory)
    brin6 = factory.Sequence(lambda n: f"{10 + n // 676 % 90:02d}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}00")
    name = factory.Sequence(lambda n: f"Basisschool {n}")
    bestuur = factory.SubFactory(SchoolbestuurFactory, swv=factory.SelfAttribute("..swv"))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    swv = factory.SubFactory(SwvFactory)
    code = factory.Sequence(lambda n: f"osp-{n}")
    title = factory.Sequence(lambda n: f"Ondersteuningsplan {n}")
    first_year = 2024
    last_year = 2027


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    plan = factory.SubFactory(PlanFactory)
    swv = factory.SelfAttribute("plan.swv")
    code = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Thema {n}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    theme = factory.SubFactory(ThemeFactory)
    plan = factory.SelfAttribute("theme.plan")
    swv = factory.SelfAttribute("plan.swv")
    code = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Doel {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    plan = factory.SelfAttribute("goal.plan")
    swv = factory.SelfAttribute("plan.swv")
    code = factory.Sequence(lambda n: f"I{n + 1}")
    title = factory.Sequence(lambda n: f"Indicator {n}")


class MainActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MainActivity

    goal = factory.SubFactory(GoalFactory)
    plan = factory.SelfAttribute("goal.plan")
    swv = factory.SelfAttribute("plan.swv")
    code = factory.Sequence(lambda n: f"H{n + 1}")
    title = factory.Sequence(lambda n: f"Hoofdactiviteit {n}")
    school_years = [2024]


class YearPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearPlan

    plan = factory.SubFactory(PlanFactory)
    swv = factory.SelfAttribute("plan.swv")
    school_year = 2024
    title = "Jaarplan 2024-2025"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    year_plan = factory.SubFactory(YearPlanFactory)
    swv = factory.SelfAttribute("year_plan.swv")
    code = factory.Sequence(lambda n: str(n + 1))
    description = factory.Sequence(lambda n: f"Activiteit {n}")
    start_text = "T3 2024"
    owner = factory.SubFactory(ActorFactory, swv=factory.SelfAttribute("..swv"))


def everything(swv):
    """The audience that sees every figure of ``swv`` unsuppressed (the bureau's view), for tests of the measures."""
    from koers.core.audience import Audience

    return Audience.system(swv, reason="test")
