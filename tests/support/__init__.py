"""Helpers for the tests of every kind: files, `kb` runs, servers, HTTP, the browser, a11y,
PostgreSQL and Redis. Tests import helpers from here, never from a test module or a conftest;
fixtures live in the conftest.py files."""
