"""`autoregions data build` and `data compare`: the regional data set. The command lives with
the data build (`sim.databuild.commands`); this module registers it like the others."""

from __future__ import annotations

import argparse

from sim.databuild.commands import add_parsers


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `data` (with its `build` and `compare` subcommands)."""
    add_parsers(sub)
