"""Privacy pages for the beheerder: inzage- en verwijderverzoek for one pupil, and the retention term.

A search is always a POST (a BSN never appears in an address or a server log) and the BSN is hashed at once;
the pseudonym travels on only in hidden form fields.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from koers.core.access import require
from koers.core.export_safety import csv_writer
from koers.privacy import services
from koers.privacy.forms import DeleteForm, PupilForm, RetentionForm, SearchForm
from koers.privacy.models import BevrorenMeting, Bewaartermijn, Verwijdering


def _context(request, **extra):
    return {
        "nav": "privacy",
        "history": Verwijdering.objects.filter(swv=request.swv)[:20],
        **extra,
    }


@require("privacy.manage")
@sensitive_post_parameters("leerling")
@sensitive_variables("text")
def overview(request):
    form = SearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["leerling"]
        candidates = services.find_pseudonyms(text)
        del text
        data = services.pupil_rows(request.swv, candidates)
        present = sorted({row[_pupil_index(fields)] for _r, fields, rows in data.registers for row in rows})
        pseudonyms = present or candidates
        services.log_access(request, "inzage", pseudonyms, _("Inzageverzoek"))
        data = services.pupil_rows(request.swv, pseudonyms)
        return render(
            request,
            "privacy/overview.html",
            _context(
                request,
                form=SearchForm(),
                data=data,
                pseudonyms=" ".join(pseudonyms),
                kenmerken=[services.kenmerk(p) for p in pseudonyms],
            ),
        )
    return render(request, "privacy/overview.html", _context(request, form=form))


def _pupil_index(fields):
    return next(i for i, f in enumerate(fields) if f.name == "pupil")


@require("privacy.manage")
@require_POST
def export(request):
    form = PupilForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Zoek de leerling eerst opnieuw op."))
        return redirect("privacy:overview")
    pseudonyms = form.cleaned_data["pseudoniemen"]
    data = services.pupil_rows(request.swv, pseudonyms)
    services.log_access(request, "export", pseudonyms, _("Inzageverzoek (download)"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzage-{services.kenmerk(pseudonyms[0])}.csv"'
    response.write("\ufeff")  # Excel reads the file as UTF-8
    writer = csv_writer(response, delimiter=";")
    writer.writerow([_("Gegevens die Koers over deze leerling bewaart"), request.swv.name])
    writer.writerow(
        [_("De leerling staat in Koers alleen als pseudoniem; Koers bewaart geen BSN, naam of geboortedatum.")]
    )
    for register, fields, rows in data.registers:
        writer.writerow([])
        writer.writerow([f"{register.label} ({len(rows)})"])
        writer.writerow([str(f.verbose_name) for f in fields])
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    writer.writerow([])
    writer.writerow([_("Wie deze gegevens bekeek of downloadde") + f" ({len(data.access)})"])
    writer.writerow([_("Tijdstip"), _("Gebruiker"), _("Actie"), _("Onderwerp")])
    for entry in data.access:
        writer.writerow([entry.timestamp.strftime("%d-%m-%Y %H:%M"), entry.username, entry.action, entry.subject])
    return response


@require("privacy.manage")
@require_POST
def delete(request):
    confirming = request.POST.get("stap") == "bevestigen"
    form = DeleteForm(request.POST) if confirming else PupilForm(request.POST)
    if not form.is_valid() and not confirming:
        messages.error(request, _("Zoek de leerling eerst opnieuw op."))
        return redirect("privacy:overview")
    if confirming and form.is_valid():
        pseudonyms = form.cleaned_data["pseudoniemen"]
        record = services.delete_pupil(request.swv, pseudonyms, user=request.user, reason=form.cleaned_data["reden"])
        messages.success(
            request,
            ngettext(
                "De gegevens van leerling %(k)s zijn verwijderd: %(n)s regel. Dit is vastgelegd.",
                "De gegevens van leerling %(k)s zijn verwijderd: %(n)s regels. Dit is vastgelegd.",
                record.totaal,
            )
            % {"k": record.kenmerk, "n": record.totaal},
        )
        return redirect("privacy:overview")
    pseudonyms = form.cleaned_data.get("pseudoniemen") or []
    if confirming and "pseudoniemen" in form.errors:
        messages.error(request, _("Zoek de leerling eerst opnieuw op."))
        return redirect("privacy:overview")
    data = services.pupil_rows(request.swv, pseudonyms)
    if not confirming:
        form = DeleteForm(initial={"pseudoniemen": " ".join(pseudonyms)})
    return render(
        request,
        "privacy/delete.html",
        _context(request, form=form, data=data, kenmerken=[services.kenmerk(p) for p in pseudonyms]),
    )


@require("privacy.manage")
def retention(request):
    setting = Bewaartermijn.objects.filter(swv=request.swv).first() or Bewaartermijn(swv=request.swv)
    form = RetentionForm(request.POST or None, instance=setting, initial={"jaren": services.years_for(request.swv)})
    if request.method == "POST" and form.is_valid():
        services.save_retention_term(form, request.user)
        messages.success(request, _("De bewaartermijn is opgeslagen: %(n)s jaar.") % {"n": form.instance.jaren})
        return redirect("privacy:retention")
    plan = services.retention_plan(request.swv)
    frozen = BevrorenMeting.objects.filter(swv=request.swv)
    return render(
        request,
        "privacy/retention.html",
        _context(
            request,
            form=form,
            plan=plan,
            own=setting.pk is not None,
            default=services.default_years(),
            registers=services.REGISTERS,
            frozen_count=frozen.count(),
            frozen=frozen.select_related("indicator").order_by("-date", "measure_code")[:50],
        ),
    )
