"""What every API view shares: JSON only, signed in, the Chinese error shape, page-number pagination."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import NotAcceptable
from rest_framework.generics import GenericAPIView
from rest_framework.metadata import SimpleMetadata
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from zhenggai.accounts.policy import policies_for
from zhenggai.api.errors import ERROR_TEXT, UploadRefused, api_exception_handler
from zhenggai.api.pagination import Pagination
from zhenggai.api.parsers import JSONParser, MultiPartParser
from zhenggai.api.serializers import ErrorSerializer
from zhenggai.core.errors import ConcurrentEdit
from zhenggai.core.uploads import REFUSED_KEY
from zhenggai.ledger.models import MeasureStatus
from zhenggai.ledger.reporting import long_term_label, report_cutoff


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """Error responses for ``extend_schema(responses=...)``; 401 is on every operation, and where a
    request can be malformed (400) it can also break a rule of the ledger (422)."""
    wanted = {401, *codes} | ({422} if 400 in codes else set())
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_TEXT[code]) for code in sorted(wanted)}


class ApiMetadata(SimpleMetadata):
    """OPTIONS answers with the view's name and formats; the fields are described in the schema."""

    def determine_actions(self, request, view):
        return {}


class JsonWhateverTheAccept(DefaultContentNegotiation):
    """These views answer JSON only: an ``Accept`` header that asks for something else, or that
    cannot be read, gets JSON rather than an undocumented 406 (clients and proxies send odd ones)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type


class ApiView(GenericAPIView):
    metadata_class = ApiMetadata
    content_negotiation_class: type[DefaultContentNegotiation] = JsonWhateverTheAccept
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    def get_exception_handler(self):
        return api_exception_handler

    def paginated(self, queryset, serializer_class, prepare=None, **context):
        page = self.paginate_queryset(queryset)
        if prepare is not None:
            prepare(page)
        data = serializer_class(page, many=True, context={"request": self.request, **context}).data
        return self.get_paginated_response(data)

    def parse(self, serializer_class, *, data=None, **context):
        serializer = serializer_class(
            data=self.request.data if data is None else data, context={"request": self.request, **context}
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class UploadView(ApiView):
    parser_classes = [JSONParser, MultiPartParser]

    def parse(self, serializer_class, **kwargs):
        data = self.request.data  # parse first: the upload handler marks refused files while parsing
        refused = self.request.META.get(REFUSED_KEY) or []
        if refused:
            raise UploadRefused(refused)
        return super().parse(serializer_class, data=data, **kwargs)


def require(allowed: bool) -> None:
    """The page's ``can_*`` answer: no → 403 (the object itself was already found visible)."""
    if not allowed:
        raise PermissionDenied


_STALE_VERSION = {
    "measure": gettext_lazy(
        "该措施已被他人修改(您读取之后又有新的保存)。请重新读取(当前 version 为 %(version)s),核对后再提交。"
    ),
    "problem": gettext_lazy(
        "该问题已被他人修改(您读取之后又有新的保存)。请重新读取(当前 version 为 %(version)s),核对后再提交。"
    ),
    "progress": gettext_lazy(
        "该进展已被他人修改(您读取之后又有新的保存)。请重新读取(当前 version 为 %(version)s),核对后再提交。"
    ),
}


def stale_version(model, pk, kind: str) -> ConcurrentEdit:
    """The 409 of a PATCH that carried an old ``version``: with the current one, to read again."""
    current = model.objects.filter(pk=pk).values_list("version", flat=True).first()
    return ConcurrentEdit(str(_STALE_VERSION[kind]) % {"version": current}, code="concurrent_edit")


def no_content() -> Response:
    return Response(status=status.HTTP_204_NO_CONTENT)


class MeasureLabels:
    """Attach what a measure row shows besides its fields: overdue, and 阶段性成效/逾期未报.

    The long-term cut-off depends on each unit's committee policy: the page's units' policies
    are read together, in one query.
    """

    def __init__(self):
        self.today = timezone.localdate()

    def __call__(self, measures):
        measures = list(measures)
        units = {m.problem.inspection.unit_id: m.problem.inspection.unit for m in measures}
        cutoffs = {
            pk: report_cutoff(policy.long_term_report_months, self.today)
            for pk, policy in policies_for(units.values()).items()
        }
        for measure in measures:
            measure.api_overdue = bool(
                measure.deadline and measure.deadline < self.today and measure.status != MeasureStatus.CLOSED
            )
            measure.api_long_term_label = long_term_label(
                measure, cutoffs[measure.problem.inspection.unit_id]
            )
        return measures
