"""Figures, the HTML report and the interactive dashboard.

`sim.viz.load` reads results folders, `sim.viz.plots` draws matplotlib figures from them,
`sim.viz.report` writes one self-contained HTML file, `sim.viz.dashboard` is the SolaraViz app
(needs the optional extra `autoregions[viz]`). The `report`, `map` and `dashboard` subcommands
are in `sim.commands`.
"""
