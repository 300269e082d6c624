"""Synthetic, province-sized data for load and speed tests (`zhenggai synth --scale 1.0`).

Everything here is fixture data: it is written straight into the tables (COPY on PostgreSQL,
``bulk_create`` elsewhere), bypassing the services and therefore the audit trail, which it leaves
untouched (``zhenggai verify`` still passes). Names of places, units and people are invented.
"""
