"""Typed schema of a scenario file: every parameter the model reads, with unit, range and source.

Each field's ``description`` says its unit and where the default comes from. "Assumption" marks
a value chosen by the modellers, not taken from a study: those are the first candidates for
calibration and sensitivity analysis.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

Share = Annotated[float, Field(ge=0.0, le=1.0)]
PositiveFloat = Annotated[float, Field(gt=0.0)]


class Section(BaseModel):
    """Base of every scenario section: unknown keys and loose types are refused."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TimeSpec(Section):
    start_year: int = Field(
        2025, ge=2019, le=2049, description="First simulated year (starts in its Q1)."
    )
    end_year: int = Field(
        2050, ge=2020, le=2100, description="Last simulated year (ends after its Q4)."
    )

    @model_validator(mode="after")
    def _ordered(self) -> TimeSpec:
        if self.end_year <= self.start_year:
            raise ValueError(
                f"end_year ({self.end_year}) must be after start_year ({self.start_year})"
            )
        return self


class RegionsSpec(Section):
    file: str = Field(
        "data/regions.csv",
        description="Regional data table (CSV), relative to the scenario file that names it.",
    )
    include: list[str] = Field(
        default_factory=list,
        description="Region codes to simulate; empty = every row of the table.",
    )
    job_scale: float = Field(
        1.0,
        gt=0.0,
        le=1.0,
        description="Multiplies every regional job count (a shrunken economy for tests and "
        "teaching). 1 = the real number of jobs. Not the same as --scale, which changes how many "
        "real workers one agent stands for.",
    )


class DemandSpec(Section):
    base_units_per_year: float = Field(
        11_000_000.0,
        gt=0.0,
        le=1e8,
        description="Vehicles made per year in the start year by the plants of the whole regions "
        "table (vehicle equivalents); a run on some regions (or a job_scale) gets their share of "
        "the table's assembly jobs. Default: assumption of the order of EU-27 passenger-car "
        "production "
        "(ACEA reports 10-12 million a year in 2021-2024; see scenarios/data/README.md); "
        "every labour coefficient is calibrated against it, so it sets units, not jobs.",
    )
    growth_per_year: float = Field(
        0.0,
        ge=-0.2,
        le=0.2,
        description="Annual growth of the EU new-car market (registrations) after the last "
        "observed year, or of production when no history is given. Default 0: assumption (flat "
        "market).",
    )
    # --- observed history, exports and imports (issue 11; sim/market.py, docs/model.md 7.1a)
    history_file: str = Field(
        "",
        description="Observed EU car production, registrations and fleet by year (CSV with "
        "columns area, year, production, registrations, fleet, source), relative to the "
        "scenario file. Empty = no history: production starts at base_units_per_year and moves "
        "with the market. With a file, production follows the observed figures and, after the "
        "last observed year, moves with the market identity (sim/market.py); "
        "base_units_per_year is then replaced by the start year's production.",
    )
    history_area: str = Field(
        "EU27", description="Which `area` rows of history_file hold the EU totals."
    )
    country_history: bool = Field(
        True,
        description="Scale the demand of plants in a country with its own production rows in "
        "history_file by that country's observed production relative to the EU's (held at its "
        "last observed value afterwards).",
    )
    registrations_per_year: float = Field(
        0.0,
        ge=0.0,
        le=1e8,
        description="EU new-car registrations per year after the last observed year (the EU "
        "market size; then grows at growth_per_year). 0 = keep the last observed level.",
    )
    export_share: Share = Field(
        0.40,
        description="Share of EU car production sold outside the EU. Derived: ACEA Economic "
        "and Market Report FY2024, 4,553,344 cars exported / 11.4 million produced "
        "(deutschalltags.de, ecgassociation.eu).",
    )
    export_bev_ratio: float = Field(
        0.5,
        ge=0.0,
        le=2.0,
        description="BEV share of exported EU-made cars, as a multiple of the BEV share of EU "
        "registrations (capped at 1). Assumption: the main export markets (UK, US, Turkey; "
        "ACEA FY2024) electrify more slowly than the EU; no drivetrain split of exports found.",
    )
    import_share_bev: Share = Field(
        0.321,
        description="Share of BEVs registered in the EU that are made outside it. Derived: "
        "ACEA FY2024, 3.4 million cars imported / 10.6 million registered, applied to BEVs as "
        "to every car (no drivetrain split of imports was found; made-in-China BEVs alone were "
        "19.5% of EU BEV sales in 2023, T&E 27 Mar 2024, a lower bound).",
    )
    import_share_nonbev: Share = Field(
        0.321,
        description="Share of non-BEV cars registered in the EU that are made outside it. "
        "Derived: same ACEA FY2024 figures as import_share_bev.",
    )


#: Named electrification paths (table mode): BEV share of new cars by year. Both start from
#: ACEA's observed EU share of 17.4% in 2025.
PRESETS: dict[str, tuple[list[int], list[float]]] = {
    # Regulation (EU) 2023/851: zero tailpipe CO2 for new cars from 2035, read as 100% BEV,
    # reached in a straight line (the intermediate -55% CO2 in 2030 is not translated into a
    # share: assumption).
    "eu_co2_2023_851": ([2025, 2035], [0.174, 1.0]),
    # The same path with the 2035 end point delayed by ten years (assumption).
    "delayed": ([2025, 2045], [0.174, 1.0]),
}


