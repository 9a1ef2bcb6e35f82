"""Column mappings in the browser: saved choices come back preselected, a mapping goes out and in as a JSON file,
and the same file drives `koers import REGISTER FILE --mapping FILE`."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from koers.monitoring.models import ColumnMapping, ImportRun, VerzuimMelding

EXPORT = "Zaak,Type,Begin,School\nZ1,AV,01-01-2025,11AA00\nZ2,LRV,02-02-2025,22BB00\n"


def _mapping(swv):
    return ColumnMapping.unscoped.create(
        swv=swv,
        name="Export leerplicht",
        register="verzuim",
        columns={"Zaak": "meldingnummer", "Type": "soort", "Begin": "since", "School": "brin6"},
        values={"soort": {"AV": "absoluut", "LRV": "relatief"}},
    )


def test_saved_choices_are_preselected(bureau_client, swv):
    mapping = _mapping(swv)
    html = bureau_client.get(reverse("monitoring:mapping", args=[mapping.pk])).content.decode()
    assert 'value="Export leerplicht"' in html
    assert '<option value="meldingnummer" selected>' in html
    assert '<option value="soort" selected>' in html
    assert '<option value="since" selected>' in html
    assert '<option value="brin6" selected>' in html
    assert "AV=absoluut\nLRV=relatief</textarea>" in html


def test_new_sample_suggests_fields_and_keeps_saved_choices(bureau_client, swv):
    mapping = _mapping(swv)
    sample = SimpleUploadedFile("nieuw.csv", b"Zaak,Type,Begin,Einde verzuim,Opmerking\nZ1,AV,01-01-2025,,x\n")
    html = bureau_client.post(
        reverse("monitoring:mapping", args=[mapping.pk]),
        {"name": mapping.name, "register": "verzuim", "sample": sample},
    ).content.decode()
    assert '<option value="meldingnummer" selected>' in html  # kept
    assert '<option value="end" selected>' in html  # suggested from the column name
    assert "AV" in html  # sample values shown


def test_full_flow_save_edit_export_upload_and_reuse(bureau_client, swv, schools, tmp_path, post_committed):
    url = reverse("monitoring:mappings")
    html = bureau_client.post(
        url,
        {"name": "Export leerplicht", "register": "verzuim", "sample": SimpleUploadedFile("e.csv", EXPORT.encode())},
    ).content.decode()
    assert "Veld voor kolom Zaak" in html and "Z1, Z2" in html
    response = bureau_client.post(
        url,
        {
            "name": "Export leerplicht",
            "register": "verzuim",
            "header": ["Zaak", "Type", "Begin", "School"],
            "col-0": "meldingnummer",
            "col-1": "soort",
            "col-2": "since",
            "col-3": "brin6",
            "values-soort": "AV=absoluut\nLRV=relatief",
        },
    )
    mapping = ColumnMapping.unscoped.get()
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:mapping", args=[mapping.pk])
    assert mapping.values == {"soort": {"AV": "absoluut", "LRV": "relatief"}}

    # saving again under the same page updates it, also when renamed
    bureau_client.post(
        reverse("monitoring:mapping", args=[mapping.pk]),
        {
            "name": "Leerplicht 2025",
            "register": "verzuim",
            "header": ["Zaak", "Type", "Begin", "School"],
            "col-0": "meldingnummer",
            "col-1": "soort",
            "col-2": "since",
            "col-3": "brin6",
            "values-soort": "AV=absoluut\nLRV=relatief",
        },
    )
    assert list(ColumnMapping.unscoped.values_list("name", flat=True)) == ["Leerplicht 2025"]

    # reuse in the browser
    page = bureau_client.get(reverse("monitoring:import") + f"?koppeling={mapping.pk}").content.decode()
    assert f'<option value="{mapping.pk}" selected>' in page
    post_committed(
        bureau_client,
        reverse("monitoring:import"),
        {"register": "verzuim", "file": SimpleUploadedFile("e.csv", EXPORT.encode()), "mapping": mapping.pk},
    )
    run = ImportRun.unscoped.get()
    assert run.status == "done" and run.added == 2
    assert set(VerzuimMelding.unscoped.values_list("soort", flat=True)) == {"absoluut", "relatief"}

    # download as a file
    response = bureau_client.get(reverse("monitoring:mapping_export", args=[mapping.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    spec = json.loads(response.content)
    assert spec["register"] == "verzuim" and spec["columns"]["Zaak"] == "meldingnummer"

    # the file works on the command line: the same rows again are unchanged
    path = tmp_path / "koppeling.json"
    path.write_bytes(response.content)
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    call_command("import", "verzuim", str(export), "--mapping", str(path), "--swv", swv.code)
    assert ImportRun.unscoped.order_by("-pk").first().unchanged == 2
    # ... and by name
    call_command("import", "verzuim", str(export), "--mapping", "Leerplicht 2025", "--swv", swv.code)

    # and uploads again (here: as a new mapping under another name)
    spec["name"] = "Kopie"
    upload = SimpleUploadedFile("kopie.json", json.dumps(spec).encode())
    response = bureau_client.post(url, {"mapping_file": upload})
    copy = ColumnMapping.unscoped.get(name="Kopie")
    assert response["Location"] == reverse("monitoring:mapping", args=[copy.pk])
    assert copy.columns == mapping.columns and copy.values == {"soort": {"AV": "absoluut", "LRV": "relatief"}}


def test_bad_mapping_file_is_refused_in_dutch(bureau_client, swv):
    url = reverse("monitoring:mappings")
    for content, message in (
        (b"geen json", "geen leesbare koppeling"),
        (json.dumps({"register": "onbekend"}).encode(), "Onbekend register"),
        (json.dumps({"register": "tlv", "columns": {"A": "bestaat_niet"}}).encode(), "Onbekende velden"),
    ):
        response = bureau_client.post(url, {"mapping_file": SimpleUploadedFile("k.json", content)}, follow=True)
        assert message in response.content.decode()
    assert not ColumnMapping.unscoped.exists()


def test_yaml_mapping_file(bureau_client, swv):
    text = (
        "name: Uit YAML\nregister: tlv\ncolumns:\n  Dossier nr: dossiernummer\nvalues:\n  besluit:\n    T: afgegeven\n"
    )
    bureau_client.post(reverse("monitoring:mappings"), {"mapping_file": SimpleUploadedFile("k.yaml", text.encode())})
    mapping = ColumnMapping.unscoped.get()
    assert (mapping.name, mapping.columns, mapping.values) == (
        "Uit YAML",
        {"Dossier nr": "dossiernummer"},
        {"besluit": {"T": "afgegeven"}},
    )


def test_import_refuses_a_mapping_of_another_register(bureau_client, swv, post_committed):
    mapping = _mapping(swv)
    html = post_committed(
        bureau_client,
        reverse("monitoring:import"),
        {"register": "tlv", "file": SimpleUploadedFile("t.csv", b"a\n1\n"), "mapping": mapping.pk},
    ).content.decode()
    assert "hoort bij het register" in html and not ImportRun.unscoped.exists()


def test_delete_mapping(bureau_client, swv):
    mapping = _mapping(swv)
    bureau_client.post(reverse("monitoring:mapping", args=[mapping.pk]), {"delete": "1"})
    assert not ColumnMapping.unscoped.exists()
