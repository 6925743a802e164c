"""Charter persistence: one transaction per step, and a JSON round trip for export files."""
from __future__ import annotations

import json
import sqlite3

import pytest
from factories import make

from app import store

KPIS = [{"metric_id": "nps", "rung": "advocacy", "baseline": "12", "target": "40"},
        {"metric_id": "adoption-rate", "rung": "adoption", "baseline": "", "target": "80%"}]
TIERS = [{"name": "Strategic", "criteria": "Top 30 by ARR", "engagement_model": "Named CSM", "description": "Few"}]
MATRIX = {"sales": {"adoption": "supports", "trial": "leads"}, "marketing": {"awareness": "leads"}}


@pytest.fixture
def db(tmp_path):
    db = store.connect(tmp_path / "charter.db")
    store.migrate(db)
    yield db
    db.close()


def fill(db, assessment_id):
    store.save_charter_step(db, assessment_id, "vision", "Grow *together*.", kpis=KPIS)
    store.save_charter_step(db, assessment_id, "segmentation", "Tiers: see below.", tiers=TIERS)
    store.save_charter_step(db, assessment_id, "responsibilities", "Relay.", responsibilities=MATRIX)


def test_nothing_saved_loads_empty(db):
    respondent, _ = make(db)
    assert store.load_charter(db, respondent.assessment_id) == {
        "sections": {}, "kpis": [], "responsibilities": {}, "tiers": []}


def test_saved_parts_load_back_in_order(db):
    respondent, _ = make(db)
    fill(db, respondent.assessment_id)
    loaded = store.load_charter(db, respondent.assessment_id)
    assert loaded["sections"] == {"vision": "Grow *together*.", "segmentation": "Tiers: see below.",
                                  "responsibilities": "Relay."}
    assert loaded["kpis"] == KPIS and loaded["tiers"] == TIERS and loaded["responsibilities"] == MATRIX
    store.save_charter_step(db, respondent.assessment_id, "vision", None, kpis=[])
    loaded = store.load_charter(db, respondent.assessment_id)
    assert "vision" not in loaded["sections"] and loaded["kpis"] == [] and loaded["tiers"] == TIERS


def test_a_failing_step_writes_nothing(db):
    respondent, _ = make(db)
    with pytest.raises(sqlite3.IntegrityError):
        # the second KPI breaks a NOT NULL rule: the section text saved before it rolls back too
        store.save_charter_step(db, respondent.assessment_id, "vision", "Half a step",
                                kpis=[KPIS[0], {**KPIS[1], "metric_id": None}])
    assert store.load_charter(db, respondent.assessment_id)["sections"] == {}
    assert db["charter_kpis"].count == 0


def test_round_trip_through_a_dict_reproduces_it_exactly(db):
    source, _ = make(db)
    fill(db, source.assessment_id)
    exported = store.charter_to_dict(db, source.assessment_id)
    assert json.loads(json.dumps(exported)) == exported
    assert "assessment_id" not in json.dumps(exported)
    assert [s["id"] for s in exported["sections"]] == ["responsibilities", "segmentation", "vision"]

    target, _ = make(db)
    store.save_charter_step(db, target.assessment_id, "meaning", "Replaced on import", kpis=[KPIS[0]])
    store.charter_from_dict(db, target.assessment_id, exported)
    assert store.charter_to_dict(db, target.assessment_id) == exported
    assert store.charter_to_dict(db, source.assessment_id) == exported  # the source is untouched


def test_an_empty_dict_clears_and_bad_entries_are_named(db):
    respondent, _ = make(db)
    fill(db, respondent.assessment_id)
    store.charter_from_dict(db, respondent.assessment_id, {})
    assert store.charter_to_dict(db, respondent.assessment_id) == {
        "sections": [], "kpis": [], "responsibilities": {}, "tiers": []}
    with pytest.raises(ValueError, match=r"charter.kpis\[1\]: expected text in rung"):
        store.charter_from_dict(db, respondent.assessment_id, {"kpis": [KPIS[0], {**KPIS[1], "rung": 3}]})
    with pytest.raises(ValueError, match="charter.responsibilities"):
        store.charter_from_dict(db, respondent.assessment_id, {"responsibilities": {"sales": "leads"}})


def test_deleting_an_organisation_removes_its_charter(db):
    respondent, _ = make(db)
    fill(db, respondent.assessment_id)
    store.delete_organisation(db, respondent.organisation_id)
    for table in ("charter_sections", "charter_kpis", "charter_responsibilities", "charter_tiers"):
        assert db[table].count == 0
