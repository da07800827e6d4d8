"""docs/openapi.yaml, loaded by schemathesis with the settings `make fuzz` uses."""

from __future__ import annotations

import functools

import schemathesis

from tests.support.files import ROOT

SPEC = ROOT / "docs" / "openapi.yaml"
CONFIG = ROOT / "tests" / "fuzz" / "schemathesis.toml"


@functools.cache
def load_schema():
    return schemathesis.openapi.from_path(SPEC, config=schemathesis.Config.from_path(CONFIG))
