"""Performance figures for the primer dashboard: ``python -m benchmarks`` prints them."""
