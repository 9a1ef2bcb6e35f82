import pytest

from koers.audit.models import HistoryEntry
from koers.audit.presenters import EMPTY, present_changes, present_history
from koers_dev.testing.factories import ActorFactory, SwvFactory


def entry(changes, *, model="plans.activity", action="update", swv=None, reason=""):
    """An entry as stored; not saved, the presenter only reads it."""
    return HistoryEntry(model=model, object_id="1", action=action, changes=changes, swv=swv, reason=reason)


def shown(changes, **kwargs):
    return {c.label: (c.old, c.new) for c in present_changes(entry(changes, **kwargs))}


def test_field_names_become_capitalised_verbose_names():
    assert shown({"hours_spent": ["2.0", "4.5"]}) == {"Bestede uren": ("2,0", "4,5")}


def test_choices_show_their_labels():
    assert shown({"status": ["niet_gestart", "loopt"]}) == {"Status": ("Niet gestart", "Loopt")}


def test_a_code_no_longer_among_the_choices_is_shown_as_stored():
    assert shown({"status": ["niet_gestart", "opgeheven"]}) == {"Status": ("Niet gestart", "opgeheven")}


def test_booleans_read_ja_or_nee():
    assert shown({"priority": [False, True]}) == {"Prioriteit": ("nee", "ja")}


def test_empty_values_read_leeg():
    assert shown({"budget_code": ["", "3.1"], "deadline": [None, None]}) == {
        "Begrotingspost": (EMPTY, "3.1"),
        "Deadline": (EMPTY, EMPTY),
    }
    assert EMPTY == "(leeg)"


def test_dates_are_dutch():
    assert shown({"deadline": ["2024-10-07", "2025-01-31"]}) == {"Deadline": ("07-10-2024", "31-01-2025")}


def test_date_times_are_dutch_and_local():
    changes = {"revoked_at": [None, "2024-10-07T10:00:00+00:00"]}
    assert shown(changes, model="api.apitoken") == {"Ingetrokken op": (EMPTY, "07-10-2024 12:00")}


def test_an_unreadable_date_is_shown_as_stored():
    assert shown({"deadline": ["ooit", None]}) == {"Deadline": ("ooit", EMPTY)}


@pytest.mark.django_db
def test_foreign_keys_show_the_related_object_or_else_its_id():
    swv = SwvFactory()
    old, new = ActorFactory(swv=swv, name="Bureau"), ActorFactory(swv=swv, name="Kwaliteitsteam")
    assert shown({"owner": [old.pk, new.pk]}, swv=swv) == {"Eigenaar": ("Bureau", "Kwaliteitsteam")}
    gone = new.pk + 1000
    assert shown({"owner": [old.pk, gone]}, swv=swv) == {"Eigenaar": ("Bureau", str(gone))}


@pytest.mark.django_db
def test_a_related_object_of_another_swv_is_shown_only_by_its_id():
    swv, other = SwvFactory(), SwvFactory()
    foreign = ActorFactory(swv=other, name="Geheim")
    assert shown({"owner": [None, foreign.pk]}, swv=swv) == {"Eigenaar": (EMPTY, str(foreign.pk))}


@pytest.mark.django_db
def test_the_column_name_of_a_foreign_key_is_understood_too():
    actor = ActorFactory(name="Bureau")
    assert shown({"owner_id": [None, actor.pk]}, swv=actor.swv) == {"Eigenaar": (EMPTY, "Bureau")}


def test_a_field_that_no_longer_exists_keeps_its_raw_name():
    assert shown({"oud_veld": ["a", True]}) == {"oud_veld": ("a", "ja")}


def test_an_unknown_model_shows_raw_names_and_plain_values():
    assert shown({"status": ["x", None]}, model="weg.model") == {"status": ("x", EMPTY)}
    assert shown({"status": ["x", None]}, model="geen-label") == {"status": ("x", EMPTY)}


def test_bookkeeping_fields_are_never_shown_not_even_in_old_entries():
    changes = {
        "version": [1, "F(version) + Value(1)"],
        "updated_at": ["2024-10-07T10:00:00+00:00", "2024-10-08T10:00:00+00:00"],
        "status": ["niet_gestart", "loopt"],
    }
    assert shown(changes) == {"Status": ("Niet gestart", "Loopt")}


def test_the_stored_changes_are_left_as_they_are():
    stored = {"status": ["niet_gestart", "loopt"], "version": [1, 2]}
    e = entry(stored)
    present_changes(e)
    assert e.changes == {"status": ["niet_gestart", "loopt"], "version": [1, 2]}


def test_an_update_of_only_bookkeeping_fields_is_left_out_of_the_history():
    technical = entry({"version": [1, "F(version) + Value(1)"]})
    with_reason = entry({"version": [1, 2]}, reason="Besluit RvT")
    created = entry({"status": [None, "niet_gestart"]}, action="create")
    deleted = entry({}, action="delete")
    rows = present_history([technical, with_reason, created, deleted])
    assert [r.entry for r in rows] == [with_reason, created, deleted]
    assert rows[0].changes == []
    assert [(c.label, c.old, c.new) for c in rows[1].changes] == [("Status", EMPTY, "Niet gestart")]


def test_create_entries_show_the_new_values():
    e = entry({"deadline": [None, "2024-10-07"]}, action="create")
    assert [(c.name, c.label, c.new) for c in present_changes(e)] == [("deadline", "Deadline", "07-10-2024")]
