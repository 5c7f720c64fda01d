"""Scenario files: schema, loading with `extends`, validation errors."""

from sim.scenario.loader import ScenarioError, load_scenario, scenario_from_table, scenario_hash
from sim.scenario.schema import Scenario

__all__ = ["Scenario", "ScenarioError", "load_scenario", "scenario_from_table", "scenario_hash"]
