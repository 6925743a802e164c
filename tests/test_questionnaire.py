"""The questionnaire loader: every shipped file loads; every kind of mistake is named precisely."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.questionnaire import QUESTIONNAIRE_DIR, QuestionnaireError, load_all, load_file, questionnaire_files, validate

SHIPPED = questionnaire_files(QUESTIONNAIRE_DIR)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_questionnaire_loads(path):
    q = load_file(path)
    assert q.sections and q.questions
    for question in q.questions.values():
        assert [lv.value for lv in question.levels] == [0, 1, 2, 3, 4]
        assert len({lv.label for lv in question.levels}) == 5, f"{question.id} repeats a level text"
        assert question.sources


def test_skeleton_content_has_the_three_stool_legs_and_customer_centricity():
    q = load_all()["cs-maturity"]
    legs = {s.leg for s in q.sections if s.block == "stool"}
    assert legs == {"charter", "responsibility", "executive_buy_in"}
    assert any(s.block == "customer_centricity" for s in q.sections)


def minimal() -> dict:
    return {
        "id": "mini", "version": "1.0", "title": "Mini",
        "scales": {"five": [{"value": v, "name": f"L{v}"} for v in range(5)]},
        "scoring": {"stages": [{"number": 1, "name": "CPR", "min_score": 0}, {"number": 2, "name": "Up", "min_score": 50}]},
        "sections": [{
            "id": "charter", "title": "Charter", "block": "stool", "leg": "charter",
            "questions": [{
                "id": "q-one", "text": "Is there a charter?", "scale": "five",
                "levels": {v: f"Level {v} text" for v in range(5)}, "sources": ["002/charter"],
            }],
        }],
    }


def write(tmp_path: Path, data, name="mini.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False) if not isinstance(data, str) else data)
    return path


def problems_of(tmp_path, data) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        load_file(write(tmp_path, data))
    return caught.value.problems


def test_minimal_file_loads(tmp_path):
    q = load_file(write(tmp_path, minimal()))
    assert q.questions["q-one"].levels[2].label == "Level 2 text"
    assert q.section_of["q-one"].leg == "charter"


def test_unknown_key_is_named_with_its_path(tmp_path):
    data = minimal()
    data["sections"][0]["questions"][0]["colour"] = "blue"
    assert problems_of(tmp_path, data) == [
        "mini.yaml: sections[0].questions[0]: unknown key (Additional properties are not allowed ('colour' was unexpected))"
    ]


def test_duplicate_question_ids_are_reported(tmp_path):
    data = minimal()
    data["sections"][0]["questions"].append(dict(data["sections"][0]["questions"][0]))
    (problem,) = problems_of(tmp_path, data)
    assert problem.startswith("mini.yaml: sections[0].questions[1].id: duplicate question id 'q-one'")


def test_duplicate_section_ids_are_reported(tmp_path):
    data = minimal()
    data["sections"].append(dict(data["sections"][0], questions=[dict(data["sections"][0]["questions"][0], id="q-two")]))
    assert "mini.yaml: sections[1].id: duplicate section id 'charter'" in problems_of(tmp_path, data)


def test_level_outside_the_scale_is_reported(tmp_path):
    data = minimal()
    data["sections"][0]["questions"][0]["levels"][5] = "Beyond the scale"
    assert problems_of(tmp_path, data) == [
        "mini.yaml: sections[0].questions[0].levels.5: level 5 is outside scale 'five' (0-4)"
    ]


def test_missing_level_text_is_reported(tmp_path):
    data = minimal()
    del data["sections"][0]["questions"][0]["levels"][3]
    assert problems_of(tmp_path, data) == ["mini.yaml: sections[0].questions[0].levels: missing text for level 3"]


def test_blank_text_is_reported(tmp_path):
    data = minimal()
    data["sections"][0]["questions"][0]["text"] = "   "
    (problem,) = problems_of(tmp_path, data)
    assert problem.startswith("mini.yaml: sections[0].questions[0].text:")


def test_missing_required_key_is_reported(tmp_path):
    data = minimal()
    del data["sections"][0]["questions"][0]["sources"]
    assert problems_of(tmp_path, data) == ["mini.yaml: sections[0].questions[0]: 'sources' is a required property"]


def test_unknown_scale_and_bad_leg_are_reported(tmp_path):
    data = minimal()
    data["sections"][0]["questions"][0]["scale"] = "seven"
    data["sections"][0]["leg"] = None
    problems = problems_of(tmp_path, data)
    assert "mini.yaml: sections[0].leg: stool sections need a leg; other blocks must not have one" in problems
    assert "mini.yaml: sections[0].questions[0].scale: unknown scale 'seven'" in problems


def test_stage_thresholds_must_rise(tmp_path):
    data = minimal()
    data["scoring"]["stages"][1]["min_score"] = 0
    assert problems_of(tmp_path, data) == ["mini.yaml: scoring.stages: min_score must start at 0 and rise strictly"]


def test_invalid_yaml_is_reported(tmp_path):
    path = write(tmp_path, "id: [unclosed\n")
    with pytest.raises(QuestionnaireError) as caught:
        load_file(path)
    assert caught.value.problems[0].startswith("mini.yaml: not valid YAML")


def test_duplicate_questionnaire_ids_across_files(tmp_path):
    write(tmp_path, minimal(), "a.yaml")
    write(tmp_path, minimal(), "b.yaml")
    assert validate(tmp_path) == ["b.yaml: id: duplicate questionnaire id 'mini' (also in a.yaml)"]


def test_questionnaires_are_frozen(tmp_path):
    q = load_file(write(tmp_path, minimal()))
    with pytest.raises(AttributeError):
        q.version = "2.0"
