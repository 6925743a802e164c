"""The differencing attack: two groupings of one team, and the team CSV before and after removing one participant,
must give back no person's answers (issue 19: both gave back 24 of 24 answers before)."""
from __future__ import annotations

import csv
import io
import random
import re

import pytest
from factories import create_workshop, csrf_token, facilitator_client, fix_groups, isolated, soup, who

from app import store
from app.core.disclosure import Ledger
from app.core.grouping import Grouping, team_view
from app.core.people import Member
from app.core.questionnaire import load_all

FLOOR = 3
# Three executives in customer success, a customer-success manager, three in sales, two in product. By level:
# executives (3) and everyone else (6); by department: customer success (4) and other departments (5). The
# executives and customer success differ by one person, Dan: showing both would give Dan's answers away.
PEOPLE = (("Ann", "customer_success", "executive"), ("Ben", "customer_success", "executive"),
          ("Cat", "customer_success", "executive"), ("Dan", "customer_success", "manager"),
          ("Eve", "sales", "individual"), ("Fay", "sales", "individual"), ("Gus", "sales", "manager"),
          ("Hal", "product", "individual"), ("Ivy", "product", "head_of"))
SETS = {"Everyone": {p[0] for p in PEOPLE}, "Executives": {"Ann", "Ben", "Cat"},
        "Everyone else": {"Dan", "Eve", "Fay", "Gus", "Hal", "Ivy"},
        "Customer success": {"Ann", "Ben", "Cat", "Dan"}, "Other departments (5)": {"Eve", "Fay", "Gus", "Hal", "Ivy"}}


@pytest.fixture
def team(app):
    """A signed-in facilitator's workshop that the nine people above answered in full, with random levels."""
    host = facilitator_client(app, "f@consult.example", "Ann")
    wid = create_workshop(host)
    code = soup(host.get(f"/facilitator/workshops/{wid}/")).select_one(".join-code").get_text()
    questionnaire = app.extensions["questionnaires"]["cs-maturity"].for_path("quick")
    rng = random.Random(19)
    for name, department, level in PEOPLE:
        phone = app.test_client()
        phone.post(f"/w/{code}", data={"csrf_token": csrf_token(phone, f"/w/{code}"), "name": name,
                                       "department": department, "level": level})
    with app.app_context():
        from app.db import get_db

        for person in store.participants(get_db(), wid):
            store.save_answers(get_db(), person["id"], {q: (rng.choice([0, 1, 2, 3, 4, "na", "unknown"]), "")
                                                        for q in questionnaire.questions})
    fix_groups(host, wid)
    return host, f"/facilitator/workshops/{wid}/", questionnaire


def _csv(host, base) -> dict[str, dict[str, tuple]]:
    """{question text: {group label: (people, counts per level, note)}} from the distributions CSV."""
    rows = csv.reader(io.StringIO(host.get(base + "distributions.csv").get_data(as_text=True).lstrip("\ufeff")))
    next(rows)
    out: dict[str, dict[str, tuple]] = {}
    for row in rows:
        if row[3]:
            out.setdefault(row[1], {})[row[2]] = (int(row[3]), tuple(int(c) for c in row[4:11]), row[11])
    return out


def _shown_sets(exports: list[dict], who_left: str | None = None) -> dict[str, list[tuple[set, tuple]]]:
    """Per question, every figure shown in any export with the people it covers, as the facilitator can name them."""
    out: dict[str, list[tuple[set, tuple]]] = {}
    for number, export in enumerate(exports):
        for question, groups in export.items():
            for label, (n, counts, note) in groups.items():
                members = set(SETS[label]) - ({who_left} if who_left and number > 0 else set())
                if note:  # held back: the figure of people shown before, nothing new
                    assert any(counts == c for s, c in out.get(question, [])), (question, label)
                    continue
                assert n == len(members), (question, label, n)
                out.setdefault(question, []).append((members, counts))
    return out


