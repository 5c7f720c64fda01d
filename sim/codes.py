"""Fixed codes shared by the kernels and the Python side (they never change at run time).

Numba compiles module-level integers as constants, so kernels may use these names; everything
that a scenario can change is passed to kernels as an argument instead.
"""

#: Quarters in a year: the model's time step is one quarter.
QUARTERS_PER_YEAR = 4

# Worker status (workers.status, int8).
EMPTY = -1  # a spare row, not a worker
EMPLOYED = 0  # employed by an OEM plant or a supplier in the model
UNEMPLOYED = 1  # former automotive worker without a job, looking for one
RETRAINING = 2  # in a retraining programme
LEFT_LABOUR_FORCE = 3  # retired or otherwise out of the labour force
EMPLOYED_ELSEWHERE = 4  # left the automotive pool for a job in another sector
#: Status codes run from EMPTY (-1) to EMPLOYED_ELSEWHERE (4): six codes.
N_STATUS_CODES = 6
STATUS_NAMES = {
    EMPLOYED: "employed",
    UNEMPLOYED: "unemployed",
    RETRAINING: "retraining",
    LEFT_LABOUR_FORCE: "left_labour_force",
    EMPLOYED_ELSEWHERE: "employed_elsewhere",
}

# Sector of an establishment (OEM plant or supplier) and of a worker's last job.
SECTOR_OEM = 0
SECTOR_ICE = 1  # supplier of ICE-specific powertrain parts
SECTOR_EV = 2  # supplier of EV-specific powertrain parts
SECTOR_AGNOSTIC = 3  # supplier of drivetrain-agnostic parts
SECTOR_NAMES = ("oem", "supplier_ice", "supplier_ev", "supplier_agnostic")
N_SECTORS = 4

# Product groups of suppliers, with their sector.
PRODUCT_GROUPS = (
    "engine",
    "exhaust",
    "fuel_system",
    "transmission",
    "battery",
    "e_motor",
    "power_electronics",
    "body",
    "chassis",
    "interior",
    "electronics",
)
GROUP_SECTOR = (1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3)
N_GROUPS = len(PRODUCT_GROUPS)
ICE_GROUPS = (0, 1, 2, 3)
EV_GROUPS = (4, 5, 6)
AGNOSTIC_GROUPS = (7, 8, 9, 10)
#: EV product an ICE-specific supplier moves to when it converts (assumption: nearest
#: technology: engine and transmission makers to e-motors, exhaust makers to battery housings
#: and thermal parts, fuel-system makers to power electronics).
CONVERSION_TARGET = (5, 4, 6, 5, -1, -1, -1, -1, -1, -1, -1)
N_TIERS = 3

# The results columns (REGION_COLUMNS, COL) are defined in sim.outputs.columns.
