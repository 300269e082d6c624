"""What the ledger tells the apps above it, which it does not import.

``measure_transitioned``: sent by ``measure_transition`` inside its transaction, once the move and its
audit event are recorded, with ``transition``, ``measure`` (locked, saved) and ``move``. Supervision
connects the chain of notifications to it (``SupervisionConfig.ready``).
"""

from django.dispatch import Signal

measure_transitioned = Signal()
