"""The company profile in the web app: optional on the start page, editable later, N/A defaults, access."""
from __future__ import annotations

import re

from factories import answer_enough, csrf_token, soup, start_assessment, who

from app import store


def _assessment(app, token):
    with app.app_context():
        from app.db import get_db

        respondent = store.respondent_by_token(get_db(), token)
        return store.load_profile(get_db(), respondent.assessment_id), store.load_answers(get_db(), respondent.id)


def test_the_start_page_takes_an_optional_profile(app, client):
    response = client.post("/", data={
        "csrf_token": csrf_token(client, "/"), "organisation": "Tiny SaaS", "name": "Jo", **who(),
        "path": "full", "profile-business_model": "self_serve", "profile-customers": "38000",
        "profile-grr": "81.5", "profile-period": "FY2025"})
    assert response.status_code == 302
    token = re.match(r"/r/([^/]+)/$", response.headers["Location"]).group(1)
    profile, answers = _assessment(app, token)
    assert (profile.business_model, profile.customers, profile.grr, profile.period) == ("self_serve", 38000, 81.5,
                                                                                       "FY2025")
    marked = {qid for qid, a in answers.items() if a["value"] == "na"}
    assert marked, "a self-serve profile marks the high-touch-only practices not applicable"


def test_skipping_the_profile_leaves_it_empty_and_every_answer_open(app, client):
    token = start_assessment(client)
    profile, answers = _assessment(app, token)
    assert profile.empty and answers == {}


def test_the_profile_is_editable_later_and_answers_given_win_over_defaults(app, client, questionnaire):
    token = start_assessment(client)
    page = f"/r/{token}/profile"
    defaults = [q for q in questionnaire.questions.values() if "self_serve" in q.na_for]
    kept = defaults[0]
    section = questionnaire.section_of[kept.id].id
    client.post(f"/r/{token}/s/{section}", data={"csrf_token": csrf_token(client, f"/r/{token}/s/{section}"),
                                                   kept.id: "3"})
    response = client.post(page, data={"csrf_token": csrf_token(client, page), "business_model": "self_serve",
                                       "nrr": "104", "employees": "12", "arr_per_account": "540"})
    assert response.status_code == 302
    profile, answers = _assessment(app, token)
    assert profile.nrr == 104 and profile.business_model == "self_serve"
    assert (profile.employees, profile.arr_per_account) == (12, 540)
    assert answers[kept.id]["value"] == 3  # the answer given wins over the N/A default
    assert all(answers[q.id]["value"] == "na" for q in defaults[1:])
    form = soup(client.get(page))
    assert form.find("select", id="business_model").find("option", selected=True)["value"] == "self_serve"


def test_figures_off_their_range_are_refused_with_a_message_naming_them(client):
    token = start_assessment(client)
    page = f"/r/{token}/profile"
    response = client.post(page, data={"csrf_token": csrf_token(client, page), "grr": "140", "nps": "abc",
                                       "employees": "0"})
    assert response.status_code == 422
    errors = {e["id"]: e.get_text() for e in soup(response).find_all("p", class_="error")}
    assert "0 to 100" in errors["grr-error"]
    assert "nps-error" in errors
    assert "whole number of people" in errors["employees-error"]


def test_another_owners_token_cannot_reach_a_profile(client):
    start_assessment(client)
    assert client.get("/r/not-a-token/profile").status_code == 404


def test_each_figure_keeps_its_own_period_and_the_results_show_the_yearly_reading(app, client):
    """A monthly churn is saved with its span, shown as a month's figure with its yearly conversion."""
    token = start_assessment(client)
    page = f"/r/{token}/profile"
    response = client.post(page, data={"csrf_token": csrf_token(client, page), "logo_churn": "3.5",
                                       "logo_churn_period": "month", "nps": "24", "nps_period": "quarter"})
    assert response.status_code == 302
    profile, _ = _assessment(app, token)
    assert (profile.logo_churn_period, profile.nps_period, profile.grr_period) == ("month", "quarter", None)
    form = soup(client.get(page))
    assert form.find("select", id="logo_churn_period").find("option", selected=True)["value"] == "month"
    assert form.find("label", attrs={"for": "logo_churn_period"}) is not None


def test_a_company_that_counts_in_euros_says_so_once_and_its_charter_says_euros(app, client, questionnaire):
    """The currency is chosen once, beside the revenue it applies to; the charter then states amounts in it, and a
    currency the form does not offer is refused with a message, never saved."""
    token = start_assessment(client)
    answer_enough(client, token, questionnaire)
    page = f"/r/{token}/profile"
    form = soup(client.get(page))
    assert form.find("select", id="currency").find("option", selected=True)["value"] == "USD"
    assert "$" not in form.find("select", id="arr_band").get_text()  # the bands read in the chosen currency
    response = client.post(page, data={"csrf_token": csrf_token(client, page), "currency": "EUR",
                                       "business_model": "mixed", "customers": "900", "arr_per_account": "45000"})
    assert response.status_code == 302
    profile, _ = _assessment(app, token)
    assert profile.currency == "EUR"
    assert soup(client.get(page)).find("select", id="currency").find("option", selected=True)["value"] == "EUR"
    charter = client.get(f"/r/{token}/charter/segmentation").get_data(as_text=True)
    assert "€45K" in charter and "$45K" not in charter
    refused = client.post(page, data={"csrf_token": csrf_token(client, page), "currency": "JPY"})
    assert refused.status_code == 422 and soup(refused).find("p", id="currency-error")
    assert _assessment(app, token)[0].currency == "EUR"
    # Back to dollars: stored as the default, as a profile that never chose.
    client.post(page, data={"csrf_token": csrf_token(client, page), "currency": "USD"})
    assert _assessment(app, token)[0].currency is None
