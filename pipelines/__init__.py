"""Prefect flows and the `callscrub` CLI. Flows are thin: they wire plain, tested functions."""
