"""What readers send: feedback, search counts and clicks, screened for privacy and rate-limited."""
