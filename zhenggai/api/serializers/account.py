"""The signed-in user: API tokens and memberships."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zhenggai.api.fields import Text
from zhenggai.api.models import ApiToken
from zhenggai.api.serializers.common import DisplayField, UnitBriefSerializer, UserBriefSerializer


class TokenSerializer(serializers.ModelSerializer):
    is_active = serializers.BooleanField()

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "is_active",
        ]
        read_only_fields = fields


class TokenCreatedSerializer(TokenSerializer):
    token = serializers.CharField(
        source="api_secret", help_text=_("令牌本身。只在创建时返回这一次,服务器不保存,请妥善保管。")
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


class TokenInputSerializer(serializers.Serializer):
    name = Text(max_length=100, help_text=_("用途,如:统计报表脚本"))


class MembershipSerializer(serializers.Serializer):
    unit = UnitBriefSerializer()
    role = serializers.CharField()
    role_display = DisplayField(source="get_role_display")
    title = serializers.CharField()
    is_first_responsible = serializers.BooleanField()


class MeSerializer(UserBriefSerializer):
    memberships = MembershipSerializer(many=True, source="api_memberships")