class ElectrificationSpec(Section):
    mode: Literal["logistic", "table", "preset"] = Field(
        "logistic",
        description="How the BEV share of new vehicles evolves: an S-curve, an explicit table, "
        "or a named preset (see `preset`).",
    )
    preset: Literal["eu_co2_2023_851", "delayed"] = Field(
        "eu_co2_2023_851",
        description="Preset mode: 'eu_co2_2023_851' = 100% BEV from 2035 (Regulation (EU) "
        "2023/851), straight line from 17.4% in 2025; 'delayed' = the same end point in 2045.",
    )
    midpoint_year: float = Field(
        2030.0,
        ge=2000.0,
        le=2100.0,
        description="Logistic mode: year in which the BEV share reaches half the ceiling. Default "
        "2030 with steepness 0.35/yr passes through ACEA's observed EU share of 17.4% in 2025: "
        "an assumption fitted to one observed point.",
    )
    steepness: float = Field(
        0.35, gt=0.0, le=5.0, description="Logistic mode: growth rate per year (1/yr)."
    )
    ceiling: float = Field(
        1.0, gt=0.0, le=1.0, description="Logistic mode: long-run BEV share (0-1)."
    )
    years: list[int] = Field(
        default_factory=list, description="Table mode: years of the given BEV shares (ascending)."
    )
    bev_shares: list[Share] = Field(
        default_factory=list,
        description="Table mode: BEV share of new vehicles (0-1) in each of `years`, linearly "
        "interpolated between them and held flat outside them.",
    )
    history_file: str = Field(
        "data/drivetrain_mix.csv",
        description="Observed drivetrain mix (CSV with columns area, year, bev, ...), relative "
        "to the scenario file that names it. Observed years override the path; after the "
        "last observed year the share does not fall below the last observed one. Empty = no "
        "observed mix: the path alone sets the shares (e.g. to replay a study's scenario).",
    )
    history_area: str = Field("EU27", description="Which `area` rows of history_file to use.")
    phev_shares: list[Share] = Field(
        default_factory=list,
        description="Table mode, optional: plug-in hybrid share of new vehicles in each of "
        "`years`. When empty, plug-in hybrids and full hybrids keep their last observed share "
        "of the non-BEV vehicles (assumption).",
    )
    hev_shares: list[Share] = Field(
        default_factory=list,
        description="Table mode, optional: full-hybrid share of new vehicles in each of `years`.",
    )
    phev_ev_content: float = Field(
        0.3,
        ge=0.0,
        le=1.0,
        description="EV-powertrain content of a plug-in hybrid as a share of a BEV's (its ICE "
        "powertrain is complete). Assumption (smaller battery, one e-motor).",
    )
    hev_ev_content: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description="EV-powertrain content of a full hybrid as a share of a BEV's. Assumption.",
    )
    country_offsets: dict[str, Annotated[float, Field(ge=-1.0, le=1.0)]] = Field(
        default_factory=dict,
        description="BEV share offset per country code (e.g. {DE = -0.05}) applied to the "
        "demand met by plants in that country (their home market), clipped to 0-1.",
    )

    @model_validator(mode="after")
    def _table(self) -> ElectrificationSpec:
        if len(self.years) != len(self.bev_shares):
            raise ValueError(
                f"years has {len(self.years)} entries but bev_shares has {len(self.bev_shares)}"
            )
        if self.mode == "table" and not self.years:
            raise ValueError("mode 'table' needs at least one entry in years and bev_shares")
        if any(b <= a for a, b in zip(self.years, self.years[1:], strict=False)):
            raise ValueError(f"years must be strictly ascending, got {self.years}")
        for name in ("phev_shares", "hev_shares"):
            values = getattr(self, name)
            if values and len(values) != len(self.years):
                raise ValueError(
                    f"{name} has {len(values)} entries but years has {len(self.years)}"
                )
        if self.phev_shares or self.hev_shares:
            n = len(self.years)
            for i in range(n):
                total = (
                    self.bev_shares[i]
                    + (self.phev_shares[i] if self.phev_shares else 0.0)
                    + (self.hev_shares[i] if self.hev_shares else 0.0)
                )
                if total > 1.0 + 1e-9:
                    raise ValueError(
                        f"BEV + PHEV + HEV shares in {self.years[i]} add up to {total:g} (> 1)"
                    )
        return self


