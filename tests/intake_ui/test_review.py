"""The review page: the source with every span marked, the editable draft beside it, corrections saved."""

import re

import pytest
from django.urls import reverse

from tests.intake_ui.conftest import form_fields, problem_index
from zhenggai.intake import read_notice
from zhenggai.intake_ui.models import IntakeDraft
from zhenggai.intake_ui.services import draft_create


@pytest.fixture
def draft(seed, seed_text) -> IntakeDraft:
    return draft_create(
        user=seed.liaison, source_name="通报.txt", source_kind="text", parsed=read_notice(seed_text)
    )


def _review(client, draft, **params):
    response = client.get(reverse("intake_ui:review", args=[draft.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def _marks(page: str, field: str) -> list[str]:
    """Text directly inside each <mark data-field=field> (inner marks stripped)."""
    out = []
    for m in re.finditer(rf'<mark [^>]*data-field="{re.escape(field)}"[^>]*>', page):
        depth, i, text = 1, m.end(), []
        while depth:
            nxt = page.index("<", i)
            text.append(page[i:nxt])
            if page.startswith("</mark>", nxt):
                depth -= 1
            elif page.startswith("<mark", nxt):
                depth += 1
            i = page.index(">", nxt) + 1
        out.append("".join(text))
    return out


def test_the_source_marks_every_field_span(login, seed, draft):
    page = _review(login(seed.liaison), draft)
    assert _marks(page, "feedback_date") == ["11月4日"]
    assert _marks(page, "period_start") == ["2022年6月28日"]
    assert _marks(page, "plan_doc_number") == ["沾科党字〔2022〕22号"]
    assert _marks(page, "contact_phone") == ["0543—8192576"] or _marks(page, "contact_phone") == [
        "0543-8192576"
    ]
    assert _marks(page, "round") == ["二届区委第二轮巡察"]
    assert _marks(page, "p2").pop().startswith("关于引导推动科技创新动力不足")
    # figures and dates inside a measure are nested inside the measure's mark
    assert "40家" in [t for k in range(4) for t in _marks(page, f"p2m1-f{k}")]
    assert _marks(page, "p2m1-d0") == ["2023年1月"]
    assert page.count("<mark ") == page.count("</mark>") > 40


def test_every_field_names_its_span_and_quotes_it(login, seed, draft):
    page = _review(login(seed.liaison), draft)
    assert re.search(
        r'<input type="date" name="feedback_date" value="2022-11-04"[^>]*data-span="feedback_date"', page
    )
    assert '<p class="src-quote" data-span="feedback_date"><span>原文</span>11月4日</p>' in page
    assert re.search(
        r'name="plan_doc_number" value="沾科党字〔2022〕22号"[^>]*data-span="plan_doc_number"', page
    )
    data = form_fields(page)
    i = problem_index(data, "关于引导推动")
    reserve = f"p{i}"
    assert re.search(rf'name="{reserve}m-1-figures"[^>]*data-span="p2m1-f0"', page)
    assert data[f"{reserve}m-1-content"] == "建立高新技术企业储备库"
    assert data[f"{reserve}m-1-progress_date"] == "2023-01-01" and data[f"{reserve}m-1-precision"] == "month"
    assert data[f"{reserve}m-1-kind"] == "deadline" and data[f"{reserve}m-1-deadline"] == "2023-02-04"
    assert data[f"{reserve}m-1-figures"] == "40家"
    assert "原文</span>2023年1月" in page


def test_findings_are_shown_with_their_sentence(login, seed, draft):
    page = _review(login(seed.liaison), draft)
    assert 'data-code="MEASURE_NO_EVIDENCE"' in page
    assert "的第2项措施没有日期,也没有数量,难以核实。" in page
    assert "根据市科技局、区委关于黄河流域生态保护和高质量发展工作方案细化了" in page


def test_a_notice_with_markup_is_shown_escaped(login, seed):
    text = (
        "中共某县科学技术局党组关于县委第一轮巡察整改进展情况的通报\n"
        "根据县委统一部署,2022年6月28日至8月22日,县委第三巡察组对我局党组开展了巡察。11月4日,县委第三巡察组反馈了巡察意见。\n"
        "二、反馈意见整改进展情况\n"
        "(一)关于<script>alert(1)</script>方面问题\n"
        "整改进展情况:一是2022年12月,建立<img src=x onerror=alert(2)>制度。二是开展培训3次。\n"
        "中共某县科学技术局党组\n2023年3月29日"
    )
    client = login(seed.liaison)
    assert client.post(reverse("intake_ui:upload"), {"text": text}).status_code == 302
    draft = IntakeDraft.objects.get()
    page = _review(client, draft)
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert draft.parsed["problems"][0]["title"] == "关于<script>alert(1)</script>方面问题"


def test_correcting_the_draft_persists(login, seed, draft):
    client = login(seed.liaison)
    data = form_fields(_review(client, draft))
    i = problem_index(data, "关于引导推动")
    reserve = f"p{i}"
    data.update(
        {
            "round": "二届区委第二轮巡察(更正)",
            "feedback_date": "2022-11-05",
            "contact_email": "kjj@example.cn",
            f"p-{i}-title": "关于引导推动科技创新动力不足方面问题",
            f"{reserve}m-1-content": "建立优质后备高新技术企业储备库",
            f"{reserve}m-1-kind": "long_term",
            f"{reserve}m-1-deadline": "",
            f"{reserve}m-1-figures": "40家\n储备企业:41家",
            f"{reserve}m-2-DELETE": "on",
        }
    )
    response = client.post(reverse("intake_ui:review", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    parsed = draft.parsed
    assert parsed["round"] == "二届区委第二轮巡察(更正)"
    assert parsed["feedback_date"] == "2022-11-05" and parsed["contact_email"] == "kjj@example.cn"
    problem = parsed["problems"][2]
    assert problem["title"] == "关于引导推动科技创新动力不足方面问题" == parsed["problem_titles"][2]
    assert len(problem["measures"]) == 2  # the third was removed
    measure = problem["measures"][1]
    assert (measure["content"], measure["kind"], measure["deadline"]) == (
        "建立优质后备高新技术企业储备库",
        "long_term",
        None,
    )
    assert [(f["value"], f["unit"], f.get("label")) for f in measure["figures"]] == [
        (40, "家", None),
        (41, "家", "储备企业"),
    ]
    assert measure["figures"][0]["span"]  # the unchanged figure keeps its place in the source
    assert "span" not in measure["figures"][1]
    # untouched fields are as the reader left them
    assert parsed["period_start"] == "2022-06-28" and parsed["plan_doc_number"] == "沾科党字〔2022〕22号"
    assert len(parsed["problems"][0]["measures"]) == 2
    # the page shows the corrections, and the source is still marked where the reader found things
    page = _review(client, draft)
    assert 'value="二届区委第二轮巡察(更正)"' in page and _marks(page, "round") == ["二届区委第二轮巡察"]
    assert "已保存更正" in page


def test_adding_a_measure_and_a_problem(login, seed, draft):
    client = login(seed.liaison)
    data = form_fields(_review(client, draft))
    response = client.post(reverse("intake_ui:review", args=[draft.pk]), {**data, "add": "m0"})
    assert response.status_code == 302 and "?add=m0" in response["Location"]
    data = form_fields(client.get(response["Location"]).content.decode())
    assert data["p0m-TOTAL_FORMS"] == "3" and data["p0m-INITIAL_FORMS"] == "2"
    data.update(
        {
            "p0m-2-text": "2023年2月,组织专题学习1次。",
            "p0m-2-kind": "immediate",
            "p0m-2-deadline": "2022-11-30",
        }
    )
    assert (
        client.post(reverse("intake_ui:review", args=[draft.pk]), {**data, "add": "problem"}).status_code
        == 302
    )
    data = form_fields(_review(client, draft, add="problem"))
    assert data["p-TOTAL_FORMS"] == "6" and data["p5m-TOTAL_FORMS"] == "1"
    data.update(
        {"p-5-title": "关于新增问题", "p5m-0-text": "建立制度。", "p5m-0-progress_date": "2023-03-01"}
    )
    assert client.post(reverse("intake_ui:review", args=[draft.pk]), data).status_code == 302
    draft.refresh_from_db()
    added = draft.parsed["problems"][0]["measures"][2]
    assert (added["text"], added["kind"], added["deadline"], added["span"]) == (
        "2023年2月,组织专题学习1次。",
        "immediate",
        "2022-11-30",
        None,
    )
    assert [f["value"] for f in added["figures"]] == []  # figures are what the person typed
    assert draft.parsed["problems"][5]["title"] == "关于新增问题"
    assert draft.parsed["problems"][5]["measures"][0]["progress_date"] == "2023-03-01"
    # an untouched blank row adds nothing
    data = form_fields(_review(client, draft, add="m1"))
    assert client.post(reverse("intake_ui:review", args=[draft.pk]), data).status_code == 302
    draft.refresh_from_db()
    assert len(draft.parsed["problems"][1]["measures"]) == 3


def test_removing_a_problem_rechecks_the_counts(login, seed, draft):
    client = login(seed.liaison)
    data = form_fields(_review(client, draft))
    data["p-4-DELETE"] = "on"
    data["p4m-0-text"] = ""  # a removed problem's measures are not validated
    assert client.post(reverse("intake_ui:review", args=[draft.pk]), data).status_code == 302
    draft.refresh_from_db()
    assert len(draft.parsed["problems"]) == 4
    codes = [f["code"] for f in draft.findings]
    assert "COUNT_VS_LISTED" in codes
    assert "通报称反馈问题5项,但“整改进展情况”部分列出4个问题。" in _review(client, draft)


def test_invalid_corrections_are_refused_and_nothing_is_lost(login, seed, draft):
    client = login(seed.liaison)
    data = form_fields(_review(client, draft))
    before = dict(draft.parsed)
    data.update(
        {"contact_postcode": "2568", "round": "改过的轮次", "p0m-0-figures": "很多家", "p-1-title": ""}
    )
    response = client.post(reverse("intake_ui:review", args=[draft.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "邮编应为6位数字。" in page
    assert "无法识别“很多家”" in page
    assert "该字段是必填项。" in page
    assert 'value="改过的轮次"' in page  # what was typed is still there
    assert "处需要修改" in page
    draft.refresh_from_db()
    assert draft.parsed == before


def test_a_forged_unit_is_a_form_error(login, seed, draft):
    client = login(seed.liaison)
    data = form_fields(_review(client, draft))
    data["unit"] = str(seed.office("高新技术股").pk)  # not an inspected unit
    response = client.post(reverse("intake_ui:review", args=[draft.pk]), data)
    assert response.status_code == 200 and "您不能为该单位导入整改台账" in response.content.decode()
    data["unit"] = str(seed.outsider.memberships.get().unit_id)  # the sibling unit: not the liaison's
    response = client.post(reverse("intake_ui:review", args=[draft.pk]), data)
    assert response.status_code == 200 and "您不能为该单位导入整改台账" in response.content.decode()


def test_a_draft_of_another_user_is_404(client, login, seed, draft):
    for name in ("review", "import", "delete"):
        url = reverse(f"intake_ui:{name}", args=[draft.pk])
        for user in (seed.leader, seed.xunchaban, seed.outsider):
            response = login(user).post(url, {}) if name != "review" else login(user).get(url)
            assert response.status_code == 404, (name, user)
    assert login(seed.liaison).get(reverse("intake_ui:review", args=[draft.pk])).status_code == 200
    assert login(seed.liaison).get(reverse("intake_ui:review", args=[draft.pk + 1000])).status_code == 404
    client.logout()
    assert client.get(reverse("intake_ui:review", args=[draft.pk]))["Location"].startswith("/login/")


def test_superusers_see_every_draft(login, seed, draft, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.cn", "x" * 12)
    page = _review(login(admin), draft)
    assert "区测试局" not in page
    assert "滨州市沾化区农业农村局" in page  # a superuser may import into any inspected unit


def test_deleting_a_draft(login, seed, draft):
    client = login(seed.liaison)
    response = client.post(reverse("intake_ui:delete", args=[draft.pk]))
    assert response.status_code == 302 and not IntakeDraft.objects.exists()


def test_deleting_a_draft_is_in_the_trail(login, seed, draft):
    import hashlib

    from zhenggai.audit.models import AuditEvent
    from zhenggai.audit.verify import audit_verify

    pk, text = draft.pk, draft.text
    assert login(seed.liaison).post(reverse("intake_ui:delete", args=[pk])).status_code == 302
    event = AuditEvent.objects.get(object_type="intake_ui.intakedraft", object_id=str(pk))
    assert event.action == "delete" and event.actor_id == seed.liaison.pk
    assert event.object_repr == "通报.txt"
    assert event.changes["source_name"] == ["通报.txt", None]
    assert event.changes["text_sha256"] == [hashlib.sha256(text.encode()).hexdigest(), None]
    assert audit_verify().ok


def test_an_imported_draft_is_not_deleted_nor_a_deletion_recorded(login, seed, draft):
    from zhenggai.audit.models import AuditEvent

    IntakeDraft.objects.filter(pk=draft.pk).update(imported_inspection=seed.inspection)
    client = login(seed.liaison)
    response = client.post(reverse("intake_ui:delete", args=[draft.pk]), follow=True)
    assert "已导入的草稿保留为该巡察的来源记录,不能删除。" in response.content.decode()
    assert IntakeDraft.objects.filter(pk=draft.pk).exists()
    assert not AuditEvent.objects.filter(object_type="intake_ui.intakedraft").exists()


def test_someone_elses_draft_cannot_be_deleted(login, seed, draft):
    from zhenggai.audit.models import AuditEvent

    assert login(seed.outsider).post(reverse("intake_ui:delete", args=[draft.pk])).status_code == 404
    assert IntakeDraft.objects.filter(pk=draft.pk).exists()
    assert not AuditEvent.objects.filter(object_type="intake_ui.intakedraft").exists()


def test_a_page_too_large_to_post_says_so(login, seed, draft, settings):
    assert "超过了服务器一次能接收的字段数" not in _review(login(seed.liaison), draft)
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 60
    assert "超过了服务器一次能接收的字段数" in _review(login(seed.liaison), draft)
