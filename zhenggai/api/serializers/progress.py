"""Progress entries (figures, evidence) and look-back reviews as the API shows them."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zhenggai.api.serializers.common import DisplayField, UserBriefSerializer
from zhenggai.ledger.models import (
    Evidence,
    LookBackReview,
    ProgressEntry,
    ProgressFigure,
)


class FigureSerializer(serializers.ModelSerializer):
    value = serializers.CharField(source="display_value", help_text=_("数值(十进制字符串,如 “40”)"))

    class Meta:
        model = ProgressFigure
        fields = ["label", "value", "unit"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "name", "size", "content_type", "sha256", "created_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, evidence) -> str:
        from django.urls import reverse

        return reverse("api:evidence-download", args=[evidence.pk])


class ProgressSerializer(serializers.ModelSerializer):
    measure_number = serializers.IntegerField(source="measure.number")
    date_precision_display = DisplayField(source="get_date_precision_display")
    reporter = UserBriefSerializer(allow_null=True)
    figures = FigureSerializer(many=True)
    evidence = EvidenceSerializer(many=True)

    class Meta:
        model = ProgressEntry
        fields = [
            "id",
            "measure",
            "measure_number",
            "happened_on",
            "date_precision",
            "date_precision_display",
            "text",
            "reporter",
            "figures",
            "evidence",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    inspection = serializers.IntegerField(source="problem.inspection_id")
    problem_number = serializers.IntegerField(source="problem.number")
    problem_title = serializers.CharField(source="problem.title")
    outcome_display = DisplayField(source="get_outcome_display")
    reviewer = UserBriefSerializer(allow_null=True)

    class Meta:
        model = LookBackReview
        fields = [
            "id",
            "inspection",
            "problem",
            "problem_number",
            "problem_title",
            "due_on",
            "outcome",
            "outcome_display",
            "reviewed_on",
            "reviewer",
            "notes",
            "created_at",
        ]
        read_only_fields = fields


class ReviewDetailSerializer(ReviewSerializer):
    can_record = serializers.BooleanField(source="api_can_record", help_text=_("当前用户可记录结论"))

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "can_record"]
        read_only_fields = fields
