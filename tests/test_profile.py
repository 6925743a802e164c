"""The company profile: parsing names the bad field, N/A defaults come from data, outcomes sit beside the stage."""
from __future__ import annotations

import pytest

from app.core.evaluation import evaluate
from app.core.profile import Profile, ProfileError, na_defaults, parse_profile
from app.core.questionnaire import load_all
from app.core.reference import load_model

Q = load_all()["cs-maturity"]
MODEL = load_model()


def test_a_full_profile_round_trips_and_an_absent_one_is_empty():
    data = {"business_model": "self_serve", "customers": 38000, "arr_band": "10m_50m", "grr": 88, "nrr": 102.5,
            "logo_churn": 30, "nps": 35, "period": "last 12 months"}
    assert parse_profile(data).to_dict() == {**data, "grr": 88.0, "logo_churn": 30.0, "nps": 35.0}
    assert parse_profile(None).empty and parse_profile({}).empty


def test_size_and_account_value_are_part_of_the_profile():
    profile = parse_profile({"employees": 12, "arr_per_account": 540, "customers": 3000})
    assert (profile.employees, profile.arr_per_account) == (12, 540.0)
    assert profile.to_dict() == {"customers": 3000, "employees": 12, "arr_per_account": 540.0}


@pytest.mark.parametrize("data, field", [
    ({"business_model": "enterprise"}, "business_model"),
    ({"customers": -3}, "customers"),
    ({"customers": 2.5}, "customers"),
    ({"grr": 120}, "grr"),
    ({"nrr": "121%"}, "nrr"),
    ({"nps": True}, "nps"),
    ({"arr_band": "huge"}, "arr_band"),
    ({"colour": "red"}, "colour"),
    ({"period": ""}, "period"),
    ({"employees": 0}, "employees"),
    ({"employees": 12.5}, "employees"),
    ({"arr_per_account": 0}, "arr_per_account"),
    ({"currency": "JPY"}, "currency"),
    ({"currency": "eur"}, "currency"),
])
def test_a_bad_profile_value_names_its_field(data, field):
    with pytest.raises(ProfileError) as caught:
        parse_profile(data)
    assert caught.value.field == field and f"'{field}'" in str(caught.value)


def test_self_serve_makes_high_touch_questions_na_by_default_and_answers_win():
    defaults = na_defaults(Q, Profile(business_model="self_serve"))
    assert {"discipline-csm-impact", "strategy-roi", "journey-renewals"} <= set(defaults)
    assert "sa-tiering" not in defaults  # a long tail of self-serve accounts is tiered tech-touch (seed 003)
    assert set(defaults.values()) == {"na"}
    assert na_defaults(Q, Profile(business_model="high_touch")) == {} and na_defaults(Q, None) == {}


def test_an_outcome_two_stages_from_the_verdict_is_called_out():
    answers = dict.fromkeys(Q.questions, 1)  # stage-2 answers
    evaluation = evaluate(Q, MODEL, answers, Profile(nrr=120, grr=85, period="FY2025"))
    assert evaluation.result.stage.number == 2
    by_id = {o["id"]: o for o in evaluation.outcomes}
    assert by_id["nrr"]["band_stage"]["number"] == 5 and by_id["nrr"]["mismatch"]
    assert "120%" in by_id["nrr"]["sentence"] and "stage 2" in by_id["nrr"]["sentence"]
    assert not by_id["grr"]["mismatch"] and by_id["grr"]["sentence"] is None
    data = evaluation.to_dict()
    assert data["profile"] == {"nrr": 120.0, "grr": 85.0, "period": "FY2025"} and len(data["outcomes"]) == 2


def test_without_a_profile_the_evaluation_has_an_empty_one_and_no_outcomes():
    evaluation = evaluate(Q, MODEL, dict.fromkeys(Q.questions, 2))
    assert evaluation.profile.empty and evaluation.outcomes == ()
    assert evaluation.to_dict()["profile"] == {} and evaluation.to_dict()["outcomes"] == []


def test_a_company_with_a_health_score_is_never_told_it_has_no_health_data():
    answers = dict.fromkeys(Q.questions, 0) | {"ops-health-score": 2}
    evaluation = evaluate(Q, MODEL, answers)
    assert evaluation.result.stage.number == 1
    assert not [s for s in evaluation.symptoms if "no health data" in s]
    assert [s for s in evaluate(Q, MODEL, dict.fromkeys(Q.questions, 0)).symptoms if "no health data" in s]


def test_a_monthly_churn_is_annualised_before_it_meets_the_yearly_bands():
    """Issue 18: 3.5% monthly churn (about 35% a year) was 'typical of stage 5'."""
    profile = parse_profile({"logo_churn": 3.5, "logo_churn_period": "month", "grr": 97.6, "grr_period": "month"})
    by_id = {o["id"]: o for o in evaluate(Q, MODEL, dict.fromkeys(Q.questions, 2), profile).outcomes}
    churn, grr = by_id["logo_churn"], by_id["grr"]
    assert churn["yearly"] == round(100 * (1 - (1 - 0.035) ** 12), 1) == 34.8
    assert grr["yearly"] == round(100 * 0.976 ** 12, 1) == 74.7
    assert churn["band_stage"]["number"] == 1 and grr["band_stage"]["number"] == 1  # CPR-like, not stage 5
    assert churn["conversion"] == "3.5% a month is about 34.8% a year (1 − (1 − 3.5%)^12)"
    assert churn["period"] == "a month" and "about 34.8% a year" in (churn["sentence"] or "about 34.8% a year")


def test_each_figure_carries_its_own_period_and_nps_never_borrows_a_rate_period():
    profile = parse_profile({"logo_churn": 2, "period": "monthly", "nps": 30, "nrr": 101, "nrr_period": "year"})
    by_id = {o["id"]: o for o in evaluate(Q, MODEL, dict.fromkeys(Q.questions, 2), profile).outcomes}
    assert by_id["logo_churn"]["span"] == "month" and by_id["logo_churn"]["yearly"] == 21.5  # the old text names it
    assert by_id["nps"]["period"] is None and by_id["nps"]["span"] is None  # NPS is not a rate over a month
    assert by_id["nrr"]["period"] == "a year" and by_id["nrr"]["conversion"] is None


def test_the_old_single_period_is_still_accepted_and_a_figure_without_a_span_is_read_as_yearly():
    profile = parse_profile({"grr": 91, "period": "2025"})
    grr = evaluate(Q, MODEL, dict.fromkeys(Q.questions, 2), profile).outcomes[0]
    assert grr["period"] == "2025" and grr["assumed_yearly"] and grr["yearly"] == 91
    with pytest.raises(ProfileError) as caught:
        parse_profile({"grr_period": "week"})
    assert caught.value.field == "grr_period"
