"""The service desk's channels, read from `mkdocs.yml` `extra.service_desk` (configured once)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml

from portal.words import yaml_sentence

log = logging.getLogger("portal.guides.desk")


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml safely: tags such as `!!python/name:` become None, never code."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, s, node: None)


def _mkdocs_settings(mkdocs_config: Path) -> dict[str, Any]:
    """mkdocs.yml as data; {} when it is missing or broken (the portal starts all the same)."""
    try:
        data = yaml.load(mkdocs_config.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except OSError:
        return {}
    except yaml.YAMLError as error:
        log.warning("%s The portal uses defaults for it.", yaml_sentence(str(mkdocs_config), error))
        return {}
    return data if isinstance(data, dict) else {}


def load_service_desk(mkdocs_config: Path) -> dict[str, Any]:
    """The `extra.service_desk` mapping, or {} when the file or the section is missing."""
    extra = _mkdocs_settings(mkdocs_config).get("extra")
    desk = extra.get("service_desk") if isinstance(extra, dict) else None
    return desk if isinstance(desk, dict) else {}


def site_name(mkdocs_config: Path) -> str:
    return str(_mkdocs_settings(mkdocs_config).get("site_name") or "Help center")
