"""Notices are visible to whoever may see their inspection; editing follows the ledger's keepers."""

from django.http import Http404

from zhenggai.inspections.permissions import visible_inspections
from zhenggai.notices.models import ProgressNotice


def visible_notices(user):
    return ProgressNotice.objects.filter(inspection__in=visible_inspections(user))


def get_notice_for_user(user, pk) -> ProgressNotice:
    try:
        return visible_notices(user).select_related("inspection__unit", "inspection__round").get(pk=pk)
    except (ProgressNotice.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
