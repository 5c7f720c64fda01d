"""Every error class that reports a user mistake: the command line prints its message as one
line and exits with code 2 (see `sim.cli`). Library code raises these; it never imports the
command line."""

from __future__ import annotations

__all__ = [
    "USER_ERRORS",
    "ExperimentError",
    "ResultsError",
    "ScaleError",
    "ScenarioError",
    "UserError",
]


class ScenarioError(ValueError):
    """A user mistake in a scenario file; its message is one line meant for the user."""


class ExperimentError(ScenarioError):
    """A user mistake in an experiment file; its message is one line meant for the user."""


class ResultsError(ValueError):
    """A results folder that cannot be written or read; the message is one line for the user."""


class ScaleError(ValueError):
    """A scale that is not a whole number in the accepted range (a user mistake)."""


class UserError(Exception):
    """A mistake in the command line or a file; reported in one line, exit code 2."""


#: The errors the command line reports in one line with exit code 2.
USER_ERRORS: tuple[type[Exception], ...] = (ScenarioError, ResultsError, ScaleError, UserError)
