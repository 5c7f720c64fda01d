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
        description="Annual growth of demand for vehicles made in the simulated plants. "
        "Default 0: assumption (flat market).",
    )


class ElectrificationSpec(Section):
    mode: Literal["logistic", "table"] = Field(
        "logistic", description="How the BEV share of new vehicles evolves."
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
        "last observed year the share does not fall below the last observed one.",
    )
    history_area: str = Field("EU27", description="Which `area` rows of history_file to use.")

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
    supplier_content_bev_eur: float = Field(
        24_000.0,
        gt=0.0,
        le=1e6,
        description="Value of supplier-made components in a BEV (EUR). Same source; the "
        "agnostic content is this minus the three EV items, and is assumed the same in a "
        "combustion car, which fixes the ICE-specific content by difference (derived).",
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
        0.6,
        ge=0.0,
        lt=1.0,
        description="Share of a supplier's sales value bought in from the tier below (or, for "
        "tier 3, as materials). Assumption.",
    )
    ev_powertrain_labour_ratio: float = Field(
        0.46,
        gt=0.0,
        le=5.0,
        description="Labour per BEV powertrain set relative to an ICE powertrain set. Source: "
        "ELAB 2.0 (Fraunhofer IAO 2018): 1,840 workers per million e-motors vs 4,000 per "
        "million engines (derived ratio). Cotterman et al. (Energy Policy 188, 2024) find a "
        "ratio above 1 once battery packs are included: vary it.",
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
        if ev >= self.supplier_content_bev_eur:
            raise ValueError(
                f"battery + power electronics + e-motor content ({ev:g} EUR) must be below "
                f"supplier_content_bev_eur ({self.supplier_content_bev_eur:g} EUR)"
            )
        agnostic = self.supplier_content_bev_eur - ev
        if agnostic >= self.supplier_content_ice_eur:
            raise ValueError(
                f"agnostic content ({agnostic:g} EUR = BEV content minus EV items) must be below "
                f"supplier_content_ice_eur ({self.supplier_content_ice_eur:g} EUR)"
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
    conversion_trigger_utilisation: float = Field(
        0.8,
        ge=0.0,
        le=1.0,
        description="An ICE-specific supplier considers moving to EV products when its orders "
        "fall below this share of its capacity. Assumption.",
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
        8, ge=0, le=80, description="Quarters from the decision until EV products ship. Assumption."
    )


class OemSpec(Section):
    base_utilisation: float = Field(
        0.85, gt=0.0, le=1.0, description="Plant utilisation in the start year. Assumption."
    )
    base_bev_capable_share: float = Field(
        -1.0,
        ge=-1.0,
        le=1.0,
        description="BEV-capable share of each plant's capacity at the start; -1 = the start "
        "year's BEV share of demand plus the retooling step (plants a little ahead of demand). "
        "Assumption.",
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
        description="Std. dev. of start-year ages (normal, clipped 18-64). Assumption.",
    )
    outside_job_rate: float = Field(
        0.08,
        ge=0.0,
        le=1.0,
        description="Chance per quarter that an unemployed former automotive worker finds a job "
        "outside the sector. Assumption, of the order of Swiss plant-closure studies (69% "
        "re-employed after two years, a third of them outside manufacturing).",
    )
    early_retirement_rate: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description="Chance per quarter that an unemployed worker aged 60+ retires. Assumption.",
    )
    entrant_age_min: int = Field(
        20, ge=15, le=60, description="Youngest age of entrants (years). Assumption."
    )
    entrant_age_max: int = Field(
        35, ge=15, le=70, description="Oldest age of entrants (years). Assumption."
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
