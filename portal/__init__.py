"""Plainhelp's portal: the Flask service, the `kb` command and the site's theme overrides."""
