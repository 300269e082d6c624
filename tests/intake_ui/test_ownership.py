"""Whose notice it is: a notice naming another issuer is imported only when the person confirms it is
this unit's, and the unit's supervision channel is not replaced unless the person chooses the
notice's (issue #16, "The import checks whose notice it is")."""

from django.urls import reverse

from tests.intake_ui.conftest import form_fields
from zhenggai.accounts.models import ContactChannel, Unit
from zhenggai.accounts.services import contact_set
from zhenggai.inspections.models import Inspection
from zhenggai.intake import read_notice
from zhenggai.intake_ui.services import draft_create, issuer_mismatch


def _preview(client, draft, unit):
    data = form_fields(client.get(reverse("intake_ui:review", args=[draft.pk])).content.decode())
    data["unit"] = str(unit.pk)
    return client.post(reverse("intake_ui:import", args=[draft.pk]), data).content.decode()


def _draft(seed, seed_text):
    return draft_create(
        user=seed.liaison, source_name="通报.txt", source_kind="text", parsed=read_notice(seed_text)
    )


def test_the_issuer_is_compared_with_the_unit_its_short_name_and_party_organisation(seed, fresh_unit):
    ours = {"issuer": "中共滨州市沾化区科学技术局党组", "issuer_aliases": ["区科技局"]}
    assert issuer_mismatch(seed.unit, ours) == ""
    assert issuer_mismatch(seed.unit, {"issuer_aliases": ["区科技局"]}) == ""  # a short form alone
    assert issuer_mismatch(seed.unit, {}) == ""  # says nothing: nothing to compare
    other = {"issuer": "中共滨州市沾化区农业农村局党组", "issuer_aliases": ["区农业农村局"]}
    assert (
        "“中共滨州市沾化区农业农村局党组”,与所选的被巡察单位“滨州市沾化区科学技术局”不一致"
        in issuer_mismatch(seed.unit, other)
    )
    assert issuer_mismatch(fresh_unit, ours)  # the seed's notice is not the test unit's


def test_another_units_notice_is_imported_only_once_confirmed(login, seed, seed_text, fresh_unit):
    client = login(seed.liaison)
    draft = _draft(seed, seed_text)
    preview = _preview(client, draft, fresh_unit)
    assert 'data-summary="issuer"' in preview and 'name="other_issuer"' in preview
    refused = client.post(reverse("intake_ui:import", args=[draft.pk]), {"confirm": "1"}, follow=True)
    assert "如确属该单位的通报,请在确认页勾选确认后再导入" in refused.content.decode()
    assert not Inspection.objects.filter(unit=fresh_unit).exists()
    client.post(reverse("intake_ui:import", args=[draft.pk]), {"confirm": "1", "other_issuer": "1"})
    assert Inspection.objects.filter(unit=fresh_unit).count() == 1


def test_a_matching_notice_asks_nothing(login, seed, seed_text, fresh_unit):
    fresh_unit.party_org_name = "中共滨州市沾化区科学技术局党组"  # as if the notice were the test unit's
    fresh_unit.save()
    preview = _preview(login(seed.liaison), _draft(seed, seed_text), Unit.objects.get(pk=fresh_unit.pk))
    assert 'data-summary="issuer"' not in preview and 'name="other_issuer"' not in preview


def test_the_units_channel_is_kept_unless_the_notices_is_chosen(login, seed, seed_text, fresh_unit):
    contact_set(unit=fresh_unit, phone="0543-0000000", email="old@example.cn")
    client = login(seed.liaison)
    draft = _draft(seed, seed_text)
    preview = _preview(client, draft, fresh_unit)
    assert 'data-summary="contact"' in preview and "0543-0000000" in preview and "0543-8192576" in preview
    client.post(reverse("intake_ui:import", args=[draft.pk]), {"confirm": "1", "other_issuer": "1"})
    assert ContactChannel.objects.get(unit=fresh_unit).phone == "0543-0000000"  # kept: not asked for


def test_the_notices_channel_replaces_the_units_when_chosen(login, seed, seed_text, fresh_unit):
    contact_set(unit=fresh_unit, phone="0543-0000000")
    client = login(seed.liaison)
    draft = _draft(seed, seed_text)
    _preview(client, draft, fresh_unit)
    client.post(
        reverse("intake_ui:import", args=[draft.pk]),
        {"confirm": "1", "other_issuer": "1", "replace_contact": "1"},
    )
    assert ContactChannel.objects.get(unit=fresh_unit).phone == "0543-8192576"


def test_a_unit_without_a_channel_takes_the_notices(login, seed, seed_text, fresh_unit):
    client = login(seed.liaison)
    draft = _draft(seed, seed_text)
    preview = _preview(client, draft, fresh_unit)
    assert 'data-summary="contact"' not in preview and "该单位尚无联系方式" in preview
    client.post(reverse("intake_ui:import", args=[draft.pk]), {"confirm": "1", "other_issuer": "1"})
    assert ContactChannel.objects.get(unit=fresh_unit).phone == "0543-8192576"