class VehiclesSpec(Section):
    supplier_content_ice_eur: float = Field(
        15_000.0,
        gt=0.0,
        le=1e6,
        description="Value of supplier-made components in a combustion car (EUR). Source: "
        "AlixPartners for PFA, ~2021, quoted by i-trans.org (secondary).",
    )
    battery_content_eur: float = Field(
        8_000.0, gt=0.0, le=1e6, description="Battery value per BEV (EUR). Same source."
    )
    power_electronics_content_eur: float = Field(
        1_500.0, gt=0.0, le=1e6, description="Power electronics per BEV (EUR). Same source."
    )
    e_motor_content_eur: float = Field(
        1_120.0,
        gt=0.0,
        le=1e6,
        description="Electric powertrain (e-motor) per BEV (EUR). Same source.",
    )
    ice_specific_share_of_content: float = Field(
        0.25,
        gt=0.0,
        lt=1.0,
        description="Share of a combustion car's supplier content that is ICE-specific "
        "(engine, exhaust, fuel system and transmission parts); the rest is the "
        "drivetrain-agnostic content, the same in every vehicle, and a BEV's supplier content "
        "is that plus the three EV items (derived: 21,870 EUR with the defaults, against "
        "AlixPartners' 24,000). Derived: midpoint of 'engines and transmissions make 20 to 30% "
        "of the automotive industry's value added' (d'Letzebuerger Land, 27.01.2012, "
        "land.lu/page/article/171/5171; secondary), consistent with ELAB 2.0's 210,000 "
        "powertrain jobs of 840,000 (25%). Replaces the difference rule (BEV content minus EV "
        "items), which left 1,620 EUR (11%) of ICE-specific content for 31% of parts jobs.",
    )
    supplier_share_of_vehicle_value: float = Field(
        0.75,
        gt=0.0,
        lt=1.0,
        description="Share of a vehicle's ex-works value bought from suppliers. Source: "
        "'suppliers deliver up to three quarters of a car's value' (automotiveworld.com, "
        "secondary).",
    )
    input_share_of_sales: float = Field(
        0.72,
        ge=0.0,
        lt=1.0,
        description="Share of a supplier's sales bought in from the tier below (or, for tier "
        "3, as materials), for every product group but battery; value added = sales x (1 - "
        "this). Derived: turnover per worker of the Italian component industry, EUR 54.3 bn / "
        "168,000 employees = EUR 323k (ANFIA and Turin Chamber of Commerce 2021, via "
        "itacanotizie.it; facts.md 2.2), matched by the supply chain's turnover per start-year "
        "parts job with the default contents and the 2025 EU mix (content x (1 + s + s^2) per "
        "vehicle; s = 0.72, printed by experiments/sector_economics.py). Firm-level value "
        "added / turnover is then 28%; Czech parts makers had 17.0% in 2017 "
        "(MPO/CSU via ŠAVŠ Studie 2019; economics.csv), a low-wage lower end.",
    )
    battery_input_share: float = Field(
        0.78,
        ge=0.0,
        lt=1.0,
        description="The same share for the battery product group (cells and packs are "
        "material-heavy). Source: BloombergNEF battery price survey (27 Nov 2023, "
        "about.bnef.com): BEV packs USD 128/kWh, cells USD 89/kWh, so cells are 70-78% of the "
        "pack price; a pack maker buys at least that share (a lower bound).",
    )
    ev_powertrain_labour_ratio: float = Field(
        1.0,
        gt=0.0,
        le=5.0,
        description="Labour per EV-powertrain set (battery, e-motor, power electronics, from "
        "tier 1 to tier 3) relative to an ICE-specific set. Source: Cotterman, Fuchs, "
        "Whitefoot and Combemale (Energy Policy 188, 2024): with battery packs included, a BEV "
        "powertrain needs more labour than an ICEV powertrain even in the most favourable "
        "comparison, so 1 is their lower bound. ELAB 2.0's 0.46 (1,840 workers per million "
        "e-motors vs 4,000 per million engines) compares the motors alone and is used for "
        "the OEMs' own lines (oems.*_workers_per_million), not for the whole supply chain.",
    )
    ice_group_weights: list[PositiveFloat] = Field(
        [0.4, 0.15, 0.15, 0.3],
        min_length=4,
        max_length=4,
        description="Split of ICE-specific content over engine, exhaust, fuel system, "
        "transmission. Assumption.",
    )
    agnostic_group_weights: list[PositiveFloat] = Field(
        [0.3, 0.25, 0.25, 0.2],
        min_length=4,
        max_length=4,
        description="Split of agnostic content over body, chassis, interior, electronics. "
        "Assumption.",
    )

    @model_validator(mode="after")
    def _content(self) -> VehiclesSpec:
        ev = (
            self.battery_content_eur + self.power_electronics_content_eur + self.e_motor_content_eur
        )
        agnostic = (1.0 - self.ice_specific_share_of_content) * self.supplier_content_ice_eur
        if ev + agnostic >= 1e6:
            raise ValueError(
                f"BEV supplier content (agnostic {agnostic:g} + EV items {ev:g} EUR) must be "
                "below 1e6 EUR"
            )
        return self


