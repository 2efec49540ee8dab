"""Every page and API view of compare: HTTP in, a render or JSON out; the work is elsewhere."""
