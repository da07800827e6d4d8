"""System tests: real `kb` runs and servers (waitress, gunicorn) in child processes on loopback,
behind a real nginx, on real PostgreSQL and Redis servers."""
