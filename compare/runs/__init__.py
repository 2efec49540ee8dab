"""Alignment runs: starting, queueing and waiting on them (database and job queue)."""
