from django.conf import settings
from django.template.defaultfilters import filesizeformat


def limits(request):
    return {"evidence_limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)}
