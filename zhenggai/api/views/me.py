"""The signed-in user's own queues: the workbench's tasks (exactly what ``/`` shows) and their
notifications."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from zhenggai.api.views.base import ApiView, errors
from zhenggai.supervision.models import NotificationKind
from zhenggai.supervision.permissions import visible_notifications
from zhenggai.workbench.selectors import KIND_LABELS, tasks_for

TAG = ["我的工作台"]


class TaskSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(k, str(v)) for k, v in KIND_LABELS.items()],
        help_text=_(
            "confirm 待审核销号,approve 待批准销号,returned 被退回的措施,overdue 逾期或超期未报告进展,"
            "due_soon 即将到期,supervision 督办待答复,feedback 群众意见待办理,look_back 回头看待开展,"
            "notice_draft 通报草稿待公开"
        ),
    )
    object_type = serializers.ChoiceField(
        choices=["measure", "supervision_notice", "feedback", "review", "notice"],
        help_text=_("对象类型:措施、督办、群众意见、回头看、整改进展情况通报"),
    )
    object_id = serializers.IntegerField(help_text=_("对象 id"))
    title = serializers.CharField(help_text=_("单位、问题与措施序号及内容摘要"))
    since = serializers.DateField(help_text=_("自何日起待办(即将到期的:到期日)"))
    url = serializers.CharField(help_text=_("网页上办理该事项的地址(相对路径)"))
    detail = serializers.CharField(help_text=_("情况说明,如退回理由、逾期天数"))


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    title = serializers.CharField()
    body = serializers.CharField()
    url = serializers.CharField(help_text=_("相关网页的地址(相对路径),可为空"))
    created_at = serializers.DateTimeField()
    sent_on = serializers.DateField(allow_null=True, help_text=_("提醒日期(每日提醒汇总);其他通知为空"))
    read = serializers.BooleanField(source="is_read", help_text=_("是否已读"))
    read_at = serializers.DateTimeField(allow_null=True)


class MeTasks(ApiView):
    @extend_schema(
        tags=TAG,
        summary="我的待办",
        description="与网页工作台(首页)所列完全一致:按类别排列,每类按日期先后,每类最多 50 项。"
        "只含您的角色要办理的事项(审核或批准销号、被退回的措施、逾期和临期的进展填报、督办答复、"
        "群众意见、回头看、待公开的通报)。",
        responses={200: TaskSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request):
        tasks = [task.as_dict() for task in tasks_for(request.user, today=timezone.localdate())]
        return self.paginated(tasks, TaskSerializer)


class MeNotifications(ApiView):
    @extend_schema(
        tags=TAG,
        summary="我的通知",
        description="发给您的通知(每日提醒汇总、督办等),最新的在前;read 表示是否已读。",
        responses={200: NotificationSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request):
        return self.paginated(
            visible_notifications(request.user).order_by("-created_at", "-pk"), NotificationSerializer
        )
