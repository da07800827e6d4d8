"""What readers told us, turned into a writers' backlog: `kb report` and the dashboard."""
