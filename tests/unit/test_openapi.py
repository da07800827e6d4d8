"""The HTTP guide links the API description."""

from __future__ import annotations

from tests.support.files import ROOT


def test_the_http_guide_links_the_description() -> None:
    assert "(openapi.yaml)" in (ROOT / "docs" / "http-api.md").read_text(encoding="utf-8")
