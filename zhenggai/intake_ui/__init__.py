"""Intake pages: upload a published notice, review the reader's draft beside its source, import it."""