class SuppliersSpec(Section):
    tier_job_shares: list[PositiveFloat] = Field(
        [0.5, 0.3, 0.2],
        min_length=3,
        max_length=3,
        description="Split of supplier jobs over tiers 1, 2, 3. Assumption.",
    )
    size_pareto_alpha: float = Field(
        1.06,
        gt=0.5,
        le=3.0,
        description="Tail exponent of the Pareto distribution of supplier sizes (jobs). Source: "
        "Axtell, 'Zipf distribution of U.S. firm sizes', Science 293 (2001).",
    )
    min_size_jobs: int = Field(
        10, ge=1, le=10_000, description="Smallest supplier (jobs). Assumption."
    )
    max_size_jobs: int = Field(
        20_000, ge=1, le=1_000_000, description="Largest supplier establishment (jobs). Assumption."
    )
    base_utilisation: float = Field(
        0.85, gt=0.0, le=1.0, description="Capacity utilisation in the start year. Assumption."
    )
    base_margin: float = Field(
        0.036,
        ge=-0.5,
        le=0.5,
        description="Operating margin on sales in the start year; fixed costs are calibrated to "
        "it per firm. Source: Roland Berger/Lazard Global Automotive Supplier Study 2025: EBIT "
        "margin of Europe-headquartered suppliers 3.6% in 2024.",
    )
    initial_cash_quarters: float = Field(
        0.5, ge=0.0, le=20.0, description="Starting cash in quarters of sales. Assumption."
    )
    exit_after_loss_quarters: int = Field(
        8,
        ge=1,
        le=100,
        description="A supplier exits after this many loss-making quarters in a row (unless it is "
        "moving to EV products). Assumption.",
    )
    credit_line_quarters: float = Field(
        1.0,
        ge=0.0,
        le=20.0,
        description="A supplier can borrow up to this many quarters of its full-capacity sales; "
        "it exits at once when its cash falls below minus that. Assumption.",
    )
    capacity_growth_max: float = Field(
        0.05, ge=0.0, le=1.0, description="Largest capacity increase per quarter. Assumption."
    )
    capacity_shrink_rate: float = Field(
        0.03, ge=0.0, le=1.0, description="Capacity cut per quarter when under-used. Assumption."
    )
    expand_above_utilisation: float = Field(
        0.95, gt=0.0, le=1.0, description="Orders/capacity above which capacity grows. Assumption."
    )
    shrink_below_utilisation: float = Field(
        0.8, ge=0.0, lt=1.0, description="Orders/capacity below which capacity shrinks. Assumption."
    )
    overtime: float = Field(
        0.1,
        ge=0.0,
        le=1.0,
        description="Output can exceed what last quarter's workforce makes at standard hours by "
        "this share. Assumption.",
    )
    conversion_trigger_orders_share: float = Field(
        0.8,
        ge=0.0,
        le=1.0,
        description="An ICE-specific supplier considers moving to EV products once its orders "
        "fall below this share of its start-year orders (it has lost a fifth of its business). "
        "Measured against the start year, not against its current capacity, which follows its "
        "orders down. Assumption.",
    )
    conversion_probability: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description="Chance per quarter that a triggered supplier that can afford it starts the "
        "move. Assumption.",
    )
    conversion_cost_quarters: float = Field(
        1.0,
        ge=0.0,
        le=40.0,
        description="Cost of the move in quarters of sales at full capacity. Assumption.",
    )
    conversion_lag_quarters: int = Field(
        8,
        ge=0,
        le=80,
        description="Quarters from the decision until EV products ship (0 acts as 1). Assumption.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> SuppliersSpec:
        if self.shrink_below_utilisation >= self.expand_above_utilisation:
            raise ValueError(
                f"shrink_below_utilisation ({self.shrink_below_utilisation:g}) must be below "
                f"expand_above_utilisation ({self.expand_above_utilisation:g})"
            )
        if self.min_size_jobs > self.max_size_jobs:
            raise ValueError(
                f"min_size_jobs ({self.min_size_jobs}) must not exceed max_size_jobs "
                f"({self.max_size_jobs})"
            )
        return self


class OemSpec(Section):
    base_utilisation: float = Field(
        0.85, gt=0.0, le=1.0, description="Plant utilisation in the start year. Assumption."
    )
    base_bev_capable_share: float = Field(
        -1.0,
        ge=-1.0,
        le=1.0,
        description="BEV-capable share of each plant's capacity at the start; -1 = the start "
        "year's BEV share of demand (with the base utilisation below 1 this leaves BEV lines "
        "some room). Assumption.",
    )
    retool_step: float = Field(
        0.25,
        gt=0.0,
        le=1.0,
        description="Largest share of a plant's capacity it starts converting to BEV in one "
        "quarter. Assumption.",
    )
    retool_lag_quarters: int = Field(
        6, ge=0, le=80, description="Quarters from the decision to BEV output. Assumption."
    )
    retool_cost_eur_per_vehicle: float = Field(
        3_636.0,
        ge=0.0,
        le=1e6,
        description="Investment per vehicle of annual capacity converted (EUR). Derived: VW "
        "Zwickau, EUR 1.2 bn for 330,000 BEVs a year (VW via autoundwirtschaft.at, 2019-21).",
    )
    assembly_workers_per_million: float = Field(
        17_000.0,
        gt=0.0,
        le=1e6,
        description="Vehicle assembly line (press shop, body, paint, final assembly) of a "
        "non-BEV vehicle, workers per million vehicles a year, before calibration. Source: "
        "Nature Communications 15 (2024), 'Higher labor intensity in US automotive assembly "
        "plants after transitioning to electric vehicles', Table 1: ICEV assembly plants "
        "without engine or transmission production at 16, 17 and 18 workers per 1,000 "
        "vehicles a year (mean). Only the ratios of the OEM line coefficients matter: they are "
        "scaled so that every plant's start-year output needs exactly its start-year jobs.",
    )
    bev_assembly_labour_ratio: float = Field(
        1.0,
        gt=0.0,
        le=5.0,
        description="Assembly line labour per BEV relative to a non-BEV vehicle. Assumption: "
        "1, after BCG 'Shifting Gears in Auto Manufacturing' (2020): a whole BEV needs about "
        "99% of an ICEV's labour and the difference lies in the powertrain, which the "
        "powertrain lines below carry. The US BEV plants of the same Table 1 (31-46 workers "
        "per 1,000 vehicles) were young plants at low volume.",
    )
    engine_workers_per_million: float = Field(
        4_000.0,
        gt=0.0,
        le=1e6,
        description="OEM engine line, workers per million engines a year (one per non-BEV "
        "vehicle), before calibration. Source: Fraunhofer IAO ELAB 2.0 (2018), via "
        "ferro-alloys.com (facts.md 3.1): about 4,000 workers to assemble 1 million petrol "
        "engines a year.",
    )
    transmission_workers_per_million: float = Field(
        4_000.0,
        ge=0.0,
        le=1e6,
        description="OEM transmission line, workers per million non-BEV vehicles a year. "
        "Assumption: the engine figure. Single plants span about 1,200 per million units "
        "(Opel Wien-Aspern 2011: 2,200 staff, about 0.72 million engines and 1.15 million "
        "gearboxes a year at the January-May 2011 rate; autoundwirtschaft.at) to about "
        "5,600 (Mercedes-Benz Hedelfingen 2008: over 2,500 staff on transmissions, 2 million "
        "7G-TRONIC from 2004 to August 2008; autos.ca).",
    )
    e_motor_workers_per_million: float = Field(
        1_840.0,
        ge=0.0,
        le=1e6,
        description="OEM e-drive line, workers per million e-motors a year (one per BEV, and "
        "the hybrids' EV content per non-BEV vehicle). Source: ELAB 2.0, 1,840 workers per "
        "million electric motors (facts.md 3.1).",
    )
    battery_pack_workers_per_million: float = Field(
        800.0,
        ge=0.0,
        le=1e6,
        description="OEM battery-pack assembly line, workers per million packs a year (cells "
        "are bought). Derived: ELAB 2.0, a battery plant needs about one fifth of an engine "
        "plant's workforce: 4,000 / 5 (facts.md 3.1).",
    )


class NetworkSpec(Section):
    links_per_customer: int = Field(
        3, ge=1, le=20, description="Suppliers per customer and product group. Assumption."
    )
    distance_decay_km: float = Field(
        400.0,
        gt=0.0,
        le=10_000.0,
        description="Link weight falls as exp(-distance / this). Assumption.",
    )
    home_region_bias: float = Field(
        3.0, ge=1.0, le=100.0, description="Weight multiplier for a same-region link. Assumption."
    )
    home_country_bias: float = Field(
        2.0, ge=1.0, le=100.0, description="Weight multiplier for a same-country link. Assumption."
    )


class LabourSpec(Section):
    labour_share_of_value_added: float = Field(
        0.52,
        gt=0.0,
        lt=1.0,
        description="Start-year wages as a share of value added per worker; sets each "
        "establishment's wage level. Derived: Germany 2016, labour cost EUR 6,583/month per FTE "
        "in C29 (Eurostat labour cost data via ŠAVŠ Studie 2019, Tab. 1.8) x 12 / gross value "
        "added per person employed EUR 153.3k (Destatis, WZ 29) = 0.52.",
    )
    wage_dispersion: float = Field(
        0.15, ge=0.0, le=1.0, description="Std. dev. of log wages across workers. Assumption."
    )
    ev_skill_threshold: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="EV skill (0-1) a worker needs for a job at an EV-specific supplier. "
        "Assumption.",
    )
    matching_efficiency: float = Field(
        0.6,
        ge=0.0,
        le=5.0,
        description="Scale of the regional matching function hires = m U^a V^(1-a) per "
        "quarter. Assumption.",
    )
    matching_elasticity: float = Field(
        0.5,
        gt=0.0,
        lt=1.0,
        description="Elasticity a of hires to unemployment. Source: Petrongolo and Pissarides, "
        "'Looking into the black box', J. Econ. Literature 39 (2001): 0.5-0.7.",
    )
    entrant_fill_share: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Share of the vacancies left after matching that is filled each quarter by "
        "entrants from outside the automotive labour pool. Assumption.",
    )
    layoff_band: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description="Firms keep up to this share more workers than needed before laying off "
        "(labour hoarding). Assumption.",
    )
    ev_learning_per_quarter: float = Field(
        0.02,
        ge=0.0,
        le=1.0,
        description="EV skill gained per quarter employed at an EV-specific supplier. Assumption.",
    )
    skill_loss_per_quarter: float = Field(
        0.01,
        ge=0.0,
        le=1.0,
        description="Skill lost per quarter out of work. Assumption.",
    )
    retirement_age: int = Field(
        65, ge=50, le=75, description="Age at which workers leave the labour force. Assumption."
    )
    age_mean: float = Field(
        42.0, ge=18.0, le=65.0, description="Mean age of the start-year workforce. Assumption."
    )
    age_sd: float = Field(
        11.0,
        gt=0.0,
        le=30.0,
        description="Std. dev. of start-year ages (normal, redrawn outside 18 to the "
        "retirement age). Assumption.",
    )
    outside_job_rate: float = Field(
        0.233,
        ge=0.0,
        le=1.0,
        description="Chance per quarter that an unemployed former automotive worker under "
        "older_from_age finds a job outside the sector. Derived: 1 - 0.12^(1/8), so that 88% of "
        "younger displaced workers are re-employed two years after a closure (Swiss plant "
        "closures 2009/10; facts.md 3.8). Check: python experiments/displaced_workers.py.",
    )
    benefit_replacement_rate: float = Field(
        0.6,
        ge=0.0,
        le=1.0,
        description="Unemployment benefit as a share of the last wage (employer cost, the "
        "model's only wage), paid for benefit_quarters and during reskilling (public cost). "
        "Assumption, by analogy with Germany's rules (60% of previous net pay; facts.md 3.7).",
    )
    benefit_quarters: int = Field(
        4, ge=0, le=40, description="Quarters of benefit after a job loss. Assumption."
    )
    outside_job_rate_older: float = Field(
        0.114,
        ge=0.0,
        le=1.0,
        description="The same chance for workers aged older_from_age or more. Derived with "
        "early_retirement_rate so that two years after a closure 57% of older workers are "
        "re-employed and 30% still unemployed (Swiss plant closures; facts.md 3.8).",
    )
    older_from_age: int = Field(
        55, ge=40, le=75, description="Age from which workers count as older."
    )
    early_retirement_rate: float = Field(
        0.026,
        ge=0.0,
        le=1.0,
        description="Chance per quarter that an unemployed worker aged early_retirement_age or "
        "more retires early. Derived with outside_job_rate_older (see there).",
    )
    entrant_age_min: int = Field(
        20, ge=15, le=60, description="Youngest age of entrants (years). Assumption."
    )
    entrant_age_max: int = Field(
        35, ge=15, le=70, description="Oldest age of entrants (years). Assumption."
    )
    early_retirement_age: int = Field(
        55,
        ge=50,
        le=75,
        description="Age from which unemployed workers may retire early. Assumption.",
    )
    initial_unemployed_share: float = Field(
        0.0,
        ge=0.0,
        le=0.5,
        description="Unemployed former automotive workers at the start, as a share of jobs. "
        "Default 0: no sourced figure yet.",
    )
    spare_rows: float = Field(
        0.1,
        ge=0.0,
        le=2.0,
        description="Extra worker rows allocated for entrants, as a share of the start "
        "population (memory, not behaviour).",
    )

    @model_validator(mode="after")
    def _ages(self) -> LabourSpec:
        if not self.entrant_age_min <= self.entrant_age_max < self.retirement_age:
            raise ValueError(
                f"entrant ages must satisfy entrant_age_min ({self.entrant_age_min}) <= "
                f"entrant_age_max ({self.entrant_age_max}) < retirement_age ({self.retirement_age})"
            )
        if self.early_retirement_age > self.retirement_age:
            raise ValueError(
                f"early_retirement_age ({self.early_retirement_age}) must not exceed "
                f"retirement_age ({self.retirement_age})"
            )
        return self


