from __future__ import annotations

import importlib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def test_every_deployment_points_at_a_real_flow() -> None:
    spec = yaml.safe_load((REPO / "prefect.yaml").read_text())
    assert spec["deployments"], "at least one deployment"
    for dep in spec["deployments"]:
        module_path, _, name = dep["entrypoint"].partition(":")
        module = importlib.import_module(module_path.removesuffix(".py").replace("/", "."))
        flow = getattr(module, name)
        assert flow.name == dep["name"]
        assert set(dep["parameters"]) <= set(flow.parameters.properties)
        assert dep["schedules"] and dep["work_pool"]["name"]
