"""What the API reads and writes. Output serializers are read-only views of the models; input
serializers only parse and type-check (rules live in the services, which answer in Chinese)."""

from zhenggai.api.serializers.account import (  # noqa: F401
    MembershipSerializer,
    MeSerializer,
    TokenCreatedSerializer,
    TokenInputSerializer,
    TokenSerializer,
)
from zhenggai.api.serializers.common import (  # noqa: F401
    CountsSerializer,
    DisplayField,
    ErrorSerializer,
    NamedSerializer,
    UnitBriefSerializer,
    UserBriefSerializer,
)
from zhenggai.api.serializers.inputs import (  # noqa: F401
    FigureInputSerializer,
    FiguresField,
    MeasureFilterSerializer,
    MeasureInputSerializer,
    MeasureUpdateSerializer,
    MemberField,
    MoveInputSerializer,
    OfficeField,
    ProblemInputSerializer,
    ProblemUpdateSerializer,
    ProgressInputSerializer,
    ProgressJsonInputSerializer,
    ProgressJsonUpdateSerializer,
    ProgressUpdateSerializer,
    ReviewFilterSerializer,
    ReviewOutcomeInputSerializer,
    _InvalidJson,
)
from zhenggai.api.serializers.inspections import (  # noqa: F401
    ContactSerializer,
    InspectionDetailSerializer,
    InspectionPermissionsSerializer,
    InspectionSerializer,
    LeadingGroupMemberSerializer,
    MeetingSerializer,
    NoticeBriefSerializer,
    PlanSerializer,
)
from zhenggai.api.serializers.measures import (  # noqa: F401
    LIGHT_CHOICES,
    LIGHT_HELP,
    FlowEvidenceSerializer,
    FlowRoundSerializer,
    FlowStepSerializer,
    LatestProgressSerializer,
    LedgerMeasureSerializer,
    MeasureBaseSerializer,
    MeasureDetailSerializer,
    MeasureMovesSerializer,
    MeasurePermissionsSerializer,
    MeasureSerializer,
    MoveResultSerializer,
    MoveSerializer,
    TransitionSerializer,
)
from zhenggai.api.serializers.problems import (  # noqa: F401
    LedgerProblemSerializer,
    ProblemDetailSerializer,
    ProblemPermissionsSerializer,
    ProblemSerializer,
)
from zhenggai.api.serializers.progress import (  # noqa: F401
    EvidenceSerializer,
    FigureSerializer,
    ProgressSerializer,
    ReviewDetailSerializer,
    ReviewSerializer,
)