Area = Annotated[str, Field(min_length=2, max_length=12)]


class LocalisationSpec(Section):
    """Where EV-powertrain content is made: the share bought in the EU, and new plants."""

    battery_eu_share: Share = Field(
        1.0,
        description="Share of the battery content of vehicles made in the simulated plants "
        "that is bought from EU suppliers; the rest is imported. Default 1: everything the EU "
        "suppliers can make is bought there (assumption; set lower to model imports of cells).",
    )
    e_motor_eu_share: Share = Field(1.0, description="Same for e-motors.")
    power_electronics_eu_share: Share = Field(1.0, description="Same for power electronics.")
    gigafactories: list[Gigafactory] = Field(
        default_factory=list,
        description="New EV-component plants: each opens in a region in a given year and then "
        "hires up to its planned jobs.",
    )


class Gigafactory(Section):
    region: Area = Field(description="Region code where the plant opens.")
    opens_year: int = Field(ge=2019, le=2100, description="Year the plant opens (its Q1).")
    jobs: int = Field(
        gt=0,
        le=100_000,
        description="Planned jobs at start-up (capacity is sized like other suppliers' at base "
        "utilisation; it may then grow like any supplier's).",
    )
    product: Literal["battery", "e_motor", "power_electronics"] = Field(
        "battery", description="What it makes (a tier-1 EV-specific product)."
    )


