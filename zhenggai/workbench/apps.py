from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "zhenggai.workbench"
    label = "workbench"
    verbose_name = _("工作台")

    def ready(self):
        from zhenggai.ledger.response_cache import header_count
        from zhenggai.workbench.selectors import task_count

        header_count(task_count)  # the header's badge of open tasks
