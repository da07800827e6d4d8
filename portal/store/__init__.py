"""Where readers' answers and search counts are kept: SQLite by default, PostgreSQL by URL."""
