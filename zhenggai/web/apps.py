import gc

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "zhenggai.web"
    label = "web"
    verbose_name = _("页面")

    def ready(self):
        # Everything imported so far (Django, the apps, their models) lives as long as the process:
        # moved out of the garbage collector's reach, it is no longer walked by every full
        # collection — 30–40 ms each, every few requests on a page that ranks thousands of units.
        gc.collect()
        gc.freeze()
