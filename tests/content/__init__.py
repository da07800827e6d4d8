"""Content tests: over the real guides in content/ and the real site built from them."""
