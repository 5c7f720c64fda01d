"""The policy levers: `levers.Levers` applies every lever of a scenario each quarter; one module
per lever (procurement, aid, reskilling, fund, localisation) and `areas` for the regions a
lever's area covers."""
