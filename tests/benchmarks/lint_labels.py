"""The labelled set of `make lint-eval`, in tests/data/lint/: `sentences.tsv` (each sentence with
the families a kind editor would flag in it, `-` for none) and `guides/*.md` with `guides.yml`
(the file lines where each family should speak); and the held-out sentences beside it."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "lint"
TODAY = dt.date(2026, 11, 22)  # the guides' review dates are labelled against this day
Label = tuple[str, int]  # (family, line); sentences use line 0

# The held-out sets were labelled by people who never saw the rules: the first in the words of
# the linter's first issue, the second (sentences-2.tsv) in the words of the writers' issue.
HELD_OUT = DATA.parent / "lint-held-out" / "sentences.tsv"
HELD_OUT_SETS = sorted(HELD_OUT.parent.glob("sentences*.tsv"), key=lambda p: (len(p.name), p.name))
# Labelled the same way, then read to improve the rules: a development set, not a held-out one.
DEVELOPMENT = DATA / "dev-sentences.tsv"
_HELD_OUT_FAMILIES = {"sentence-length": "readability"}


def load_sentences(path: Path = DATA / "sentences.tsv") -> list[tuple[set[Label], str]]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    labelled = []
    for row in rows:
        families = {
            _HELD_OUT_FAMILIES.get(f.strip(), f.strip())
            for f in row["expected"].split(",")
            if f.strip() not in ("", "-")
        }
        labelled.append(({(family, 0) for family in families}, row["text"]))
    return labelled


def load_guides() -> list[tuple[Path, set[Label]]]:
    labels = yaml.safe_load((DATA / "guides.yml").read_text(encoding="utf-8"))
    guides = []
    for name, families in sorted(labels.items()):
        expected = {(family, line) for family, lines in (families or {}).items() for line in lines}
        guides.append((DATA / "guides" / name, expected))
    return guides
