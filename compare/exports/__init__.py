"""Comparisons and reports as CSV, JSON, Word and Excel; one cell-safety rule for every sheet."""
