"""The number of open tasks in the header, counted only when a page shows it (once per request)."""

from django.utils.functional import SimpleLazyObject


def tasks(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from zhenggai.workbench.selectors import task_count

    return {"workbench_open": SimpleLazyObject(lambda: task_count(user))}
