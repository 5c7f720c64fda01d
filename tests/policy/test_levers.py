"""Each lever acts on the agents in the expected direction; zero budgets equal a lever that is
off; money spent never exceeds the budget; the fund's allocations add up to its budget."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from sim import ScenarioError, TransitionModel, codes, load_scenario, run
from sim.outputs.columns import COL
from tests.conftest import TINY
from tests.invariants import check_quarter, pool_size

SEEDS = (1, 2, 3)
SHORT = {"time.end_year": 2030}


def _spec(**overrides):
    return load_scenario(TINY, overrides={**SHORT, **overrides})


def _run_model(spec, seed):
    model = TransitionModel(scenario=spec, seed=seed)
    pool = pool_size(model)
    while model.running:
        model.step()
        pool = check_quarter(model, pool)
    return model


def _region_total(model, column, region, year):
    rows = model.years == year
    r = model.regions.code.index(region)
    return model.history[rows, r, COL[column]].mean()


PROCUREMENT_DE11 = [
    {
        "area": "DE11",
        "budget_eur_per_year": 2e7,
        "start_year": 2026,
        "end_year": 2030,
        "local_content_share": 1.0,
        "clean_share": 1.0,
    }
]


@pytest.mark.parametrize("seed", SEEDS)
def test_local_procurement_raises_the_buying_regions_jobs(seed):
    base = _run_model(_spec(), seed)
    push = _run_model(_spec(**{"procurement.programmes": PROCUREMENT_DE11}), seed)
    assert _region_total(push, "jobs_oem", "DE11", 2030) > _region_total(
        base, "jobs_oem", "DE11", 2030
    )
    assert _region_total(push, "vehicles_bev", "DE11", 2030) > _region_total(
        base, "vehicles_bev", "DE11", 2030
    )
    spend = push.history[:, :, COL["spend_procurement"]].sum() * 1e6
    assert np.isclose(spend, 2e7 * 5)  # five years of budget, all booked
    assert push.history[
        :, push.regions.code.index("DE11"), COL["spend_procurement"]
    ].sum() * 1e6 == (pytest.approx(spend))


FAST = {
    "electrification.mode": "table",
    "electrification.years": [2025, 2028],
    "electrification.bev_shares": [0.174, 1.0],
}


def test_aid_brings_more_conversions_and_fewer_ice_exits_and_stays_within_budget():
    """Summed over seeds on the baseline path to 2035 (aid to suppliers only), without the
    aftermarket. Aid keeps ICE-specific suppliers alive by paying for their move to EV
    products; the converted firms then compete for EV orders, so exits of EV-specific
    suppliers rise (on tiny with labour productivity growth, enough to outweigh the ICE exits
    saved; with the aftermarket the crowding is larger still: docs/model.md, section 9)."""
    budget = 2e7
    ice_exits = {"off": 0, "on": 0}
    converted = {"off": 0, "on": 0}
    aid = {"aid.subsidy_rate": 0.35, "aid.budgets": {"EU": budget}, "aid.include_oems": False}
    ice = np.array(codes.GROUP_SECTOR) == codes.SECTOR_ICE
    plain = {"time.end_year": 2035, "fleet.enabled": False}
    for seed in SEEDS:
        for key, extra in (("off", {}), ("on", aid)):
            model = TransitionModel(scenario=_spec(**extra, **plain), seed=seed)
            while model.running:
                model.step()
                converted[key] += model.flows["conversions"]
                gone = model.scratch.exited.astype(bool)
                ice_exits[key] += int(ice[model.pop.suppliers.group[gone]].sum())
            if key == "on":
                spent = model.history[:, :, COL["spend_aid"]].sum() * 1e6
                assert 0 < spent <= budget + 1e-6
                assert np.isclose(spent + model.levers.pools.remaining.sum(), budget)
                assert model.history[:, :, COL["firms_aided"]].sum() > 0
    assert converted["on"] > converted["off"]
    assert ice_exits["on"] < ice_exits["off"]


def test_oem_aid_is_capped_by_intensity_and_budget():
    spec = _spec(**{"aid.subsidy_rate": 0.9, "aid.intensity_cap": 0.2, "aid.budgets": {"DE": 1e12}})
    model = _run_model(spec, 1)
    retool = model.history[:, :, COL["spend_aid"]].sum()
    assert retool > 0
    de = [i for i, c in enumerate(model.regions.country) if c == "DE"]
    others = [i for i in range(len(model.regions)) if i not in de]
    assert model.history[:, others, COL["spend_aid"]].sum() == 0  # only the DE budget pays


def test_reskilling_gives_former_workers_ev_skills_and_more_rehires():
    hires = {"off": 0.0, "on": 0.0}
    for seed in SEEDS:
        for key, extra in (("off", {}), ("on", {"reskilling.places_per_quarter": {"ALL": 40}})):
            model = TransitionModel(scenario=_spec(**FAST, **extra), seed=seed)
            pool = pool_size(model)
            while model.running:
                model.step()
                pool = check_quarter(model, pool)
                hires[key] += model.flows["hires"]
            if key == "on":
                h = model.history
                assert h[:, :, COL["enrolled"]].sum() > 0
                assert h[:, :, COL["retrained"]].sum() > 0
                cost = model.spec.reskilling.cost_per_participant_eur
                assert np.isclose(
                    h[:, :, COL["spend_reskilling"]].sum() * 1e6,
                    h[:, :, COL["enrolled"]].sum() * cost,
                )
    assert hires["on"] > hires["off"]


ZERO_BUDGETS = [
    {"procurement.programmes": [{**PROCUREMENT_DE11[0], "budget_eur_per_year": 0.0}]},
    {"aid.subsidy_rate": 0.3},  # a rate but no budget
    {"aid.subsidy_rate": 0.3, "aid.budgets": {"EU": 0.0}},
    {"reskilling.places_per_quarter": {"ALL": 0}},
    {"fund.budget_eur_per_year": 0.0, "fund.allocation": "jobs"},
]


@pytest.mark.parametrize("overrides", ZERO_BUDGETS)
def test_zero_budget_equals_lever_off(overrides):
    a = run(_spec(), 5).table
    b = run(_spec(**overrides), 5).table
    for name in a:
        assert np.array_equal(a[name], b[name]), name


def test_fund_allocations_add_up_and_follow_exposure():
    budget = 4e7
    model = _run_model(
        _spec(
            **{"fund.budget_eur_per_year": budget, "fund.start_year": 2026, "fund.end_year": 2028}
        ),
        1,
    )
    alloc = model.history[:, :, COL["fund_allocation"]] * 1e6
    by_year = {y: alloc[model.years == y].sum() for y in range(2025, 2031)}
    assert by_year[2025] == 0 and by_year[2029] == 0
    for y in (2026, 2027, 2028):
        assert np.isclose(by_year[y], budget)
    # exposure = ICE-powertrain jobs at the start
    r = model.regions
    exposure = r.ice_share_parts * r.jobs_parts
    assert np.allclose(alloc.sum(axis=0) / alloc.sum(), exposure / exposure.sum())
    # money spent never exceeds what the fund gave plus nothing else
    spent = (
        sum(
            model.history[:, :, COL[c]].sum()
            for c in ("spend_aid", "spend_reskilling", "spend_procurement")
        )
        * 1e6
    )
    assert spent <= 3 * budget + 1e-6


def test_gigafactory_opens_in_its_year_and_hires():
    spec = _spec(
        **{
            "localisation.gigafactories": [
                {"region": "CZ02", "opens_year": 2027, "jobs": 2000, "product": "battery"}
            ]
        }
    )
    model = TransitionModel(scenario=spec, seed=1)
    s, e = model.pop.suppliers, model.pop.establishments
    plant = int(np.flatnonzero(s.opens_year == 2027)[0])
    est = len(model.pop.plants) + plant
    staff = {}
    pool = pool_size(model)
    while model.running:
        model.step()
        pool = check_quarter(model, pool)
        staff[
            (
                int(model.years[model.quarter_index - 1]),
                int(model.quarters[model.quarter_index - 1]),
            )
        ] = (int(s.alive[plant]), int(e.employed[est]))
    assert staff[(2026, 4)] == (0, 0)  # closed, nobody employed, no orders
    assert staff[(2027, 1)][0] == 1
    assert staff[(2030, 4)][1] * model.scale > 20  # hiring towards 40 planned jobs (2% scale)
    base = run(_spec(), 1).table
    with_plant = model.region_table()
    last = base["year"] == 2030
    cz = base["region"] == "CZ02"
    assert (
        with_plant["jobs_supplier_ev"][last & cz].sum() > base["jobs_supplier_ev"][last & cz].sum()
    )


def test_lower_eu_battery_share_lowers_ev_supplier_jobs():
    hi = run(_spec(**FAST), 1).table
    lo = run(_spec(**FAST, **{"localisation.battery_eu_share": 0.3}), 1).table
    last = hi["year"] == 2030
    assert lo["jobs_supplier_ev"][last].sum() < hi["jobs_supplier_ev"][last].sum()


def test_migration_moves_unemployed_to_neighbours():
    spec = _spec(**FAST, **{"mobility.migration_rate": 0.5, "mobility.neighbour_km": 800.0})
    model = _run_model(spec, 1)
    assert model.history[:, :, COL["moved_in"]].sum() > 0


def test_benefits_follow_unemployment():
    model = _run_model(_spec(**FAST), 1)
    h = model.history
    has_unemployed = h[:, :, COL["unemployed"]] > 0
    assert (
        h[:, :, COL["spend_benefits"]][~has_unemployed & (h[:, :, COL["retraining"]] == 0)] == 0
    ).all()
    assert h[:, :, COL["spend_benefits"]].sum() > 0


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [
        (
            {"procurement.programmes": [{**PROCUREMENT_DE11[0], "area": "XX"}]},
            "procurement.programmes[0].area",
        ),
        ({"aid.budgets": {"ZZ99": 1.0}}, "aid.budgets.ZZ99"),
        (
            {"localisation.gigafactories": [{"region": "FRE1", "opens_year": 2027, "jobs": 10}]},
            "gigafactories[0].region",
        ),
    ],
)
def test_bad_lever_areas_are_one_line_errors(overrides, needle):
    with pytest.raises(ScenarioError) as info:
        TransitionModel(scenario=_spec(**overrides), seed=1)
    assert needle in str(info.value) and "\n" not in str(info.value)


def test_fund_rule_refuses_regions_without_the_data_it_needs(tmp_path):
    """Every shipped region has population and GDP; a data folder with a gap is refused in one
    line naming the key and the region."""
    data = Path(TINY).parent / "data"
    for name in ("regions.csv", "region_economy.csv", "countries.csv"):
        if (data / name).exists():
            shutil.copy(data / name, tmp_path / name)
    economy = tmp_path / "region_economy.csv"
    lines = economy.read_text().splitlines()
    lines = [
        ",".join(["ITC1", "", *ln.split(",")[2:]]) if ln.startswith("ITC1,") else ln for ln in lines
    ]
    economy.write_text("\n".join(lines) + "\n")
    # refused when the scenario is loaded (so `autoregions check` refuses it too), naming the
    # scenario file, before any model is built
    with pytest.raises(ScenarioError) as info:
        _spec(
            **{
                "regions.file": str(tmp_path / "regions.csv"),
                "fund.budget_eur_per_year": 1e6,
                "fund.allocation": "population",
            }
        )
    assert str(info.value).startswith(f"{TINY}: key 'fund.allocation'")
    assert "ITC1" in str(info.value)
    assert "\n" not in str(info.value)


def test_fund_shares_must_add_up():
    with pytest.raises(ScenarioError, match="add up to 1"):
        _spec(**{"fund.aid_share": 0.5})
