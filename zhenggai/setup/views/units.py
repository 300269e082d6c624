"""The unit tree: inspected units under a committee, offices （股室） under a unit."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhenggai.accounts.models import UnitKind
from zhenggai.setup import permissions, services
from zhenggai.setup.forms import UnitForm
from zhenggai.setup.views._common import attempt, setup_view


@setup_view()
def unit_list(request):
    """Every unit the user sets up, as the tree it is (committees, units, offices)."""
    units = permissions.managed_units(request.user).filter(
        kind__in=(UnitKind.COMMITTEE, UnitKind.UNIT, UnitKind.OFFICE)
    )
    rows = list(units.order_by("path")[:2000])
    return render(request, "setup/unit_list.html", {"units": _tree(rows)})


def _tree(rows):
    """Rows in tree order (by their path's ancestors' sort order, then name), each with its depth
    relative to the shallowest shown."""
    by_pk = {u.pk: u for u in rows}

    def key(unit):
        ids = [int(p) for p in unit.path.strip("/").split("/")]
        return [(by_pk[i].sort_order, by_pk[i].name) if i in by_pk else (0, str(i)) for i in ids]

    ordered = sorted(rows, key=key)
    top = min((u.depth for u in ordered), default=0)
    for unit in ordered:
        unit.indent = unit.depth - top
    return ordered


@setup_view()
def unit_detail(request, pk):
    unit = permissions.get_unit(request.user, pk)
    user = request.user
    office = unit.kind == UnitKind.OFFICE
    initial = {
        name: getattr(unit, name) for name in ("name", "short_name", "party_org_name", "party_org_short")
    }
    may_edit = permissions.may_edit_unit(user, unit)
    may_add = permissions.may_add_unit_under(user, unit)
    if not (may_edit or may_add):
        raise Http404
    edit_form = UnitForm(
        request.POST if request.POST.get("action") == "edit" else None,
        office=office,
        initial=initial,
        prefix="edit",
    )
    add_form = UnitForm(
        request.POST if request.POST.get("action") == "add" else None,
        office=unit.kind == UnitKind.UNIT,
        prefix="add",
    )
    if request.method == "POST":
        if request.POST.get("action") == "edit" and may_edit and edit_form.is_valid():
            if attempt(
                edit_form, lambda: services.unit_update(actor=user, unit=unit, **edit_form.cleaned_data)
            ):
                messages.success(request, _("已保存。"))
                return redirect("setup:unit", pk=unit.pk)
        elif request.POST.get("action") == "add" and may_add and add_form.is_valid():
            child = attempt(
                add_form, lambda: services.unit_add(actor=user, parent=unit, **add_form.cleaned_data)
            )
            if child:
                messages.success(request, _("已添加“%(name)s”。") % {"name": child.name})
                return redirect("setup:unit", pk=unit.pk)
    children = unit.children.order_by("sort_order", "name")
    context = {
        "unit": unit,
        "edit_form": edit_form if may_edit else None,
        "add_form": add_form if may_add else None,
        "child_label": _("股室") if unit.kind == UnitKind.UNIT else _("被巡察单位"),
        "children": children,
    }
    return render(request, "setup/unit_detail.html", context)
