"""The REST API under /api/v1/: thin views over the ledger services and permission functions."""
