"""Every subcommand is one module of sim.commands, registered under its own name."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

import sim.commands
from sim.cli import _parser
from sim.commands import COMMANDS


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(action.choices)


def test_the_parser_has_one_subcommand_per_module_in_order() -> None:
    assert _subcommands(_parser()) == list(COMMANDS)


def test_every_command_module_is_listed() -> None:
    folder = Path(sim.commands.__file__).parent
    modules = sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__")
    assert modules == sorted(COMMANDS)


def test_each_module_registers_only_its_own_command() -> None:
    for name in COMMANDS:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="command")
        importlib.import_module(f"sim.commands.{name}").add_parser(sub)
        assert _subcommands(parser) == [name]
        command = sub.choices[name]
        nested = [a for a in command._actions if isinstance(a, argparse._SubParsersAction)]
        leaves = list(nested[0].choices.values()) if nested else [command]  # `data build` ...
        assert all(callable(leaf.get_default("handler")) for leaf in leaves), name
