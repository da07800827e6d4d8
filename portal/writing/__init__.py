"""The writers' tools: `kb new`, the linter, the site build and the Material theme overrides."""
