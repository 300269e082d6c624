"""/api/v1/: every route has a name (the permission matrix in tests/api walks them all)."""

from django.urls import path

from zhenggai.api.views import (
    account,
    documents,
    inspections,
    me,
    measures,
    problems,
    progress,
    recycle_bin,
    reviews,
    search,
    setup,
)

app_name = "api"

urlpatterns = [
    path("me/", account.Me.as_view(), name="me"),
    path("me/tasks/", me.MeTasks.as_view(), name="me-tasks"),
    path("me/notifications/", me.MeNotifications.as_view(), name="me-notifications"),
    path("tokens/", account.TokenList.as_view(), name="token-list"),
    path("tokens/<int:pk>/", account.TokenDetail.as_view(), name="token-detail"),
    path("schema/", account.Schema.as_view(), name="schema"),
    path("inspections/", inspections.InspectionList.as_view(), name="inspection-list"),
    path("inspections/<int:pk>/", inspections.InspectionDetail.as_view(), name="inspection-detail"),
    path("inspections/<int:pk>/offices/", inspections.InspectionOffices.as_view(), name="inspection-offices"),
    path(
        "inspections/<int:pk>/problems/", inspections.InspectionProblems.as_view(), name="inspection-problems"
    ),
    path("inspections/<int:pk>/export/", inspections.InspectionExport.as_view(), name="inspection-export"),
    path(
        "inspections/<int:pk>/documents/notice/", documents.NoticeDocument.as_view(), name="document-notice"
    ),
    path(
        "inspections/<int:pk>/documents/report/", documents.ReportDocument.as_view(), name="document-report"
    ),
    path(
        "inspections/<int:pk>/documents/closeout/",
        documents.CloseoutDocument.as_view(),
        name="document-closeout",
    ),
    path(
        "inspections/<int:pk>/documents/ledger/", documents.LedgerDocument.as_view(), name="document-ledger"
    ),
    path(
        "inspections/<int:pk>/recycle-bin/",
        recycle_bin.InspectionRecycleBin.as_view(),
        name="inspection-recycle-bin",
    ),
    path("problems/<int:pk>/", problems.ProblemDetail.as_view(), name="problem-detail"),
    path("problems/<int:pk>/restore/", recycle_bin.ProblemRestore.as_view(), name="problem-restore"),
    path("measures/<int:pk>/restore/", recycle_bin.MeasureRestore.as_view(), name="measure-restore"),
    path("progress/<int:pk>/restore/", recycle_bin.ProgressRestore.as_view(), name="progress-restore"),
    path("problems/<int:pk>/measures/", problems.ProblemMeasures.as_view(), name="problem-measures"),
    path("problems/<int:pk>/timeline/", problems.ProblemTimeline.as_view(), name="problem-timeline"),
    path("problems/<int:pk>/reviews/", problems.ProblemReviews.as_view(), name="problem-reviews"),
    path("measures/", measures.MeasureList.as_view(), name="measure-list"),
    path("measures/<int:pk>/", measures.MeasureDetail.as_view(), name="measure-detail"),
    path("measures/<int:pk>/moves/", measures.MeasureMoves.as_view(), name="measure-moves"),
    path("measures/<int:pk>/progress/", measures.MeasureProgress.as_view(), name="measure-progress"),
    path("progress/<int:pk>/", progress.ProgressDetail.as_view(), name="progress-detail"),
    path("evidence/<int:pk>/", progress.EvidenceDownload.as_view(), name="evidence-download"),
    path("reviews/", reviews.ReviewList.as_view(), name="review-list"),
    path("reviews/<int:pk>/", reviews.ReviewDetail.as_view(), name="review-detail"),
    path("reviews/<int:pk>/outcome/", reviews.ReviewOutcome.as_view(), name="review-outcome"),
    path("search/", search.Search.as_view(), name="search"),
    # Set-up (docs/setup.md): the same services and choke point as the /setup/ pages.
    path("rounds/", setup.RoundList.as_view(), name="round-list"),
    path("rounds/<int:pk>/", setup.RoundDetail.as_view(), name="round-detail"),
    path("rounds/<int:pk>/groups/", setup.RoundGroups.as_view(), name="round-groups"),
    path("groups/<int:pk>/", setup.GroupDetail.as_view(), name="group-detail"),
    path("inspections/<int:pk>/feedback/", setup.InspectionFeedback.as_view(), name="inspection-feedback"),
    path("inspections/<int:pk>/open/", setup.InspectionOpen.as_view(), name="inspection-open"),
    path(
        "inspections/<int:pk>/group-confirm/",
        setup.InspectionGroupConfirm.as_view(),
        name="inspection-group-confirm",
    ),
    path("units/", setup.UnitList.as_view(), name="unit-list"),
    path("units/<int:pk>/", setup.UnitDetail.as_view(), name="unit-detail"),
    path("people/", setup.PersonList.as_view(), name="person-list"),
    path("people/<int:pk>/", setup.PersonDetail.as_view(), name="person-detail"),
    path(
        "people/<int:pk>/password-reset/", setup.PersonPasswordReset.as_view(), name="person-password-reset"
    ),
    path("memberships/", setup.MembershipList.as_view(), name="membership-list"),
    path("memberships/<int:pk>/", setup.MembershipDetail.as_view(), name="membership-detail"),
]
