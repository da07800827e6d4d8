"""Announcements: one short banner on every page, from a file, the dashboard or `kb status`."""
