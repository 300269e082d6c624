"""The number of open tasks in the header, counted only when a page shows it (once per request)."""

from django.utils.functional import SimpleLazyObject


def tasks(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from django.contrib import messages

    from zhenggai.workbench.selectors import task_count

    # A page with a message follows the user's own action (保存, 审核通过 …): count anew, so that
    # the badge does not still count what they just did.
    fresh = bool(len(messages.get_messages(request)))  # counting does not mark them as shown
    return {"workbench_open": SimpleLazyObject(lambda: task_count(user, fresh=fresh))}
