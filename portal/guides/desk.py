"""The service desk's channels, read from `mkdocs.yml` `extra.service_desk` (configured once)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml safely: tags such as `!!python/name:` become None, never code."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, s, node: None)


def load_service_desk(mkdocs_config: Path) -> dict[str, Any]:
    """The `extra.service_desk` mapping, or {} when the file or the section is missing."""
    try:
        data = yaml.load(mkdocs_config.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return {}
    extra = (data or {}).get("extra") or {}
    desk = extra.get("service_desk") or {}
    return desk if isinstance(desk, dict) else {}


def site_name(mkdocs_config: Path) -> str:
    try:
        data = yaml.load(mkdocs_config.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return "Help center"
    return str((data or {}).get("site_name") or "Help center")
