"""Publishing through git: the example CI workflows are valid YAML with the right steps."""

from __future__ import annotations

from typing import Any

import yaml

from tests.support.files import ROOT

CI = ROOT / "docs" / "ci"


def load(name: str) -> dict[Any, Any]:  # YAML keys need not be text
    data = yaml.safe_load((CI / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_github_actions_lints_builds_and_publishes_on_main() -> None:
    workflow = load("github-actions.yml")
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as True
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    runs = [step.get("run", "") for step in steps]
    lint = next(i for i, run in enumerate(runs) if "kb lint" in run)
    build = next(i for i, run in enumerate(runs) if "kb build" in run)
    assert runs[lint].split() == [".venv/bin/kb", "lint", "--format", "github"]
    assert lint < build
    publish = next(
        step for step in steps if str(step.get("uses", "")).startswith("actions/upload-artifact")
    )
    assert steps.index(publish) > build
    assert publish["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert "site/" in publish["with"]["path"] and "var/index/" in publish["with"]["path"]
    assert any(str(step.get("uses", "")).startswith("actions/checkout") for step in steps)


def test_gitlab_ci_lints_builds_and_publishes_on_main() -> None:
    pipeline = load("gitlab-ci.yml")
    assert pipeline["stages"] == ["lint", "build", "publish"]
    lint_script = " ".join(map(str, _flatten(pipeline["lint"]["script"])))
    assert ".venv/bin/kb lint" in lint_script
    build_script = " ".join(map(str, _flatten(pipeline["build"]["script"])))
    assert "kb build" in build_script
    assert {"site/", "var/index/"} <= set(pipeline["build"]["artifacts"]["paths"])
    publish = pipeline["publish"]
    assert publish["stage"] == "publish"
    assert publish["needs"] == ["build"]
    assert publish["rules"] == [
        {"if": '$CI_COMMIT_BRANCH == "main" && $CI_PIPELINE_SOURCE == "push"'}
    ]
    assert {"site/", "var/index/"} <= set(publish["artifacts"]["paths"])
    for job in ("lint", "build"):
        install = " ".join(map(str, _flatten(pipeline[job]["script"])))
        assert "pip install" in install


def _flatten(items: list[Any]) -> list[Any]:
    """GitLab scripts may nest lists through YAML anchors (`- *install`)."""
    flat: list[Any] = []
    for item in items:
        flat.extend(_flatten(item) if isinstance(item, list) else [item])
    return flat