def _recovered(shown: dict[str, list[tuple[set, tuple]]]) -> dict[str, set]:
    """Who the attacker pins down per question: by subtracting any two figures, and by any linear combination."""
    out = {}
    for question, figures in shown.items():
        found = isolated([frozenset(s) for s, _ in figures])
        for (s1, c1), (s2, c2) in ((a, b) for a in figures for b in figures):
            if s2 < s1 and len(s1 - s2) < FLOOR and c1 != c2:
                found |= s1 - s2
        if found:
            out[question] = found
    return out


def test_two_groupings_of_the_same_team_give_back_no_ones_answers(team):
    host, base, questionnaire = team
    by_level = _csv(host, base)
    assert any({"Executives", "Everyone else"} <= set(groups) for groups in by_level.values())  # the split is shown
    host.post(base + "grouping", data={"csrf_token": csrf_token(host, base + "manage"), "mode": "departments",
                                       "leadership_levels": "executive", "floor": "3"})
    by_department = _csv(host, base)
    assert _recovered(_shown_sets([by_level, by_department])) == {}
    # Customer success next to the executives would have been Dan's answers: it is not shown as such.
    # (Wherever the executives' figure was shown: where it was withheld, customer success gives nothing away.)
    shown_before = [q for q, groups in by_level.items() if "Executives" in groups and not groups["Executives"][2]]
    assert shown_before and all(by_department[q].get("Customer success", (0, (), "held"))[2] for q in shown_before)
    # The groups' headings count each group once: "Other departments (5)", never "Other departments (5) (5)".
    for page in (base, base + "results"):
        headings = [" ".join(th.get_text().split()) for th in soup(host.get(page)).select("th[scope=col]")]
        assert "Other departments (5)" in headings and "Customer success (4)" in headings, (page, headings)


def test_the_csv_before_and_after_removing_someone_gives_back_nothing_of_them(team, app):
    host, base, questionnaire = team
    before = _csv(host, base)
    ivy = next(li for li in soup(host.get(base + "manage")).select(".people li") if "Ivy" in li.get_text())
    assert host.post(ivy.form["action"], data={"csrf_token": ivy.form.input["value"]}).status_code == 302
    after = _csv(host, base)
    assert _recovered(_shown_sets([before, after], who_left="Ivy")) == {}
    for question, groups in after.items():  # whatever is shown again is shown unchanged: nothing to subtract
        for label, figure in groups.items():
            assert before[question][label][:2] == figure[:2], (question, label)


def _change_answers(app, base: str, name: str, questionnaire) -> None:
    """`name` changes every answer they gave (a level to the next, "don't know" or N/A to level 2)."""
    with app.app_context():
        from app.db import get_db

        wid = int(base.rstrip("/").rsplit("/", 1)[1])
        person = next(p for p in store.participants(get_db(), wid) if p["name"] == name)
        given = store.answers_by_respondent(get_db(), wid)[person["id"]]
        store.save_answers(get_db(), person["id"], {q: ((v + 1) % 5 if isinstance(v, int) else 2, "")
                                                    for q, v in given.items()})


def test_answers_changed_after_the_figures_were_shown_give_nobody_away(team, app):
    """A figure used to move the moment someone changed an answer: the room, watching Eve change hers, read her
    old and new answer from the difference. Now the figures stay as shown, say that a newer answer waits, and take
    the changes in once the floor's number of people have changed theirs."""
    host, base, questionnaire = team
    before = _csv(host, base)
    _change_answers(app, base, "Eve", questionnaire)
    after_one = _csv(host, base)
    _change_answers(app, base, "Fay", questionnaire)
    after_two = _csv(host, base)
    for after in (after_one, after_two):
        assert after.keys() == before.keys()
        for question, groups in after.items():
            assert {label: figure[:2] for label, figure in groups.items()} == \
                {label: figure[:2] for label, figure in before[question].items()}, question
    held = [note for groups in after_two.values() for label, (_, _, note) in groups.items() if "Eve" in SETS[label]]
    assert held and all(note.startswith("2 newer answer(s) not in these counts yet") for note in held)
    # The report says so too, as the dashboard, the presenter and the CSV do.
    report = host.get(base + "results").get_data(as_text=True)
    assert "Some figures do not include the latest answers yet (up to 2 per figure)" in report
    assert _recovered(_shown_sets([before, after_one, after_two])) == {}
    # A third person's changes: the three join the figures together, which now show everyone's answers as they are.
    _change_answers(app, base, "Gus", questionnaire)
    after_three = _csv(host, base)
    moved = [q for q in after_three if after_three[q]["Everyone"][:2] != before[q]["Everyone"][:2]]
    assert moved and all(not after_three[q]["Everyone"][2] for q in moved)


