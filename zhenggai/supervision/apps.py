from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "zhenggai.supervision"
    label = "supervision"
    verbose_name = _("督办与提醒")

    def ready(self):
        from zhenggai.ledger.response_cache import header_count
        from zhenggai.ledger.signals import measure_transitioned
        from zhenggai.supervision.chain import chain_notify_receiver
        from zhenggai.supervision.context import unread_header

        header_count(unread_header)  # the header's unread notifications
        measure_transitioned.connect(chain_notify_receiver, dispatch_uid="zhenggai.supervision.chain")
