"""`kb lint`: reads a guide the way a kind, plain-spoken editor would.

Rules are data (YAML files in `rules/`, in the spirit of Vale's rule types); the engine turns
each guide into segments of reader-visible text with exact positions, runs every rule and
honours inline switches and the project's `.kblint.yml`.
"""
