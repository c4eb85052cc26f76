"""The production settings as `make bench` runs them (scripts/bench.py)."""
