"""Analyses built on runs: comparing scenarios on common seeds (`compare`), the start year
against the data (`calibration`), checks against published estimates (`checks`), the
published targets of `autoregions validate` (`validation`) and the accuracy of coarse scales
(`scale_check`)."""
