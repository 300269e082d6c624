from django.urls import path

from zhenggai.notices import views

urlpatterns = [
    path("inspections/<int:inspection_pk>/notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/download/<str:fmt>/", views.notice_download, name="notice_download"),
    path("notices/<int:pk>/publish/", views.notice_publish_view, name="notice_publish"),
    path("inspections/<int:inspection_pk>/report/<str:fmt>/", views.report_download, name="report_download"),
    path(
        "inspections/<int:inspection_pk>/closeout/<str:fmt>/",
        views.closeout_download,
        name="closeout_download",
    ),
    path("inspections/<int:inspection_pk>/ledger.xlsx", views.ledger_xlsx_export, name="ledger_export"),
    path("inspections/<int:inspection_pk>/ledger/import/", views.ledger_xlsx_import, name="ledger_import"),
    path("ledger/export/", views.ledger_export_job, name="ledger_export_job"),
]
