"""`make fuzz`: schemathesis against docs/openapi.yaml on a real portal, and hypothesis
properties for search, suggestions, feedback and privacy screening (`python -m tests.fuzz`)."""
