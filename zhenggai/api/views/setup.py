"""Set-up through the API: the same services and the same choke point as the /setup/ pages.

Objects outside the user's set-up scope are 404 (as on the pages); an id in a request body that
names nothing the user may use is 422; a role the user may not grant is 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from zhenggai.accounts.models import Membership, Unit
from zhenggai.api.serializers import setup as s
from zhenggai.api.views.base import ApiView, errors, no_content
from zhenggai.core.errors import ServiceError
from zhenggai.ledger.permissions import get_inspection_for_user
from zhenggai.setup import permissions, services
from zhenggai.setup.services.cycle import group_candidates
from zhenggai.setup.services.feedback import EnteredProblem

TAG = ["设置"]


def _found(qs, pk, field: str):
    """An id from a request body, among what the user may use; else 422 on that field."""
    found = qs.filter(pk=pk).first()
    if found is None:
        raise ServiceError({field: [_("没有这个对象，或您无权使用它。")]}, code="does_not_exist")
    return found


# Rounds -------------------------------------------------------------------------------------


class RoundList(ApiView):
    @extend_schema(tags=TAG, summary="巡察轮次", responses={200: s.RoundSerializer(many=True), **errors()})
    def get(self, request):
        return self.paginated(
            permissions.administered_rounds(request.user).order_by("-pk"), s.RoundSerializer
        )

    @extend_schema(
        tags=TAG,
        summary="新建巡察轮次",
        description="巡察办为本级党委新建轮次。",
        request=s.RoundInputSerializer,
        responses={201: s.RoundSerializer, **errors(400, 403)},
    )
    def post(self, request):
        data = self.parse(s.RoundInputSerializer)
        committee = _found(
            permissions.administered_committees(request.user), data.pop("committee"), "committee"
        )
        round_ = services.round_save(actor=request.user, committee=committee, **data)
        return Response(s.RoundSerializer(round_).data, status=status.HTTP_201_CREATED)


class RoundDetail(ApiView):
    @extend_schema(tags=TAG, summary="巡察轮次详情", responses={200: s.RoundSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(s.RoundSerializer(permissions.get_round(request.user, pk)).data)

    @extend_schema(
        tags=TAG,
        summary="修改巡察轮次",
        request=s.RoundUpdateSerializer,
        responses={200: s.RoundSerializer, **errors(400, 404)},
    )
    def patch(self, request, pk):
        round_ = permissions.get_round(request.user, pk)
        data = self.parse(s.RoundUpdateSerializer)
        round_ = services.round_save(actor=request.user, round=round_, **data)
        return Response(s.RoundSerializer(round_).data)


# Groups -------------------------------------------------------------------------------------


def _people(request, committee, data):
    """The leader and members named by id, among the committee's inspection-office people."""
    candidates = group_candidates(committee)
    people = {}
    if data.get("leader") is not None:
        people["leader"] = _found(candidates, data.pop("leader"), "leader")
    else:
        data.pop("leader", None)
    if "members" in data:
        ids = data.pop("members")
        found = {u.pk: u for u in candidates.filter(pk__in=ids)}
        if set(ids) - set(found):
            raise ServiceError({"members": [_("成员须是本级巡察办的人员。")]}, code="does_not_exist")
        people["members"] = [found[pk] for pk in dict.fromkeys(ids)]
    return people


class RoundGroups(ApiView):
    @extend_schema(
        tags=TAG, summary="本轮的巡察组", responses={200: s.GroupSerializer(many=True), **errors(404)}
    )
    def get(self, request, pk):
        round_ = permissions.get_round(request.user, pk)
        groups = round_.groups.prefetch_related("members__user").order_by("number", "pk")
        return self.paginated(groups, s.GroupSerializer)

    @extend_schema(
        tags=TAG,
        summary="添加巡察组",
        request=s.GroupInputSerializer,
        responses={201: s.GroupSerializer, **errors(400, 404)},
    )
    def post(self, request, pk):
        round_ = permissions.get_round(request.user, pk)
        data = self.parse(s.GroupInputSerializer)
        people = _people(request, round_.committee, data)
        group = services.group_save(actor=request.user, round=round_, **people, **data)
        return Response(s.GroupSerializer(group).data, status=status.HTTP_201_CREATED)


