"""Every notice of the shared corpus goes through the pages without a server error: upload, review,
save the form back unchanged, and ask for the import (which either asks for confirmation or says why not)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.corpus import CORPUS_DIR
from tests.intake_ui.conftest import form_fields
from zhenggai.inspections.models import Inspection
from zhenggai.intake_ui.models import IntakeDraft

NOTICES = sorted(p for p in CORPUS_DIR.glob("*") if p.suffix in (".txt", ".html", ".htm", ".docx"))


@pytest.mark.parametrize("path", NOTICES, ids=[p.name for p in NOTICES])
def test_corpus_notice_round_trip(login, seed, fresh_unit, path):
    client = login(seed.liaison)
    response = client.post(
        reverse("intake_ui:upload"), {"file": SimpleUploadedFile(path.name, path.read_bytes())}
    )
    assert response.status_code == 302, path.name
    draft = IntakeDraft.objects.get()
    before = draft.parsed
    page = client.get(response["Location"]).content.decode()
    assert page.count("<mark ") == page.count("</mark>")
    data = form_fields(page)
    assert client.post(response["Location"], data).status_code == 302
    draft.refresh_from_db()
    assert len(draft.parsed["problems"]) == len(before["problems"])
    assert [p["title"] for p in draft.parsed["problems"]] == [p["title"] for p in before["problems"]]
    data = form_fields(client.get(response["Location"]).content.decode())
    data["unit"] = str(fresh_unit.pk)
    data["round"] = data.get("round") or "测试轮次"
    data["group"] = data.get("group") or "测试巡察组"
    preview = client.post(reverse("intake_ui:import", args=[draft.pk]), data)
    assert preview.status_code == 200
    assert Inspection.objects.filter(unit=fresh_unit).count() == 0  # the check rolled back
