"""One module per subcommand of `autoregions`. Each has `add_parser(subparsers)`, which
registers its subcommand and sets `handler=<function(args) -> exit code>` on it (its `main`).
Modules are listed in `COMMANDS` in the order of the help text. Command modules import slow
libraries (the model, pyarrow, matplotlib, pandas) inside their handlers, so that the parser
and `autoregions check` start quickly."""

#: Subcommand modules of sim.commands, in the order of `autoregions --help`.
COMMANDS: tuple[str, ...] = (
    "run",
    "check",
    "calibrate",
    "validate",
    "compare",
    "report",
    "map",
    "dashboard",
    "sweep",
    "analyze",
    "data",
)
