"""The questionnaire loader: every shipped file loads; every kind of mistake is named precisely."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.core.questionnaire import QUESTIONNAIRE_DIR, QuestionnaireError, load_all, load_file, questionnaire_files, validate

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
        "scoring": {
            "stages": [{"number": 1, "name": "CPR", "min_score": 0, "target_level": 0},
                       {"number": 2, "name": "Up", "min_score": 50, "target_level": 2}],
            "stool": {"imbalance_points": 25},
            "gates": [{"id": "has-charter", "stage": 2, "title": "A charter", "require": [{"question": "q-one", "min_level": 2}]}],
            "roadmap": {"order": ["stool"], "now_max": 5, "next_max": 5},
        },
        "sections": [{
            "id": "charter", "title": "Charter", "block": "stool", "leg": "charter",
            "questions": [{
                "id": "q-one", "text": "Is there a charter?", "scale": "five",
                "levels": {v: f"Level {v} text" for v in range(5)}, "sources": ["002/charter"], "quick": True,
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


def test_gates_must_name_quick_questions_and_real_stages(tmp_path):
    data = minimal()
    data["sections"][0]["questions"][0]["quick"] = False
    data["scoring"]["gates"][0]["stage"] = 7
    data["scoring"]["gates"].append({"id": "x", "stage": 2, "title": "X", "require": [{"question": "nope", "min_level": 1}]})
    assert problems_of(tmp_path, data) == [
        "mini.yaml: scoring.gates[0].stage: there is no stage 7",
        "mini.yaml: scoring.gates[0].require[0].question: 'q-one' decides a gate, so it must be on the quick path (quick: true)",
        "mini.yaml: scoring.gates[1].require[0].question: unknown question 'nope'",
    ]


def test_roadmap_order_must_place_every_section(tmp_path):
    data = minimal()
    data["scoring"]["roadmap"]["order"] = [["journey", "nothing-here"]]
    assert problems_of(tmp_path, data) == [
        "mini.yaml: scoring.roadmap.order[0]: 'journey' is neither a section id nor a block in this file",
        "mini.yaml: scoring.roadmap.order[0]: 'nothing-here' is neither a section id nor a block in this file",
        "mini.yaml: scoring.roadmap.order: section 'charter' has no place in the order",
    ]


def test_target_levels_must_not_fall(tmp_path):
    data = minimal()
    data["scoring"]["stages"][1]["target_level"] = 9
    assert problems_of(tmp_path, data) == [
        "mini.yaml: scoring.stages: target_level must not fall from one stage to the next, nor exceed 4"
    ]


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
