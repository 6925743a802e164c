"""The charter's words and the company's words are data a practitioner edits: they validate at load, and a
mistake is reported with its file, its key and what is wrong, by the loader and by `questionnaire validate`."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.core import charter
from app.core.charter import wording
from app.core.questionnaire import QUESTIONNAIRE_DIR, QuestionnaireError
from app.core.reference import load_model

MODEL = QUESTIONNAIRE_DIR / "model"


def test_the_shipped_wording_loads_and_drafts_every_section():
    model = load_model()
    assert isinstance(model.wording, wording.Wording) and model.company["book"]["arr_per_person"] == 2_000_000
    assert [s.id for s in model.wording.sections] == list(charter.SECTION_IDS) == list(charter.DRAFTERS)
    assert "business_case" in charter.SECTION_IDS


def test_every_text_the_drafts_ask_for_is_in_the_shipped_wording():
    """A folder's charter.yaml must hold every text of the shipped one, so the shipped one must hold all the code uses."""
    import re

    asked = set()
    for path in (Path(charter.__file__).parent).glob("*.py"):
        asked |= set(re.findall(r'\.t\(\s*"([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert len(asked) > 60 and asked <= set(wording.REQUIRED_TEXTS), sorted(asked - set(wording.REQUIRED_TEXTS))


def test_no_charter_sentence_is_left_in_python():
    """The writers hold no prose: every sentence comes from the wording files (long string literals are a sign).
    wording.py, the loader, is left out: its strings are the messages that name a file's mistakes."""
    import ast

    for path in (Path(charter.__file__).parent).glob("*.py"):
        if path.name == "wording.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        prose = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
                 and id(node) not in docstrings and len(node.value.split()) >= 8]
        assert not prose, (path.name, prose)


@pytest.fixture
def model_copy(tmp_path) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(MODEL, folder)
    return folder


def _break(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name, old, new, expected", [
    ("charter.yaml", 'intro: \'At {who}, "customer success"', 'intro: \'At {whom}, "customer success"',
     "model/charter.yaml: meaning.intro: unknown placeholder {whom}"),
    ("charter.yaml", "  intro: 'At {who}", "  opening: 'At {who}",
     "model/charter.yaml: meaning.intro: missing"),
    ("charter.yaml", "    high_touch: \"**Named owners.**", "    enterprise: \"**Named owners.**",
     "model/charter.yaml: meaning.team"),
    ("charter.yaml", "  why_now: \"**Why now.** {why}\"", "  why_now: \"**Why now.** {why\"",
     "model/charter.yaml: statement.why_now: "),
    ("charter.yaml", "sections:\n", "sections: [\n", "model/charter.yaml: cannot read"),
    ("charter_evidence.yaml", "    2:\n      founder_led: The founders broadly", "    5:\n      founder_led: The founders broadly",
     "model/charter_evidence.yaml: evidence.charter-meaning"),
    ("company.yaml", '      - ["named CSM", "named owner"]', '      - ["named (CSM", "named owner"]',
     "model/company.yaml: rewrites.no_csm.rules[0]: not a regular expression"),
    ("company.yaml", "  named_at_most: 40", "  named_at_most: many", "model/company.yaml: book.named_at_most"),
])
def test_a_broken_wording_file_names_file_key_and_problem(model_copy, name, old, new, expected):
    _break(model_copy, name, old, new)
    with pytest.raises(QuestionnaireError) as caught:
        load_model(model_copy)
    assert any(problem.startswith(expected) for problem in caught.value.problems), caught.value.problems


def test_the_validate_command_reports_a_wording_mistake(runner, tmp_path):
    folder = tmp_path / "questionnaires"
    shutil.copytree(QUESTIONNAIRE_DIR, folder)
    _break(folder / "model", "charter.yaml", "{who}", "{company_name}")
    result = runner.invoke(args=["questionnaire", "validate", str(folder)])
    assert result.exit_code == 1
    assert "model/charter.yaml: " in result.output and "unknown placeholder {company_name}" in result.output


def test_an_edited_phrase_reaches_the_draft(model_copy):
    _break(model_copy, "charter_evidence.yaml", "    0: Nobody has written down what customer success is for.",
           "    0: We never wrote down what customer success is for.")
    from app.core.evaluation import evaluate
    from app.core.questionnaire import load_all

    questionnaire = load_all()["cs-maturity"]
    model = load_model(model_copy)
    evaluation = evaluate(questionnaire, model, dict.fromkeys(questionnaire.questions, 0))
    assert "We never wrote down what customer success is for." in charter.draft(evaluation, model, "Acme")["statement"]
