"""Unit tests: in-process only (the app's test client, click's CliRunner, pure functions); no
servers in child processes, no browser, no build of the real content."""
