"""What every vendor shares. Nothing in this package imports a vendor."""