class GroupDetail(ApiView):
    @extend_schema(tags=TAG, summary="巡察组详情", responses={200: s.GroupSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(s.GroupSerializer(permissions.get_group(request.user, pk)).data)

    @extend_schema(
        tags=TAG,
        summary="修改巡察组",
        description="members 给出时替换全部成员；leader 是成员之一（未在成员中则加入）。",
        request=s.GroupUpdateSerializer,
        responses={200: s.GroupSerializer, **errors(400, 404)},
    )
    def patch(self, request, pk):
        group = permissions.get_group(request.user, pk)
        data = self.parse(s.GroupUpdateSerializer)
        people = _people(request, group.round.committee, data)
        group = services.group_save(actor=request.user, group=group, **people, **data)
        return Response(s.GroupSerializer(group).data)


# Inspections --------------------------------------------------------------------------------


def _inspection_refs(request, data, round_):
    refs = {}
    if "group" in data:
        refs["group"] = _found(round_.groups.all(), data.pop("group"), "group")
    if "unit" in data:
        refs["unit"] = _found(
            Unit.objects.filter(kind="unit", path__startswith=round_.committee.path), data.pop("unit"), "unit"
        )
    return refs


def create_inspection(request, view):
    """POST /inspections/ (on the list view of the ledger's inspections)."""
    data = view.parse(s.InspectionInputSerializer)
    round_ = _found(permissions.administered_rounds(request.user), data.pop("round"), "round")
    refs = _inspection_refs(request, data, round_)
    inspection = services.inspection_save(actor=request.user, round=round_, **refs, **data)
    return Response(s.SetupInspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)


def _administered(request, pk):
    """An inspection the user sees (else 404) and sets up (else 403: seen, not theirs to change)."""
    visible = get_inspection_for_user(request.user, pk)
    if not permissions.administered_inspections(request.user).filter(pk=visible.pk).exists():
        raise PermissionDenied
    return permissions.get_inspection(request.user, pk)


def update_inspection(request, view, pk):
    """PATCH /inspections/{id}/: for the inspection office that set it up."""
    inspection = _administered(request, pk)
    data = view.parse(s.InspectionUpdateSerializer)
    refs = _inspection_refs(request, data, inspection.round)
    inspection = services.inspection_save(actor=request.user, inspection=inspection, **refs, **data)
    return Response(s.SetupInspectionSerializer(inspection).data)


class InspectionFeedback(ApiView):
    @extend_schema(
        tags=TAG,
        summary="录入反馈问题",
        description="巡察办录入一次巡察的反馈问题（按顺序编号；group 为方面标题，可空）。",
        request=s.FeedbackInputSerializer,
        responses={201: s.FeedbackAddedSerializer, **errors(400, 403, 404)},
    )
    def post(self, request, pk):
        inspection = _administered(request, pk)
        data = self.parse(s.FeedbackInputSerializer)
        problems = [
            EnteredProblem(p["title"], p.get("description", ""), p.get("group", "")) for p in data["problems"]
        ]
        created = services.feedback_add(actor=request.user, inspection=inspection, problems=problems)
        return Response({"created": [p.pk for p in created]}, status=status.HTTP_201_CREATED)


class InspectionOpen(ApiView):
    @extend_schema(
        tags=TAG,
        summary="通知单位开始整改",
        description="通知被巡察单位的整改联络员和主要负责人：反馈问题已录入，请制定整改措施。",
        request=None,
        responses={200: s.OpenedSerializer, **errors(403, 404, 422)},
    )
    def post(self, request, pk):
        inspection = _administered(request, pk)
        return Response({"notified": services.ledger_open(actor=request.user, inspection=inspection)})


class InspectionGroupConfirm(ApiView):
    @extend_schema(
        tags=TAG,
        summary="确认巡察组",
        description="单位导入的巡察：本级巡察办确认其巡察组后，该组成员方可查看本单位的整改台账（记入审计日志）。",
        request=None,
        responses={200: s.SetupInspectionSerializer, **errors(403, 404)},
    )
    def post(self, request, pk):
        inspection = _administered(request, pk)
        services.group_confirm(actor=request.user, inspection=inspection)
        inspection.refresh_from_db()
        return Response(s.SetupInspectionSerializer(inspection).data)


# Units --------------------------------------------------------------------------------------


class UnitList(ApiView):
    @extend_schema(
        tags=TAG,
        summary="单位与股室",
        description="您可设置的单位树：巡察办为本级党委下的全部单位，整改联络员为本单位及其股室。",
        responses={200: s.SetupUnitSerializer(many=True), **errors()},
    )
    def get(self, request):
        return self.paginated(permissions.managed_units(request.user).order_by("path"), s.SetupUnitSerializer)

    @extend_schema(
        tags=TAG,
        summary="添加被巡察单位或股室",
        description="parent 为党委时添加被巡察单位（巡察办），为被巡察单位时添加股室（联络员或巡察办）。",
        request=s.UnitInputSerializer,
        responses={201: s.SetupUnitSerializer, **errors(400, 403)},
    )
    def post(self, request):
        data = self.parse(s.UnitInputSerializer)
        parent = _found(permissions.managed_units(request.user), data.pop("parent"), "parent")
        unit = services.unit_add(actor=request.user, parent=parent, **data)
        return Response(s.SetupUnitSerializer(unit).data, status=status.HTTP_201_CREATED)


class UnitDetail(ApiView):
    @extend_schema(tags=TAG, summary="单位详情", responses={200: s.SetupUnitSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(s.SetupUnitSerializer(permissions.get_unit(request.user, pk)).data)

    @extend_schema(
        tags=TAG,
        summary="修改单位或股室的名称",
        request=s.UnitUpdateSerializer,
        responses={200: s.SetupUnitSerializer, **errors(400, 403, 404)},
    )
    def patch(self, request, pk):
        unit = permissions.get_unit(request.user, pk)
        data = self.parse(s.UnitUpdateSerializer)
        unit = services.unit_update(actor=request.user, unit=unit, **data)
        return Response(s.SetupUnitSerializer(unit).data)


# People and roles ---------------------------------------------------------------------------


def _with_roles(user, people):
    shown = permissions.managed_memberships(user).order_by("unit__path")
    return people.prefetch_related(Prefetch("memberships", queryset=shown, to_attr="api_roles"))


def _person_data(user, person, serializer=s.PersonSerializer, password=None):
    person = _with_roles(user, permissions.managed_people(user)).get(pk=person.pk)
    person.api_one_time_password = password
    return serializer(person).data


class PersonList(ApiView):
    @extend_schema(
        tags=TAG,
        summary="人员",
        description="您可管理的人员（担任您可授予的角色者），每人附您可管理的角色。",
        responses={200: s.PersonSerializer(many=True), **errors()},
    )
    def get(self, request):
        people = _with_roles(request.user, permissions.managed_people(request.user)).order_by("pk")
        return self.paginated(people, s.PersonSerializer)

    @extend_schema(
        tags=TAG,
        summary="添加人员",
        description="创建账号并授予第一个角色；返回一次性密码（只返回这一次），本人首次登录时须修改。",
        request=s.PersonInputSerializer,
        responses={201: s.PersonCreatedSerializer, **errors(400, 403)},
    )
    def post(self, request):
        data = self.parse(s.PersonInputSerializer)
        unit = _found(permissions.granting_units(request.user), data["unit"], "unit")
        person, password = services.person_create(
            actor=request.user,
            username=data["username"],
            full_name=data["name"],
            email=data.get("email", ""),
            unit=unit,
            role=data["role"],
            title=data.get("title", ""),
            first_responsible=data.get("is_first_responsible", False),
        )
        body = _person_data(request.user, person, s.PersonCreatedSerializer, password)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})


class PersonDetail(ApiView):
    @extend_schema(tags=TAG, summary="人员详情", responses={200: s.PersonSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(_person_data(request.user, permissions.get_person(request.user, pk)))

    @extend_schema(
        tags=TAG,
        summary="修改人员，停用或重新启用",
        request=s.PersonUpdateSerializer,
        responses={200: s.PersonUpdatedSerializer, **errors(400, 403, 404)},
    )
    def patch(self, request, pk):
        person = permissions.get_person(request.user, pk)
        data = self.parse(s.PersonUpdateSerializer)
        active = data.pop("is_active", None)
        password = None
        if "name" in data:
            data["first_name"] = data.pop("name")
        if data:
            services.person_update(actor=request.user, person=person, **data)
        if active is False:
            services.person_deactivate(actor=request.user, person=person)
        elif active is True and not person.is_active:
            password = services.person_reactivate(actor=request.user, person=person)[1]
        body = _person_data(request.user, person, s.PersonUpdatedSerializer, password)
        return Response(body, headers={"Cache-Control": "no-store"})


class PersonPasswordReset(ApiView):
    @extend_schema(
        tags=TAG,
        summary="重置为一次性密码",
        request=None,
        responses={200: s.PasswordResetSerializer, **errors(403, 404)},
    )
    def post(self, request, pk):
        person = permissions.get_person(request.user, pk)
        password = services.person_reset_password(actor=request.user, person=person)
        return Response({"one_time_password": password}, headers={"Cache-Control": "no-store"})


class MembershipList(ApiView):
    @extend_schema(tags=TAG, summary="角色分配", responses={200: s.RoleHeldSerializer(many=True), **errors()})
    def get(self, request):
        return self.paginated(
            permissions.managed_memberships(request.user).order_by("pk"), s.RoleHeldSerializer
        )

    @extend_schema(
        tags=TAG,
        summary="授予角色",
        description="只能授予不超出您自己范围的角色（联络员不能授予巡察办角色，巡察办不能授予本级以外单位的角色）。",
        request=s.MembershipInputSerializer,
        responses={201: s.RoleHeldSerializer, **errors(400, 403)},
    )
    def post(self, request):
        data = self.parse(s.MembershipInputSerializer)
        person = _found(permissions.managed_people(request.user), data["user"], "user")
        unit = _found(permissions.granting_units(request.user), data["unit"], "unit")
        membership = services.role_grant(
            actor=request.user,
            person=person,
            unit=unit,
            role=data["role"],
            title=data.get("title", ""),
            first_responsible=data.get("is_first_responsible", False),
        )
        return Response(s.RoleHeldSerializer(membership).data, status=status.HTTP_201_CREATED)


def _membership(user, pk) -> Membership:
    found = permissions.managed_memberships(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


class MembershipDetail(ApiView):
    @extend_schema(
        tags=TAG,
        summary="修改角色的职务或第一责任人",
        request=s.MembershipUpdateSerializer,
        responses={200: s.RoleHeldSerializer, **errors(400, 403, 404)},
    )
    def patch(self, request, pk):
        membership = _membership(request.user, pk)
        data = self.parse(s.MembershipUpdateSerializer)
        membership = services.role_grant(
            actor=request.user,
            person=membership.user,
            unit=membership.unit,
            role=membership.role,
            title=data.get("title", membership.title),
            first_responsible=data.get("is_first_responsible", membership.is_first_responsible),
        )
        return Response(s.RoleHeldSerializer(membership).data)

    @extend_schema(tags=TAG, summary="撤销角色", responses={204: None, **errors(403, 404)})
    def delete(self, request, pk):
        services.role_revoke(actor=request.user, membership=_membership(request.user, pk))
        return no_content()