def test_without_the_ledger_the_same_views_would_give_someone_away():
    # The attack is real: the same two groupings computed without memory of each other isolate Dan.
    questionnaire = load_all()["cs-maturity"].for_path("quick")
    members = {i: Member(d, lv) for i, (_, d, lv) in enumerate(PEOPLE)}
    answers = {i: {q: 2 for q in questionnaire.questions} for i in members}
    labels = [g["label"] for mode in ("seniority", "departments")
              for g in team_view(questionnaire, answers, members, Grouping(mode=mode), Ledger())["groups"]]
    assert labels == ["Executives", "Everyone else", "Customer success", "Other departments (5)"]
    assert isolated([frozenset(SETS[label]) for label in labels]) == {"Dan"}
    # With the ledger shared between the views, the department breakdown is not shown beside the executives.
    ledger = Ledger()
    team_view(questionnaire, answers, members, Grouping(mode="seniority"), ledger)
    second = team_view(questionnaire, answers, members, Grouping(mode="departments"), ledger)
    assert all(q["by_group"] is None or q["by_group"]["customer_success"]["held_back"] for q in second["questions"])


def test_participants_see_the_published_result_for_the_whole_room_only(app):
    """Split by group, a participant who takes their own answer out of a group of three learns the other two's: the
    published result shows each question for the whole room; the facilitator's own result keeps the split. Until the
    session closes it says the result can still change, and the overview links to it."""
    ann = facilitator_client(app)
    wid = create_workshop(ann)
    code = soup(ann.get(f"/facilitator/workshops/{wid}/")).select_one(".join-code").get_text()
    quick = app.extensions["questionnaires"]["cs-maturity"].for_path("quick")
    phones = []
    for n, level in enumerate(("executive", "executive", "executive", "sales", "support", "product")):
        phone = app.test_client()
        url = f"/w/{code}"
        response = phone.post(url, data={"csrf_token": csrf_token(phone, url), "name": f"P{n}", **who(level)})
        token = re.match(r"/r/([^/]+)/$", response.headers["Location"]).group(1)
        with app.app_context():
            from app.db import get_db

            respondent = store.respondent_by_token(get_db(), token)
            store.save_answers(get_db(), respondent.id, {q: (n % 5, "") for q in quick.questions})
        phones.append((phone, token))
    fix_groups(ann, wid)
    base = f"/facilitator/workshops/{wid}/"
    assert ann.post(base + "publish", data={"csrf_token": csrf_token(ann, base + "results"), "publish": "1"}).status_code == 302
    facilitators = ann.get(base + "results").get_data(as_text=True)
    assert "Executives:" in facilitators  # the charts' descriptions name each group's counts
    phone, token = phones[0]
    page = phone.get(f"/r/{token}/results").get_data(as_text=True)
    assert "How the team saw it" in page and "Executives:" not in page and "Everyone:" in page
    # Nor the block scores by group: out of a group of three, one's own answers out leave two people's average.
    from bs4 import BeautifulSoup

    assert "Executives" in BeautifulSoup(facilitators, "html.parser").select_one(".report-workshop table").get_text()
    assert not BeautifulSoup(page, "html.parser").select(".report-workshop table")
    assert "never one group beside another" in page
    assert "The session is still open" in page
    assert soup(phone.get(f"/r/{token}/")).find("a", string="See the team's result")


