"""Kernel for the OEM plants' workforce lines: workers needed per line from the output mix."""

from __future__ import annotations

from numba import njit

#: OEM workforce lines (columns of `OemLines.coef` and `.need`): vehicle assembly of non-BEV
#: vehicles and of BEVs, the in-house ICE powertrain (engines and transmissions, one set per
#: non-BEV vehicle), the e-drive (e-motors) and battery-pack assembly (one set per BEV plus the
#: hybrids' EV content per non-BEV vehicle).
ASSEMBLY_NONBEV, ASSEMBLY_BEV, ICE_POWERTRAIN, E_DRIVE, BATTERY_PACK = 0, 1, 2, 3, 4
N_LINES = 5
LINE_NAMES = ("assembly_nonbev", "assembly_bev", "ice_powertrain", "e_drive", "battery_pack")


@njit(cache=True)
def oem_line_needs(prod_ice, prod_bev, nonbev_ev, coef, need, labour_per_vehicle):
    """Workers each plant's lines need for this quarter's output, in real workers.

    prod_ice / prod_bev: vehicles made this quarter; nonbev_ev: EV-powertrain sets per non-BEV
    vehicle (hybrids); coef[p, line]: workers per unit per quarter. Writes need[p, line] and
    sets labour_per_vehicle[p] to the plant's workers per vehicle at this quarter's mix (kept
    when the plant made nothing). Returns the total need."""
    total = 0.0
    for p in range(prod_ice.shape[0]):
        ev_sets = prod_bev[p] + nonbev_ev * prod_ice[p]
        need[p, ASSEMBLY_NONBEV] = prod_ice[p] * coef[p, ASSEMBLY_NONBEV]
        need[p, ASSEMBLY_BEV] = prod_bev[p] * coef[p, ASSEMBLY_BEV]
        need[p, ICE_POWERTRAIN] = prod_ice[p] * coef[p, ICE_POWERTRAIN]
        need[p, E_DRIVE] = ev_sets * coef[p, E_DRIVE]
        need[p, BATTERY_PACK] = ev_sets * coef[p, BATTERY_PACK]
        plant = 0.0
        for line in range(need.shape[1]):
            plant += need[p, line]
        vehicles = prod_ice[p] + prod_bev[p]
        if vehicles > 0.0:
            labour_per_vehicle[p] = plant / vehicles
        total += plant
    return total
