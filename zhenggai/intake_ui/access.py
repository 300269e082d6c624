"""Who may import a notice into which unit, and who sees which draft (404 for missing and forbidden)."""

from django.db.models import QuerySet
from django.http import Http404

from zhenggai.accounts.models import Unit, UnitKind
from zhenggai.accounts.scope import path_q, scope_for
from zhenggai.intake_ui.models import IntakeDraft


def importable_units(user) -> QuerySet[Unit]:
    """Inspected units whose ledger the user keeps.

    The unit's liaison and first-responsible leader (their unit), the inspection office (every unit
    in its committee's tree), superusers (every unit). Offices, committees and inspection offices
    are never inspected units.
    """
    scope = scope_for(user)
    units = Unit.objects.filter(kind=UnitKind.UNIT).order_by("path")
    if scope.everything:
        return units
    prefixes = scope.unit_prefixes + scope.supervised_prefixes
    if not prefixes:
        return units.none()
    return units.filter(path_q("path", prefixes))


def may_import(user) -> bool:
    """Cheap test for the navigation: no query beyond the (cached) scope."""
    scope = scope_for(user)
    return bool(scope.everything or scope.unit_prefixes or scope.supervised_prefixes)


def visible_drafts(user) -> QuerySet[IntakeDraft]:
    if not getattr(user, "is_authenticated", False):
        return IntakeDraft.objects.none()
    if user.is_superuser:
        return IntakeDraft.objects.all()
    return IntakeDraft.objects.filter(created_by=user)


def get_draft_for_user(user, pk) -> IntakeDraft:
    try:
        return visible_drafts(user).select_related("unit", "imported_inspection").get(pk=pk)
    except (IntakeDraft.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
