"""Synthetic data at scale: `flask crm generate` for benchmarks and load tests."""
