"""Charter downloads: Markdown, an editable Word document, and the roadmap as CSV."""
from __future__ import annotations

import codecs
import csv
import io
import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from factories import answer_all, csrf_token, soup, submit
from PIL import Image
from pypdf import PdfReader

from app.core import charter
from app.core.company import fit
from app.core.evaluation import evaluate
from app.core.roadmap import flatten

UNSET = "KPIs whose baseline and target the charter does not state yet"


def test_markdown_holds_every_section_in_order_with_the_edit_and_the_tables(client, started, questionnaire):
    answer_all(client, started, questionnaire, lambda q: 2)  # a charter needs a placed organisation
    submit(client, started, "vision", body="# Our north star\n\nEvery customer **renews**.")
    response = client.get(f"/r/{started}/charter.md")
    assert response.status_code == 200 and response.mimetype == "text/markdown"
    assert response.headers["Content-Disposition"] == 'attachment; filename="cs-maturity-acme-cloud-charter.md"'
    text = response.get_data(as_text=True)
    assert text.startswith("# Customer-success charter: Acme Cloud\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [f"## {n}. {s.title}" for n, s in enumerate(charter.SECTIONS, 1)]
    assert "### Our north star\n\nEvery customer **renews**." in text  # the edit, its heading under the section's
    # No profile, so no baseline: that column is left out, never filled with "not set"; targets come from the stages.
    assert "| Objective rung | KPI | Target |" in text and "not set" not in text
    assert "| Department | Awareness | Consideration | Trial | Decision & contract |" in text
    assert "| Tier | Which customers | Engagement model | Description |" in text


def test_docx_holds_the_edit_and_the_kpi_table(client, started, questionnaire):
    answer_all(client, started, questionnaire, lambda q: 2)
    submit(client, started, "meaning", body="Customer success at **Acme Cloud** is everyone's job.\n\n- CS conducts\n- All play")
    submit(client, started, "objectives", **{"kpis-0-metric_id": "nps", "kpis-0-baseline": "12", "kpis-0-target": "40"})
    response = client.get(f"/r/{started}/charter.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="cs-maturity-acme-cloud-charter.docx"'
    document = Document(io.BytesIO(response.data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Acme Cloud") in paragraphs  # the cover
    assert document.core_properties.title == "Customer-success charter: Acme Cloud"
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
    # every action, the ones past the caps of the plan included: the phases' own first, then the further actions
    actions = [a for p in evaluation.roadmap for a in p.actions] + [a for p in evaluation.roadmap for a in p.more]
    assert len(rows) == len(flatten(evaluation.roadmap)) == len(actions) > sum(len(p.actions) for p in evaluation.roadmap)
    assert list(rows[0]) == ["Owner", "Phase", "Due date", "Status", "Action", "Measure"]
    windows = {"Now": 90, "Next": 180, "Later": 365}
    company = fit(None, {q: 1 for q in questionnaire.questions})  # no profile: neutral words, as the report says them
    for row, action in zip(rows, actions):
        assert row["Action"] == company.rewrite(action.do) and row["Measure"] == company.rewrite(action.measure)
        assert row["Owner"] == company.owner_label(action.owner) == action.owner_label
        assert row["Status"] == "Not started"
        if any(action is a for p in evaluation.roadmap for a in p.more):  # after the roadmap, as the report says
            assert (row["Phase"], row["Due date"]) == ("Further actions, after the roadmap", "")
            continue
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


def _charter_docx(app, body: str, paper: str = "a4") -> Document:
    from app.report.exports import to_docx

    questionnaire, model = app.extensions["questionnaires"]["cs-maturity"], app.extensions["model"]
    evaluation = evaluate(questionnaire, model, {q: 2 for q in questionnaire.questions})
    built = charter.build(evaluation, model, "Acme Cloud", {"sections": {"meaning": body}})
    return Document(io.BytesIO(to_docx(built, model, paper=paper, prepared_by="Jo Rivera, Northstar Advisory")))


def test_docx_is_the_organisations_document_with_a_cover_and_page_numbers(app):
    document = _charter_docx(app, "See [the playbook](https://example.com/playbook).")
    props = document.core_properties
    assert props.author == "Acme Cloud" and props.last_modified_by == "Acme Cloud"
    assert "python-docx" not in f"{props.author} {props.comments} {props.last_modified_by}"
    texts = [p.text for p in document.paragraphs]
    assert "Prepared for: Acme Cloud" in texts and "Prepared by: Jo Rivera, Northstar Advisory" in texts
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert document.sections[0].different_first_page_header_footer  # no number on the cover
    links = [r for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert [r.target_ref for r in links] == ["https://example.com/playbook"]


def test_docx_paper_follows_the_report_setting(app):
    a4 = _charter_docx(app, "Text.").sections[0]
    letter = _charter_docx(app, "Text.", paper="letter").sections[0]
    assert (round(a4.page_width.mm), round(a4.page_height.mm)) == (210, 297)
    assert (round(letter.page_width.mm, 1), round(letter.page_height.mm, 1)) == (215.9, 279.4)


def test_docx_numbered_lists_are_word_lists_that_each_start_at_one(app):
    document = _charter_docx(app, "1. First\n2. Second\n\nBetween.\n\n1. Again")
    items = [p for p in document.paragraphs if p.text in ("First", "Second", "Again")]
    assert [p.style.name for p in items] == ["List Number"] * 3
    ids = [p._p.pPr.numPr.numId.val for p in items]
    assert ids[0] == ids[1] != ids[2]  # a second list is its own numbering, so Word restarts it at 1
    numbering = document.part.numbering_part.element
    for num_id in set(ids):
        start = numbering.num_having_numId(num_id).xpath("./w:lvlOverride/w:startOverride/@w:val")
        assert start == ["1"]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (90, 30), (124, 45, 18)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def branded_docx(client, started, questionnaire):
    """The Word charter of an assessment with a consultant's logo, colour and byline."""
    answer_all(client, started, questionnaire, lambda q: 2)
    url = f"/r/{started}/branding"
    client.post(url, content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, url), "prepared_by": "Jo Rivera, Northstar Advisory", "accent": "#7c2d12",
        "logo": (io.BytesIO(_png()), "logo.png")})
    return client.get(f"/r/{started}/charter.docx").data


def test_the_docx_cover_carries_the_consultants_logo_colour_and_byline(branded_docx):
    document = Document(io.BytesIO(branded_docx))
    assert len(document.inline_shapes) == 1  # the logo, on the cover
    kicker = next(p for p in document.paragraphs if p.text == "CUSTOMER-SUCCESS CHARTER")
    assert str(kicker.runs[0].font.color.rgb) == "7C2D12"
    texts = [p.text for p in document.paragraphs]
    assert "Prepared by: Jo Rivera, Northstar Advisory" in texts and "Prepared for: Acme Cloud" in texts


def test_without_branding_the_cover_names_the_person_who_answered(client, started, questionnaire):
    answer_all(client, started, questionnaire, lambda q: 2)
    document = Document(io.BytesIO(client.get(f"/r/{started}/charter.docx").data))
    assert "Prepared by: Ada Lovelace" in [p.text for p in document.paragraphs]
    assert len(document.inline_shapes) == 0


def test_the_responsibilities_table_is_readable(branded_docx):
    document = Document(io.BytesIO(branded_docx))
    matrix = next(t for t in document.tables if t.rows[0].cells[0].text == "Department")
    assert 'w:type="fixed"' in matrix._tbl.tblPr.xml
    widths = [column.width.mm for column in matrix.columns]
    assert sum(widths) <= 258 and min(widths) >= 28  # a landscape A4 page's text width, no narrow column
    landscape = [s for s in document.sections if s.orientation == WD_ORIENT.LANDSCAPE]
    assert len(landscape) == 1 and document.sections[-1].orientation == WD_ORIENT.PORTRAIT
    assert "w:tblHeader" in matrix.rows[0]._tr.xml  # the header row repeats on a new page


def test_kpis_without_a_figure_are_named_not_tabled(branded_docx):
    """Nobody has a baseline yet: the table has no baseline column, holds the KPIs that have a target (the next
    stage's typical figure) and no empty cell; the KPIs with no figure at all are named in one line instead."""
    document = Document(io.BytesIO(branded_docx))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Objective rung")
    assert [c.text for c in table.rows[0].cells] == ["Objective rung", "KPI", "Target"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows and all(row[2] for row in rows)
    line = next(p.text for p in document.paragraphs if p.text.startswith(UNSET))
    # "Time-to-value (TTV), for adoption": a KPI measured today but not yet written down is not called unmeasured.
    assert ", for adoption" in line and "(TTV) (" not in line and not [kpi for _, kpi, _ in rows if kpi in line]


@pytest.mark.skipif(not shutil.which("libreoffice"), reason="LibreOffice is not installed")
def test_libreoffice_prints_every_stage_name_whole(branded_docx, tmp_path):
    path = tmp_path / "charter.docx"
    path.write_bytes(branded_docx)
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    page = next(text for text in (p.extract_text() for p in PdfReader(tmp_path / "charter.pdf").pages)
                if "Consideration" in text and "Department" in text)
    words = set(page.split())
    for stage in charter.JOURNEY_STAGES.values():
        assert set(stage.split()) <= words, f"{stage!r} is broken across lines"


def test_a_kpi_without_figures_is_named_not_printed_as_empty_cells_in_every_export(client, started, questionnaire):
    """The Markdown, the Word file and the report agree: KPIs with a figure in the table, the others in one line."""
    answer_all(client, started, questionnaire, lambda q: 2)  # stage targets for some KPIs, none for the others
    markdown = client.get(f"/r/{started}/charter.md").get_data(as_text=True)
    kpi_rows = markdown[markdown.index("| Objective rung |"):].split("\n\n")[0].splitlines()[2:]
    named = next(line for line in markdown.splitlines() if line.startswith("**" + UNSET))
    unset = [name.rsplit(", for ", 1)[0] for name in named.split(":** ", 1)[1].rstrip(".").split("; ")]
    assert kpi_rows and unset and not any(name in row for row in kpi_rows for name in unset)
    assert not any(re.search(r"\|\s*\|", row) for row in kpi_rows)  # no empty cell
    document = Document(io.BytesIO(client.get(f"/r/{started}/charter.docx").data))
    word_line = next(p.text for p in document.paragraphs if p.text.startswith(UNSET))
    assert word_line.split(": ", 1)[1] == named.split(":** ", 1)[1]
    page = soup(client.get(f"/r/{started}/results"))
    report_line = page.find("p", class_="charter-kpis-unset")
    assert report_line is None or report_line.get_text(" ", strip=True).split(": ", 1)[1] == named.split(":** ", 1)[1]
