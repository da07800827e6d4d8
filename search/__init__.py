"""Search: the index (built from the guide model) and answering queries in people's own words.

Code outside this package uses only the names below, never the modules behind them.
"""

from search.analysis import stems
from search.engine import MAX_LIMIT, Engine, Hit, IndexUnavailable, SearchResponse
from search.indexer import (
    IndexBuild,
    IndexBuildError,
    build_index,
    current_index,
    index_is_current,
)
from search.query import MAX_QUERY_CHARS
from search.records import guide_record
from search.service import IndexHandle
from search.spelling import Speller
from search.synonyms import SynonymError
from search.updating import update_guides

__all__ = [
    "MAX_LIMIT",
    "MAX_QUERY_CHARS",
    "Engine",
    "Hit",
    "IndexBuild",
    "IndexBuildError",
    "IndexHandle",
    "IndexUnavailable",
    "SearchResponse",
    "Speller",
    "SynonymError",
    "build_index",
    "current_index",
    "guide_record",
    "index_is_current",
    "stems",
    "update_guides",
]
