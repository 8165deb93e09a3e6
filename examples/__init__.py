"""Worked examples: small vendor packages built exactly as the real ones in ``emulator/vendors/``."""
