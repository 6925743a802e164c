"""The maturity model's data: every seed practice is assessed, stages and metrics fit together."""
from __future__ import annotations

import pytest
import yaml

from app.core.questionnaire import BLOCKS, QUESTIONNAIRE_DIR, QuestionnaireError, load_all
from app.core.reference import MODEL_DIR, OWNERS, cross_check, load_model, validate_folder

MODEL = load_model()
Q = load_all()["cs-maturity"]


def test_every_seed_practice_is_assessed_by_at_least_one_question():
    cited = {src for q in Q.questions.values() for src in q.sources}
    uncited = sorted(set(MODEL.practices) - cited)
    assert not uncited, f"practices no question assesses: {uncited}"


def test_practices_cover_all_five_seeds_and_name_their_file():
    seeds = {p.seed for p in MODEL.practices.values()}
    assert {s[:3] for s in seeds} == {"000", "001", "002", "003", "004"}
    for practice in MODEL.practices.values():
        assert practice.id.split("/")[0] == practice.seed[:3]


def test_every_block_of_the_domain_is_assessed():
    assert {s.block for s in Q.sections} == set(BLOCKS)


def test_every_question_has_five_distinct_level_texts_and_a_roadmap_action():
    for question in Q.questions.values():
        assert len({lv.label for lv in question.levels}) == 5
        action = MODEL.actions[question.id]
        assert action.owner in OWNERS and action.do and action.measure


def test_the_quick_path_decides_the_stage():
    quick = Q.for_path("quick")
    assert 15 <= len(quick.questions) <= 30  # about ten minutes
    gated = {r.question for g in Q.rules.gates for r in g.require}
    assert gated <= set(quick.questions)
    assert {s.leg for s in quick.sections if s.leg} == {"charter", "responsibility", "executive_buy_in"}


def test_five_stages_with_focus_metrics_that_are_defined():
    assert [MODEL.stages[n].name for n in range(1, 6)] == [s.name for s in Q.stages]
    assert [s.name for s in Q.stages] == ["CPR", "Stabilise", "Proactive adoption", "Value and expansion",
                                          "Accelerated growth"]
    for number in range(1, 6):
        metrics = MODEL.focus_metrics(number)
        assert metrics and all(m.definition and m.formula for m in metrics)
        assert MODEL.stages[number].moves and MODEL.stages[number].symptoms


def test_shipped_folder_validates_with_its_model():
    assert validate_folder(QUESTIONNAIRE_DIR) == []
    assert cross_check(MODEL, Q) == []


def test_model_errors_name_file_and_key(tmp_path):
    for name in ("metrics.yaml", "practices.yaml", "actions.yaml", "labels.yaml"):
        (tmp_path / name).write_text((MODEL_DIR / name).read_text())
    stages = yaml.safe_load((MODEL_DIR / "stages.yaml").read_text())
    stages["stages"][0]["focus_metrics"].append("made-up-metric")
    stages["stages"][1]["colour"] = "red"
    (tmp_path / "stages.yaml").write_text(yaml.safe_dump(stages))
    with pytest.raises(QuestionnaireError) as caught:
        load_model(tmp_path)
    assert caught.value.problems == [
        "model/stages.yaml: stages[1]: Additional properties are not allowed ('colour' was unexpected)"
    ]
    del stages["stages"][1]["colour"]
    (tmp_path / "stages.yaml").write_text(yaml.safe_dump(stages))
    with pytest.raises(QuestionnaireError) as caught:
        load_model(tmp_path)
    assert caught.value.problems == ["model/stages.yaml: stage 1: unknown metric 'made-up-metric'"]


def test_a_source_missing_from_the_catalogue_is_reported():
    from dataclasses import replace

    question = next(iter(Q.questions.values()))
    section = replace(Q.sections[0], questions=(replace(question, sources=("009/nowhere",)),))
    broken = replace(Q, sections=(section,))
    assert cross_check(MODEL, broken) == [f"cs-maturity.yaml: {question.id}: source '009/nowhere' is not in model/practices.yaml"]


def _model_with_labels(tmp_path, change) -> list[str]:
    for path in MODEL_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text())
    labels = yaml.safe_load((MODEL_DIR / "labels.yaml").read_text())
    change(labels)
    (tmp_path / "labels.yaml").write_text(yaml.safe_dump(labels, sort_keys=False))
    with pytest.raises(QuestionnaireError) as caught:
        load_model(tmp_path)
    return caught.value.problems


def test_labels_are_validated_with_the_model_and_name_file_and_key(tmp_path):
    problems = _model_with_labels(tmp_path, lambda labels: labels["owners"].update(sales=""))
    assert problems and all(p.startswith("model/labels.yaml: owners.sales: ") for p in problems)
    assert _model_with_labels(tmp_path, lambda labels: labels["owners"].pop("finance")) == [
        "model/labels.yaml: responsibility_matrix: needs one row per owner (marketing, sales, customer_success, "
        "support, services, product, management)",
        "model/labels.yaml: business_models.services_heavy.matrix.finance: 'finance' is not one of the owners"]

    def bad_cells(labels):
        labels["business_models"]["self_serve"]["matrix"]["sales"]["trial"] = "drives"
        labels["responsibility_matrix"]["finance"] = labels["responsibility_matrix"]["finance"][:5]

    assert _model_with_labels(tmp_path, bad_cells) == [
        "model/labels.yaml: responsibility_matrix.finance: needs 8 entries, each one of leads, supports, informed",
        "model/labels.yaml: business_models.self_serve.matrix.sales.trial: 'trial: drives' needs a journey stage "
        "and one of leads, supports, informed",
    ]


def test_labels_shown_across_the_app_come_from_the_data():
    from app.core import charter
    from app.core.questionnaire import LEGS
    from app.web.wizard.forms import ROLES

    labels = yaml.safe_load((MODEL_DIR / "labels.yaml").read_text())
    assert BLOCKS == labels["blocks"] and LEGS == tuple(labels["legs"])
    assert OWNERS == charter.DEPARTMENTS == labels["owners"]
    assert charter.JOURNEY_STAGES == labels["journey_stages"] and charter.RUNGS == labels["objective_rungs"]
    assert [(c.value, c.label) for c in ROLES] == list(labels["roles"].items())
    assert MODEL.labels.owners == labels["owners"]
    assert set(MODEL.labels.business_models) == {"self_serve", "low_touch", "high_touch", "services_heavy", "mixed"}


def test_every_default_responsibility_matrix_has_one_lead_per_journey_stage():
    """The charter editor warns on a stage with no lead or several: the drafts it starts from never do."""
    from app.core.labels import LABELS

    for business_model in (None, *LABELS.business_models):
        matrix = LABELS.matrix(business_model)
        for stage in LABELS.journey_stages:
            leads = [dept for dept in matrix if matrix[dept][stage] == "leads"]
            assert len(leads) == 1, (business_model, stage, leads)