class ProcurementProgramme(Section):
    area: Area = Field(
        description="Who buys: a region code, a country code, or 'EU' for all simulated regions."
    )
    budget_eur_per_year: float = Field(ge=0.0, le=1e12, description="Spending per year (EUR).")
    start_year: int = Field(2026, ge=2019, le=2100, description="First year of purchases.")
    end_year: int = Field(2030, ge=2019, le=2100, description="Last year of purchases.")
    clean_share: Share = Field(
        1.0,
        description="Share of the vehicles bought that are battery-electric (the Clean Vehicles "
        "Directive, Directive (EU) 2019/1161, sets national minimum clean shares, e.g. 33-65% for "
        "buses in 2026-2030).",
    )
    local_content_share: Share = Field(
        0.0,
        description="Share of the purchases routed to OEM plants of the buying area (local-content "
        "preference); the rest goes to the EU market at large.",
    )
    vehicle_price_eur: float = Field(
        0.0,
        ge=0.0,
        le=1e7,
        description="Price per vehicle (EUR); 0 = the model's ex-works BEV value (vehicle "
        "equivalents: buses and trucks count as several cars' worth).",
    )
    innovation: bool = Field(
        False,
        description="Innovation procurement: suppliers of the buying area move to EV products "
        "more readily (conversion chance times procurement.innovation_boost).",
    )

    @model_validator(mode="after")
    def _years(self) -> ProcurementProgramme:
        if self.end_year < self.start_year:
            raise ValueError(f"end_year ({self.end_year}) is before start_year ({self.start_year})")
        return self


class ProcurementSpec(Section):
    programmes: list[ProcurementProgramme] = Field(
        default_factory=list, description="Public clean-vehicle purchase programmes."
    )
    innovation_boost: float = Field(
        1.0,
        ge=0.0,
        le=20.0,
        description="Innovation procurement multiplies the conversion chance of the area's "
        "ICE-specific suppliers by (1 + this). Assumption.",
    )


