"""Continuing-education credits (НМО) and one-time credit codes (see its issue)."""
