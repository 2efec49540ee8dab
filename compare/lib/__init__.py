"""Pure helpers of compare: plain Python, no Django, no models (tests/test_architecture.py)."""
