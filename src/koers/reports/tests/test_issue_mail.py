"""Issuing a report tells its readers: one plain-text e-mail per reader who wants e-mail, with an absolute link."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from koers.accounts.mail import render_text
from koers.accounts.models import Notification
from koers.core.periods import Tertiaal
from koers.reports import services
from koers.reports.models import Report
from koers_dev.testing.factories import UserFactory, member

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@override_settings(SITE_URL="https://koers.swv-voorbeeld.nl/")
def test_issuing_sends_one_plain_text_mail_per_reader_with_an_absolute_link(
    plan_world, monitoring_values, swv, other_swv, bureau_user, django_capture_on_commit_callbacks
):
    rvt = UserFactory(username="rvt", email="rvt@example.org", first_name="Anne", last_name="D'Hondt")
    member(rvt, swv, "toezicht")
    board = UserFactory(username="bestuur", email="bestuur@example.org")
    member(board, swv, "schoolbestuur")
    quiet = UserFactory(username="stil", email="stil@example.org", email_notifications=False)
    member(quiet, swv, "toezicht")
    outsider = UserFactory(username="ander", email="ander@example.org")
    member(outsider, other_swv, "toezicht")
    nobody = UserFactory(username="geenlid", email="geenlid@example.org")
    bureau_user.email = "bureau@example.org"
    bureau_user.save()
    report = services.create_tertiaal_report(
        plan_world.year_plan, Tertiaal(2024, 3), bureau_user, title="Rapportage 'T3' van het SWV"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.issue(report, bureau_user)

    link = "https://koers.swv-voorbeeld.nl" + reverse("reports:detail", args=[report.pk])
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["bestuur@example.org", "rvt@example.org"]  # not the issuer, the quiet or others
    assert len(mail.outbox) == 2  # exactly one each
    message = by_address["rvt@example.org"]
    assert message.subject == "Rapportage uitgebracht: Rapportage 'T3' van het SWV"
    assert message.alternatives == [] and message.content_subtype == "plain"
    assert link in message.body.split()
    assert "Beste Anne D'Hondt," in message.body
    assert "\"Rapportage 'T3' van het SWV\"" in message.body
    for entity in ("&#x27;", "&#39;", "&quot;", "&amp;", "<"):
        assert entity not in message.body
    # everyone who may read it has a notification in Koers, also who wants no e-mail; nobody else
    told = set(Notification.objects.filter(subject=message.subject).values_list("user__username", flat=True))
    assert told == {"rvt", "bestuur", "stil"}
    assert not Notification.objects.filter(user__in=[outsider, nobody, bureau_user]).exists()
    assert Report.unscoped.get(pk=report.pk).is_issued


def test_plain_text_mail_is_never_escaped_even_without_autoescape_off(tmp_path, settings):
    """render_text switches autoescaping off itself: a mail template that forgets {% autoescape off %} still
    gives apostrophes, quotes and ampersands as they are."""
    (tmp_path / "mail.txt").write_text("Beste {{ name }}, {{ text }}", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    assert render_text("mail.txt", {"name": "Jan d'Ark", "text": 'TLV\'s & "arrangementen" <SO>'}) == (
        "Beste Jan d'Ark, TLV's & \"arrangementen\" <SO>"
    )


@pytest.mark.parametrize(
    "template", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("mail/*.txt")), ids=str
)
def test_every_mail_template_keeps_apostrophes(template):
    class Text(str):  # every variable, its attributes and its items: a text that HTML would escape
        def __getattr__(self, name):
            return self

        def __iter__(self):
            return iter([self])

    source = (TEMPLATES / template).read_text(encoding="utf-8")
    names = set(re.findall(r"(?:\{\{|=|\bin) *([a-z_]+)", source))
    text = Text('d\'Ark & "zn"')
    context = {name: [(text, text)] if name.endswith("_links") else text for name in names}  # pairs (item, url)
    body = render_text(template, context)
    assert "d'Ark" in body
    assert "&#x27;" not in body and "&#39;" not in body and "&amp;" not in body and "&quot;" not in body
