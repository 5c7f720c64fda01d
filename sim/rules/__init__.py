"""Model rules written in numpy rather than as kernels: small per-firm decisions a phase of the
quarter (sim.schedule) applies between kernel calls."""
