"""People and roles: the inspection office's staff and the units' liaisons (by the office), a
unit's leaders and clerks (by its liaison)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenggai.accounts.models import Membership
from zhenggai.core.errors import ServiceError
from zhenggai.setup import permissions, services
from zhenggai.setup.forms import PersonEditForm, PersonForm, RoleFields
from zhenggai.setup.views._common import attempt, setup_view

PAGE_ROWS = 200


@setup_view()
def person_list(request):
    user = request.user
    visible = permissions.managed_memberships(user)
    people = (
        permissions.managed_people(user)
        .prefetch_related(Prefetch("memberships", queryset=visible.order_by("unit__path"), to_attr="shown"))
        .order_by("-is_active", "first_name", "username")[:PAGE_ROWS]
    )
    return render(request, "setup/person_list.html", {"people": people, "limit": PAGE_ROWS})


def _one_time(request, person, password):
    """The one-time password, shown once on the next page (kept in the session until then)."""
    request.session["setup_one_time"] = {"user": person.pk, "password": password}


@setup_view()
def person_new(request):
    initial = {
        key: request.GET[key]
        for key in ("unit", "role")
        if request.GET.get(key, "").replace("_", "").isalnum()
    }
    form = PersonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = attempt(
            form,
            lambda: services.person_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                unit=data["unit"],
                role=data["role"],
                title=data["title"],
                first_responsible=data["first_responsible"],
            ),
        )
        if created:
            person, password = created
            _one_time(request, person, password)
            messages.success(request, _("已创建账号。"))
            return redirect("setup:person", pk=person.pk)
    return render(request, "setup/person_form.html", {"form": form})


@setup_view()
def person_detail(request, pk):
    user = request.user
    person = permissions.get_person(user, pk)
    action = request.POST.get("action")
    edit_form = PersonEditForm(
        request.POST if action == "edit" else None,
        initial={"first_name": person.first_name, "email": person.email},
        prefix="edit",
    )
    role_form = RoleFields(request.POST if action == "grant" else None, user=user, prefix="grant")
    if (
        action == "edit"
        and edit_form.is_valid()
        and attempt(
            edit_form, lambda: services.person_update(actor=user, person=person, **edit_form.cleaned_data)
        )
    ):
        messages.success(request, _("已保存。"))
        return redirect("setup:person", pk=person.pk)
    if action == "grant" and role_form.is_valid():
        data = role_form.cleaned_data
        if attempt(
            role_form,
            lambda: services.role_grant(
                actor=user,
                person=person,
                unit=data["unit"],
                role=data["role"],
                title=data["title"],
                first_responsible=data["first_responsible"],
            ),
        ):
            messages.success(request, _("已授予角色。"))
            return redirect("setup:person", pk=person.pk)
    shown = request.session.pop("setup_one_time", None)
    one_time = shown["password"] if shown and shown.get("user") == person.pk else None
    context = {
        "person": person,
        "memberships": permissions.managed_memberships(user).filter(user=person).order_by("unit__path"),
        "other_roles": Membership.objects.filter(user=person)
        .exclude(pk__in=permissions.managed_memberships(user).values("pk"))
        .count(),
        "edit_form": edit_form,
        "role_form": role_form,
        "may_manage": permissions.may_manage_person(user, person),
        "one_time": one_time,
    }
    response = render(request, "setup/person_detail.html", context)
    if one_time:
        response["Cache-Control"] = "no-store"
    return response


def _post(request, pk, call, done):
    person = permissions.get_person(request.user, pk)
    try:
        result = call(person)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done(person, result)
    return redirect("setup:person", pk=person.pk)


@setup_view()
@require_POST
def person_deactivate(request, pk):
    return _post(
        request,
        pk,
        lambda person: services.person_deactivate(actor=request.user, person=person),
        lambda person, _r: messages.success(
            request, _("已停用该账号：不能再登录，已有的登录已结束，其操作记录保留。")
        ),
    )


@setup_view()
@require_POST
def person_reactivate(request, pk):
    def done(person, result):
        _one_time(request, person, result[1])
        messages.success(request, _("已重新启用该账号，并生成了一次性密码。"))

    return _post(
        request, pk, lambda person: services.person_reactivate(actor=request.user, person=person), done
    )


@setup_view()
@require_POST
def person_reset(request, pk):
    def done(person, password):
        _one_time(request, person, password)
        messages.success(request, _("已重置为一次性密码，该账号已有的登录已结束。"))

    return _post(
        request, pk, lambda person: services.person_reset_password(actor=request.user, person=person), done
    )


@setup_view()
@require_POST
def role_revoke(request, pk):
    membership = permissions.managed_memberships(request.user).filter(pk=pk).first()
    if membership is None:
        from django.http import Http404

        raise Http404
    try:
        services.role_revoke(actor=request.user, membership=membership)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已撤销角色。"))
    return redirect("setup:person", pk=membership.user_id)
