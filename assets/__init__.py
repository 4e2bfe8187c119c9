"""Dagster assets, checks, jobs and schedules: thin wrappers around the core in `abe_hub`."""
