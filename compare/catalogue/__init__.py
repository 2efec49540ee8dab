"""One plan against the whole catalogue: its runs as jobs and what they found (database)."""