def test_before_the_groups_are_fixed_the_dashboard_says_the_spreads_are_hidden(app):
    ann = facilitator_client(app)
    wid = create_workshop(ann)
    code = soup(ann.get(f"/facilitator/workshops/{wid}/")).select_one(".join-code").get_text()
    quick = app.extensions["questionnaires"]["cs-maturity"].for_path("quick")
    for n in range(4):
        phone = app.test_client()
        response = phone.post(f"/w/{code}", data={"csrf_token": csrf_token(phone, f"/w/{code}"), "name": f"P{n}",
                                                   **who()})
        token = re.match(r"/r/([^/]+)/$", response.headers["Location"]).group(1)
        with app.app_context():
            from app.db import get_db

            store.save_answers(get_db(), store.respondent_by_token(get_db(), token).id,
                               {q: (n, "") for q in quick.questions})  # answers three levels apart: they split the room
    text = " ".join(soup(ann.get(f"/facilitator/workshops/{wid}/")).get_text(" ").split())
    assert "Hidden until you fix the groups" in text and "No question splits the room yet" not in text


def test_a_participant_is_told_that_a_change_waits_once_the_team_is_on_screen(app):
    ann = facilitator_client(app)
    wid = create_workshop(ann)
    code = soup(ann.get(f"/facilitator/workshops/{wid}/")).select_one(".join-code").get_text()
    phone = app.test_client()
    response = phone.post(f"/w/{code}", data={"csrf_token": csrf_token(phone, f"/w/{code}"), "name": "Pat", **who()})
    home = response.headers["Location"]
    assert "showing the team's answers" not in phone.get(home).get_data(as_text=True)
    fix_groups(ann, wid)
    note = soup(phone.get(home)).find("p", string=re.compile("showing the team's answers"))
    assert note and "at least 3 people have changed or added answers" in " ".join(note.get_text().split())
    # Their note goes nowhere the team sees, and the page says so rather than asking for "evidence" nobody will read.
    section = soup(phone.get(home + "s/" + next(iter(app.extensions["questionnaires"]["cs-maturity"].sections)).id))
    labels = [label.get_text() for label in section.select(".note label")]
    assert labels and all(text == "Your own note (optional, not shown to the team)" for text in labels)


def test_a_note_edited_after_the_figures_were_shown_is_not_counted_as_a_changed_answer(team, app):
    """Eve edits a note, then Fay and Gus change levels: two changed answers, fewer than the floor, so the figures must
    still hold. Counted by saves, Eve's note made three and released the figures, whose difference was Fay's and
    Gus's changes together: two people's."""
    host, base, questionnaire = team
    before = _csv(host, base)
    with app.app_context():
        from app.db import get_db

        wid = int(base.rstrip("/").rsplit("/", 1)[1])
        eve = next(p for p in store.participants(get_db(), wid) if p["name"] == "Eve")
        given = store.answers_by_respondent(get_db(), wid)[eve["id"]]
        store.save_answers(get_db(), eve["id"], {q: (v, "We checked the ledger.") for q, v in given.items()})
    assert _csv(host, base) == before  # nothing moved, and nothing says an answer waits
    _change_answers(app, base, "Fay", questionnaire)
    _change_answers(app, base, "Gus", questionnaire)
    after = _csv(host, base)
    for question, groups in after.items():
        assert {label: f[:2] for label, f in groups.items()} == {label: f[:2] for label, f in before[question].items()}
    held = [note for groups in after.values() for label, (_, _, note) in groups.items() if "Fay" in SETS[label]]
    assert held and all(note.startswith("2 newer answer(s)") for note in held)


def test_the_facilitators_pages_do_not_carry_the_respondents_footer(app):
    """"Your answers are saved on every step" is said to whoever answers, never on a facilitator's dashboard or the
    projected presenter."""
    ann = facilitator_client(app)
    wid = create_workshop(ann)
    for page in (f"/facilitator/workshops/{wid}/", f"/facilitator/workshops/{wid}/manage"):
        assert not soup(ann.get(page)).select(".site-footer"), page
    code = soup(ann.get(f"/facilitator/workshops/{wid}/")).select_one(".join-code").get_text()
    phone = app.test_client()
    response = phone.post(f"/w/{code}", data={"csrf_token": csrf_token(phone, f"/w/{code}"), "name": "Pat", **who()})
    assert "never shown under your name" in soup(phone.get(response.headers["Location"])).select_one(".site-footer").get_text()