class AidSpec(Section):
    """State aid for suppliers' move to EV products and for OEM retooling."""

    subsidy_rate: Share = Field(
        0.0, description="Share of an eligible investment paid by aid (0 = no aid)."
    )
    intensity_cap: Share = Field(
        0.35,
        description="Largest aid intensity allowed (share of the investment); the 'state aid "
        "flexibility' lever raises it. Default: assumption of the order of regional investment "
        "aid ceilings.",
    )
    budgets: dict[Area, Annotated[float, Field(ge=0.0, le=1e12)]] = Field(
        default_factory=dict,
        description="Aid budgets (EUR, for the whole run) by area: region code, country code or "
        "'EU' (a pool for all). A firm draws on its region's budget, then its country's, then "
        "the EU pool.",
    )
    ice_dependent_only: bool = Field(
        True, description="Only ICE-specific suppliers are eligible (OEM plants always are)."
    )
    sme_only: bool = Field(
        False,
        description="Only suppliers with fewer than 250 workers are eligible (EU SME definition, "
        "Commission Recommendation 2003/361/EC).",
    )
    tiers: list[Annotated[int, Field(ge=1, le=3)]] = Field(
        [1, 2, 3], description="Eligible supplier tiers."
    )
    include_oems: bool = Field(
        False,
        description="Aid OEM retooling too. Off by default: plants retool whether aided or not, "
        "so aid to them is a windfall (public cost with no effect on the agents).",
    )
    max_layoff_share: Share = Field(
        0.1,
        description="Job-retention condition: an aided supplier keeps at least (1 - this) of its "
        "workforce at the grant (it lays off no further, at its own cost) ...",
    )
    retention_quarters: int = Field(
        8,
        ge=0,
        le=80,
        description="... for this many quarters after the grant; if its workforce still falls "
        "below that floor (retirements not replaced), the aid is clawed back.",
    )


class ReskillingSpec(Section):
    start_year: int = Field(2019, ge=2019, le=2100, description="First year with places.")
    end_year: int = Field(2100, ge=2019, le=2100, description="Last year with places.")
    places_per_quarter: dict[Area, Annotated[int, Field(ge=0, le=10_000_000)]] = Field(
        default_factory=dict,
        description="Programme places per quarter by area: region code, country code (shared "
        "over its regions by automotive jobs) or 'ALL' (that many in every region).",
    )
    duration_quarters: int = Field(2, ge=1, le=16, description="Length of a programme.")
    success_probability: Share = Field(
        0.7,
        description="Chance that a participant completes with the EV skill gain. Assumption: "
        "no sourced success rate was found (facts.md 3.7 GAP).",
    )
    cost_per_participant_eur: float = Field(
        2_380.0,
        ge=0.0,
        le=1e6,
        description="Cost per participant (EUR). Derived: EGF case Ford Genk (EGF/2013/012), "
        "EUR 1,141,890 for 479 targeted workers.",
    )
    ev_skill_gain: Share = Field(0.5, description="EV skill (0-1) gained on success. Assumption.")
    preventive_share: Share = Field(
        0.0,
        description="Share of places offered to employed workers of ICE-specific suppliers "
        "(preventive upskilling; they keep their job while training).",
    )

    @model_validator(mode="after")
    def _years(self) -> ReskillingSpec:
        if self.end_year < self.start_year:
            raise ValueError(f"end_year ({self.end_year}) is before start_year ({self.start_year})")
        return self


class FundSpec(Section):
    """A just-transition fund for automotive regions, allocated to regions by a rule."""

    budget_eur_per_year: float = Field(0.0, ge=0.0, le=1e12, description="EU budget per year.")
    start_year: int = Field(2026, ge=2019, le=2100, description="First year of the fund.")
    end_year: int = Field(2030, ge=2019, le=2100, description="Last year of the fund.")
    allocation: Literal["exposure", "population", "inverse_gdp", "jobs"] = Field(
        "exposure",
        description="How the budget is shared: by exposure (ICE-powertrain jobs in the region, "
        "the share of regional jobs times its jobs), by population, by inverse GDP per "
        "inhabitant, or by automotive jobs.",
    )
    aid_share: Share = Field(0.4, description="Share of each allocation spent as retooling aid.")
    reskilling_share: Share = Field(0.4, description="Share spent on reskilling places.")
    procurement_share: Share = Field(
        0.2, description="Share spent on clean-vehicle procurement with local content."
    )
    procurement_local_content: Share = Field(
        0.5, description="Local-content share of the fund's procurement. Assumption."
    )
    aid_rate: Share = Field(
        0.3,
        description="Subsidy rate of fund-paid aid when aid.subsidy_rate is 0 (still capped by "
        "aid.intensity_cap). Assumption.",
    )

    @model_validator(mode="after")
    def _shares(self) -> FundSpec:
        total = self.aid_share + self.reskilling_share + self.procurement_share
        if abs(total - 1.0) > 1e-9:
            raise ValueError(
                f"aid_share + reskilling_share + procurement_share must add up to 1, got {total:g}"
            )
        if self.end_year < self.start_year:
            raise ValueError(f"end_year ({self.end_year}) is before start_year ({self.start_year})")
        return self


class MobilitySpec(Section):
    migration_rate: Share = Field(
        0.0,
        description="Chance per quarter that an unemployed worker moves to a neighbouring "
        "region with open vacancies (0 = nobody moves).",
    )
    neighbour_km: float = Field(
        300.0, gt=0.0, le=5_000.0, description="Regions this close (km) are neighbours."
    )
    move_cost_eur: float = Field(
        0.0, ge=0.0, le=1e6, description="Cost of one move, paid by the worker (reported)."
    )


