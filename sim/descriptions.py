"""What each subcommand does, shown by `autoregions COMMAND --help` (argparse `description`).

Kept in one table so that every subcommand has one: `sim.cli` sets each parser's description
from here unless the command module gave its own.
"""

from __future__ import annotations

import argparse

DESCRIPTIONS: dict[str, str] = {
    "run": "Run one scenario from its start year to its end year, quarter by quarter, with one "
    "seed. Prints a summary table and writes regions.parquet (jobs, value added, spending per "
    "region and quarter) and manifest.json (what produced them) into a new results folder. "
    "The scenario and the output folder are checked before any simulation.",
    "check": "Validate scenario files with every check 'run' makes (keys, types, ranges, file "
    "names, data files, region and area codes), without simulating. Prints one line per file.",
    "validate": "Run each published validation target with its own scenario and compare the "
    "model with the published study or data (docs/validation.md); prints a table of targets, "
    "model values and verdicts, and exits with code 1 when a target fails.",
    "compare": "Run a base scenario and others on the same seeds, on all cores, and print what "
    "each one preserves against the base (jobs, value added, job-years, net public cost, cost "
    "per job-year, disparity, left-behind regions) with 95% intervals across seeds. Writes "
    "comparison.parquet and every run into one folder.",
    "calibrate": "Build the start year of a scenario and compare it with the regional data: "
    "jobs per region, vehicle output and BEV share, with the error. Exit code 1 when a region "
    "is outside the tolerance.",
    "data": "Build the regional data set (scenarios/data/regions.csv and region_economy.csv) "
    "from the raw inputs, or compare it with Eurostat 2015.",
    "data build": "Derive scenarios/data/regions.csv and region_economy.csv from the Eurostat "
    "extracts and sourced tables in scenarios/data/raw, deterministically.",
    "data compare": "Compare the regional data with Eurostat's 2015 C29 employment per region; "
    "print each country's roll-forward factor and the data criteria.",
    "sweep": "Run (or resume) an experiment file: a grid, Latin hypercube or Sobol design over "
    "scenario keys, with replicates, in parallel. Each run is saved as it finishes, so an "
    "interrupted sweep continues where it stopped. Sweeps of more than 10,000 runs need --yes.",
    "analyze": "Summarise a sweep's results folder: each outcome's mean and 95% interval over "
    "replicates per design point, Sobol indices (SALib) for a Sobol design, and lever settings "
    "ranked by jobs kept across futures for a grid. Writes analysis/ into the folder.",
}


def describe_parsers(subparsers: argparse._SubParsersAction, prefix: str = "") -> None:
    """Give every parser under `subparsers` (and nested ones) its description, if it has none."""
    for name, parser in subparsers.choices.items():
        full = f"{prefix}{name}"
        if parser.description is None and full in DESCRIPTIONS:
            parser.description = DESCRIPTIONS[full]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                describe_parsers(action, f"{full} ")


__all__ = ["DESCRIPTIONS", "describe_parsers"]
