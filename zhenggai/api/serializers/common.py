"""What every answer is made of: display fields, brief units and users, counts, names, errors."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zhenggai.accounts.models import Unit


class DisplayField(serializers.CharField):
    """``CharField(source="get_foo_display")``, read by calling the method directly: DRF checks for
    every value whether its source is a simple callable (``inspect.signature``), which was a tenth
    of the time of a unit's ledger through the API."""

    def get_attribute(self, instance):
        return getattr(instance, self.source)()


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name"]


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    username = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.first_name or user.username


class CountsSerializer(serializers.Serializer):
    """The notice's counts: 巡察反馈问题 total 项,已整改完成 completed 项,需长期坚持 long_term 项."""

    total = serializers.IntegerField()
    completed = serializers.IntegerField()
    long_term = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    open = serializers.IntegerField()
    not_completed = serializers.IntegerField()


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("给人看的说明(中文)"))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("按字段列出的错误;与字段无关时为空对象"),
    )
