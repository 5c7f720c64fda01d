"""Settings in words, generated from the schema's field descriptions."""

from __future__ import annotations

from sim.viz import wording


def test_money_shares_and_years_get_units():
    assert wording.value_text("fund", "budget_eur_per_year", 2.5e9) == "EUR 2.5 bn"
    assert wording.value_text("aid", "budgets", {"EU": 2e7}) == "EU EUR 20 m"
    assert wording.value_text("aid", "subsidy_rate", 0.3) == "30%"
    assert wording.value_text("demand", "growth_per_year", 0.08) == "8%"
    assert wording.value_text("electrification", "midpoint_year", 2027.0) == "2027"
    assert wording.value_text("aid", "include_oems", True) == "yes"
    assert wording.value_text("reskilling", "cost_per_participant_eur", 2380.0) == "EUR 2,380"


def test_label_is_the_first_sentence_of_the_field_description():
    assert wording.label("fund", "budget_eur_per_year") == "EU budget per year"
    # source notes after the first sentence are left out
    assert "Derived" not in wording.label("reskilling", "cost_per_participant_eur")
    # a key the schema does not know falls back to its name
    assert wording.label("aid", "no_such_key") == "no such key"


def test_fund_budget_reads_as_words_not_a_raw_dump():
    """The issue's example: fund.budget_eur_per_year = 2500000000.0."""
    lines = wording.grouped(
        wording.differences({"fund": {"budget_eur_per_year": 0.0}},
                            {"fund": {"budget_eur_per_year": 2.5e9}}),
        "base",
    )  # fmt: skip
    assert lines == ["Just-transition fund — EU budget per year: EUR 2.5 bn (base: EUR 0)"]


def test_differences_skip_names_seeds_and_files():
    base = {"name": "a", "seed": 1, "regions": {"file": "x.csv", "job_scale": 1.0}}
    other = {"name": "b", "seed": 2, "regions": {"file": "y.csv", "job_scale": 0.5}}
    assert wording.differences(base, other) == [("regions", "job_scale", 0.5, 1.0)]
