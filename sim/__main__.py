"""`python -m sim` is the `autoregions` command."""

import sys

from sim.cli import main

sys.exit(main())
