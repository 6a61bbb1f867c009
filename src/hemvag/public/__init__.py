"""The resident-facing site: information, self-check and contact requests (no login)."""
