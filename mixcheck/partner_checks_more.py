"""Theorem 3, Theorem 4 and eq. (33) under every partner law (filled in below)."""
