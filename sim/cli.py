"""Command line of autoregions (also `python -m sim`): builds the parser from the subcommand
modules of `sim.commands` and reports user mistakes in one line with exit code 2."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from sim import __version__, provenance
from sim.commands import COMMANDS
from sim.descriptions import describe_parsers
from sim.errors import USER_ERRORS

EXIT_USER_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="autoregions",
        description="Agent-based simulation of Europe's automotive regions through the "
        "EV transition.",
    )
    p.add_argument("--version", action="version", version=f"autoregions {_version()}")
    sub = p.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"sim.commands.{name}").add_parser(sub)
    describe_parsers(sub)  # every subcommand gets a description (sim/descriptions.py)
    return p


def _version() -> str:
    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (2 for a user mistake, never a traceback for one)."""
    provenance.COMMAND_LINE = ["autoregions", *(sys.argv[1:] if argv is None else argv)]
    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except USER_ERRORS as exc:
        print(f"autoregions: error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("\nautoregions: interrupted; no results written", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def exit_now(code: int) -> None:
    """End the process with `code` once stdout and stderr are flushed, without the interpreter's
    teardown (freeing every array and module one by one: about 0.6 s after a full EU run). Every
    command has closed its files by the time it returns; nothing registers exit handlers."""
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe or stream: nothing more can be written
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def entry() -> None:
    """The `autoregions` command: `main`, then `exit_now`."""
    exit_now(main())


if __name__ == "__main__":
    entry()
