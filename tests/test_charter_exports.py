"""Charter downloads: Markdown, an editable Word document, and the roadmap as CSV."""
from __future__ import annotations

import codecs
import csv
import io
from datetime import date, timedelta

from docx import Document
from test_charter_builder import submit
from test_results import answer_all

from app.core import charter
from app.core.evaluation import evaluate
from app.core.roadmap import flatten


def test_markdown_holds_every_section_in_order_with_the_edit_and_the_tables(client, started):
    submit(client, started, "vision", body="# Our north star\n\nEvery customer **renews**.")
    response = client.get(f"/r/{started}/charter.md")
    assert response.status_code == 200 and response.mimetype == "text/markdown"
    assert response.headers["Content-Disposition"] == 'attachment; filename="cs-maturity-acme-cloud-charter.md"'
    text = response.get_data(as_text=True)
    assert text.startswith("# Customer-success charter: Acme Cloud\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [f"## {n}. {s.title}" for n, s in enumerate(charter.SECTIONS, 1)]
    assert "### Our north star\n\nEvery customer **renews**." in text  # the edit, its heading under the section's
    assert "| Objective rung | KPI | Baseline | Target |" in text
    assert "| Department | Awareness | Consideration | Trial | Decision & contract |" in text
    assert "| Tier | Which customers | Engagement model | Description |" in text


def test_docx_holds_the_edit_and_the_kpi_table(client, started):
    submit(client, started, "meaning", body="Customer success at **Acme Cloud** is everyone's job.\n\n- CS conducts\n- All play")
    submit(client, started, "objectives", **{"kpis-0-metric_id": "nps", "kpis-0-baseline": "12", "kpis-0-target": "40"})
    response = client.get(f"/r/{started}/charter.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="cs-maturity-acme-cloud-charter.docx"'
    document = Document(io.BytesIO(response.data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Customer-success charter: Acme Cloud") in paragraphs
    assert ("Heading 1", "1. What customer success means here") in paragraphs
    edit = next(p for p in document.paragraphs if p.text == "Customer success at Acme Cloud is everyone's job.")
    assert [run.text for run in edit.runs if run.bold] == ["Acme Cloud"]
    assert ("List Bullet", "CS conducts") in paragraphs
    kpi_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Objective rung")
    rows = [[cell.text for cell in row.cells] for row in kpi_table.rows]
    assert rows[0] == ["Objective rung", "KPI", "Baseline", "Target"]
    assert rows[1] == ["Adoption", "Net Promoter Score (NPS)", "12", "40"]
    assert len(document.tables) == 3


def test_roadmap_csv_lists_every_action_as_a_tracker_row_excel_can_open(app, client, started, questionnaire):
    answer_all(client, started, questionnaire, lambda q: 1)
    response = client.get(f"/r/{started}/roadmap.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="cs-maturity-acme-cloud-roadmap.csv"'
    assert response.data.startswith(codecs.BOM_UTF8)  # Excel reads the file as UTF-8 only with the BOM
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    evaluation = evaluate(questionnaire, app.extensions["model"], {q: 1 for q in questionnaire.questions})
    actions = flatten(evaluation.roadmap)
    # every action, the ones past the caps of the plan included
    assert len(rows) == len(actions) > sum(len(p.actions) for p in evaluation.roadmap)
    assert list(rows[0]) == ["Owner", "Phase", "Due date", "Status", "Action", "Measure"]
    windows = {"Now": 90, "Next": 180, "Later": 365}
    for row, action in zip(rows, actions):
        assert row["Action"] == action.do and row["Owner"] == action.owner_label and row["Measure"] == action.measure
        assert row["Status"] == "Not started"
        due = date.fromisoformat(row["Due date"]) - date.today()
        assert due == timedelta(days=windows[row["Phase"].split(" ")[0]])


def test_markdown_export_carries_the_tiers_and_baselines_of_the_company():
    from app.core.profile import Profile
    from app.core.questionnaire import load_all
    from app.core.reference import load_model
    from app.report.exports import to_markdown

    questionnaire, model = load_all()["cs-maturity"], load_model()
    profile = Profile(business_model="self_serve", customers=38000, grr=88, period="FY2025")
    evaluation = evaluate(questionnaire, model, {q: 2 for q in questionnaire.questions}, profile)
    text = to_markdown(charter.build(evaluation, model, "Tally"), model)
    tier_rows = [line for line in text.splitlines() if line.startswith("| Tech touch |")]
    assert tier_rows and text.index("| Tech touch |") < text.index("| Assisted |")
    assert "88% (FY2025)" in text and "about 38,000 customers" in text
