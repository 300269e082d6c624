"""Keyword search over the ledger the user may see (docs/decisions/0006-search.md)."""
