"""`python -m sim` is the `autoregions` command."""

from sim.cli import entry

entry()
