"""Pure helpers of plans: plain Python, no Django, no models (tests/test_architecture.py)."""
