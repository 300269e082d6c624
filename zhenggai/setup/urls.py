"""/setup/…: setting up the cycle, the unit tree and the people (docs/setup.md)."""

from django.urls import path

from zhenggai.setup.views import cycle, home, people, units

app_name = "setup"

urlpatterns = [
    path("", home.setup_home, name="home"),
    path("rounds/new/", cycle.round_new, name="round_new"),
    path("rounds/<int:pk>/", cycle.round_detail, name="round"),
    path("rounds/<int:round_pk>/groups/new/", cycle.group_new, name="group_new"),
    path("groups/<int:pk>/", cycle.group_edit, name="group"),
    path("rounds/<int:round_pk>/inspections/new/", cycle.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", cycle.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/edit/", cycle.inspection_edit, name="inspection_edit"),
    path("inspections/<int:pk>/open/", cycle.inspection_open, name="inspection_open"),
    path(
        "inspections/<int:pk>/group-confirm/", cycle.inspection_group_confirm, name="inspection_group_confirm"
    ),
    path("units/", units.unit_list, name="units"),
    path("units/<int:pk>/", units.unit_detail, name="unit"),
    path("people/", people.person_list, name="people"),
    path("people/new/", people.person_new, name="person_new"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/deactivate/", people.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/reactivate/", people.person_reactivate, name="person_reactivate"),
    path("people/<int:pk>/reset/", people.person_reset, name="person_reset"),
    path("roles/<int:pk>/revoke/", people.role_revoke, name="role_revoke"),
]
