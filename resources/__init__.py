"""Dagster resources: credentials, the sandbox, the warehouse."""