class ProductivitySpec(Section):
    """Labour productivity growth: labour per unit falls by these rates every year."""

    oem: float = Field(
        0.0,
        ge=-0.2,
        le=0.5,
        description="OEM plants (every line). Derived: EU jobs per 1,000 motor vehicles made "
        "did not fall in 2010-2018 (133 -> 141 in 2010-2014, Eurostat SBS regional C29 sum "
        "and ACEA production; 134 -> 140 in 2014-2018, ACEA jobs and production; "
        "docs/evidence/labour_per_vehicle.md), so the central rate per physical unit is 0: "
        "productivity gains went into more content per vehicle, not fewer workers per "
        "vehicle. Sensitivity: 0.0127, VW's 12% fewer workers in 2029 than in 2019 "
        "(Fraunhofer IAO 'Beschäftigung 2030', 2020, via dw.com; "
        "scenarios/productivity_trend.toml).",
    )
    supplier_ice: float = Field(
        0.0,
        ge=-0.2,
        le=0.5,
        description="ICE-specific suppliers. Derived: the EU labour-per-vehicle evidence "
        "above (C29 counts suppliers too). Sensitivity: 0.019, EU manufacturing production "
        "per hour worked 2006-2010 (European Commission, 'EU industrial structure 2013', ch. "
        "III; all manufacturing, deflated output, not physical units).",
    )
    supplier_ev: float = Field(
        0.0,
        ge=-0.2,
        le=0.5,
        description="EV-specific suppliers. Assumption: the rate of the other sectors; no "
        "rate for battery or e-drive labour was found.",
    )
    supplier_agnostic: float = Field(
        0.0,
        ge=-0.2,
        le=0.5,
        description="Drivetrain-agnostic suppliers. Derived: the EU labour-per-vehicle "
        "evidence above. Sensitivity: 0.019 as for supplier_ice.",
    )

    def rates(self) -> tuple[float, float, float, float]:
        """Annual rates by sector code (OEM, ICE, EV, agnostic)."""
        return (self.oem, self.supplier_ice, self.supplier_ev, self.supplier_agnostic)


class FleetSpec(Section):
    """Cars on EU roads and the spare parts they need (sim/fleet.py, docs/model.md 7.3a)."""

    enabled: bool = Field(
        True,
        description="Add aftermarket (spare-parts) orders from the cars in use to the orders "
        "plants pass to suppliers.",
    )
    stock: float = Field(
        256_000_000.0,
        gt=0.0,
        le=1e10,
        description="Passenger cars on EU roads in the start year when the market history has "
        "no fleet figure. Source: ACEA 'Vehicles on European roads' 2025, 256 million in 2024 "
        "(via fxbaogao.com, secondary).",
    )
    mean_age_years: float = Field(
        12.3,
        gt=1.0,
        le=40.0,
        description="Average age of cars on EU roads (years); sets the survival curve's scale. "
        "Source: ACEA 'Vehicles on European roads' 2024, 12.3 years (ACEA release 28 Mar 2024 "
        "via publicnow.com).",
    )
    survival_shape: float = Field(
        3.0,
        gt=0.5,
        le=10.0,
        description="Weibull shape of the chance that a car is still on the road at a given "
        "age. Assumption.",
    )
    parts_eur_per_car_year: float = Field(
        421.0,
        ge=0.0,
        le=1e5,
        description="Spare parts bought per vehicle in use per year (EUR). Derived: EU market "
        "for automotive spare parts about EUR 118 bn (Roland Berger for FIGIEFA, via "
        "automotive.messefrankfurt.com) / the same study's almost 280 million passenger cars "
        "and commercial vehicles on EU roads (via autobiz.ie). An upper bound: it is at "
        "end-user prices (wolk after sales experts: EUR 127 bn in 2015 'at end-user prices "
        "without labour and tax'), so it includes the distribution margin and parts not made "
        "by vehicle-parts makers, such as tyres and lubricants (no source for either share "
        "found); replacement parts are 'less than 10% of automotive industry turnover in "
        "Europe' (McCormack and Wormald, European Aftermarket Handbook, via just-auto.com).",
    )
    bev_parts_factor: float = Field(
        1.0,
        ge=0.0,
        le=5.0,
        description="Spare parts of a BEV relative to a combustion car, as a share of each "
        "product group's supplier content. Assumption (no source found).",
    )


class Scenario(Section):
    """A validated scenario: what to simulate and every parameter the model uses."""

    name: str = Field("scenario", min_length=1, max_length=100)
    description: str = ""
    seed: int = Field(1, ge=0, le=2**63 - 1, description="Default seed when none is given.")
    time: TimeSpec = TimeSpec()
    regions: RegionsSpec = RegionsSpec()
    demand: DemandSpec = DemandSpec()
    electrification: ElectrificationSpec = ElectrificationSpec()
    vehicles: VehiclesSpec = VehiclesSpec()
    suppliers: SuppliersSpec = SuppliersSpec()
    oems: OemSpec = OemSpec()
    network: NetworkSpec = NetworkSpec()
    labour: LabourSpec = LabourSpec()
    localisation: LocalisationSpec = LocalisationSpec()
    procurement: ProcurementSpec = ProcurementSpec()
    aid: AidSpec = AidSpec()
    reskilling: ReskillingSpec = ReskillingSpec()
    fund: FundSpec = FundSpec()
    mobility: MobilitySpec = MobilitySpec()
    productivity: ProductivitySpec = ProductivitySpec()
    fleet: FleetSpec = FleetSpec()
    #: text of the scenario file and of every file it extends (path -> content), when loaded
    #: from files; overrides applied on top of them
    _sources: dict[str, str] = PrivateAttr(default_factory=dict)
    _overrides: dict[str, object] = PrivateAttr(default_factory=dict)

    @property
    def sources(self) -> dict[str, str]:
        """Scenario files this scenario was read from (path -> text): the file, then its parents."""
        return dict(self._sources)

    @property
    def overrides(self) -> dict[str, object]:
        """Dotted-key overrides applied after the files."""
        return dict(self._overrides)
