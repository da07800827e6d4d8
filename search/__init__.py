"""Plainhelp's search package: the Article model, text analysis and (later) the index."""
