"""Solara entry module of the dashboard: `solara run sim.viz.app`.

`autoregions dashboard` sets the scenario, scale and seed in environment variables (see
`sim.viz.dashboard.serve`); without them the tiny scenario is shown at an automatic scale.
"""

from __future__ import annotations

import os

from sim.viz.dashboard import ENV_SCALE, ENV_SCENARIO, ENV_SEED, TINY, make_page

_scale = os.environ.get(ENV_SCALE)
_seed = os.environ.get(ENV_SEED)
Page = make_page(
    os.environ.get(ENV_SCENARIO, str(TINY)),
    scale=int(_scale) if _scale else None,
    seed=int(_seed) if _seed else None,
)
