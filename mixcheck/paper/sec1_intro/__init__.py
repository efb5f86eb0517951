"""Section 1 — the five bullets of the introduction.
"""
