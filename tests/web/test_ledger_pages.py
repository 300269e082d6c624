"""The ledger pages as people use them: what each persona sees, forms, bad input, query counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import truncatechars
from django.test import override_settings
from django.urls import reverse

from zhenggai.ledger.models import Evidence, Measure, ProgressEntry
from zhenggai.ledger.permissions import can_report_progress
from zhenggai.ledger.services import problem_create
from zhenggai.ledger.workflow import measure_is_frozen

# Every date, number and document number of the founding notice, as the pages write them.
NOTICE_FACTS_ON_LEDGER = [
    "二届区委第二轮巡察",
    "区委第三巡察组",
    "2022年6月28日",
    "2022年8月22日",
    "2022年11月4日",
    "沾科党字〔2022〕22号",
    "2022年11月8日",
    "2022年11月16日",
    "2023年1月31日",
    "2023年3月29日",
    "2023年4月2日",
    "0543-8192576",
    "山东省滨州市沾化区金海五路49号",
    "256800",
    "zhqkjj@bz.shandong.cn",
    "党组书记第一责任、班子成员分工负责、责任股室具体落实",
    "巡察反馈问题5项，截至目前，已整改完成2项，已取得阶段性成效需长期坚持整改3项",
]
NOTICE_FACTS_ON_PROBLEMS = {
    1: ["3</strong>次", "2019年9月18日", "2021年10月22日"],
    2: ["10</strong>家", "2022年12月", "鲁北洼地绵羊产业研究院"],
    3: ["40</strong>家", "14</strong>家", "12</strong>家", "32</strong>家", "93</strong>家", "2023年1月"],
    4: ["8</strong>个", "7</strong>个", "2</strong>家", "2022年11月"],
    5: ["揭榜挂帅", "《沾化区科技局黄河流域生态保护和高质量发展工作方案》"],
}


def test_anonymous_is_sent_to_login(client, seed):
    response = client.get(reverse("inspection", args=[seed.inspection.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_ledger_page_shows_the_notice(login, seed):
    page = login(seed.liaison).get(reverse("inspection", args=[seed.inspection.pk])).content.decode()
    for fact in NOTICE_FACTS_ON_LEDGER:
        assert fact in page, fact
    for n in (1, 2, 3, 4, 5):
        assert seed.problem(n).title in page
    assert 'data-count="total">5<' in page and 'data-count="completed">2<' in page
    assert 'data-count="long_term">3<' in page


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_problem_pages_show_every_figure_and_date(login, seed, number):
    page = login(seed.liaison).get(reverse("problem", args=[seed.problem(number).pk])).content.decode()
    for fact in NOTICE_FACTS_ON_PROBLEMS[number]:
        assert fact in page, fact


def test_outsider_sees_nothing_of_another_unit(login, seed):
    client = login(seed.outsider)
    measure = seed.measure(1, 1)
    evidence = Evidence.objects.first()
    urls = [
        reverse("inspection", args=[seed.inspection.pk]),
        reverse("problem", args=[seed.problem(1).pk]),
        reverse("measure_edit", args=[measure.pk]),
        reverse("progress_new", args=[measure.pk]),
        reverse("progress_edit", args=[measure.progress.first().pk]),
        reverse("evidence", args=[evidence.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    missing = reverse("problem", args=[999999])
    assert client.get(missing).status_code == 404
    assert client.post(reverse("measure_move", args=[measure.pk]), {"move": "start"}).status_code == 404


def test_clerk_sees_only_their_office(login, seed):
    client = login(seed.clerk)
    page = client.get(reverse("inspection", args=[seed.inspection.pk])).content.decode()
    assert "建立高新技术企业储备库" in page  # 高新技术股
    assert "指导企业与高校、科研院所开展产学研合作" not in page  # 成果转化股
    assert (
        client.get(reverse("problem", args=[seed.problem(4).pk])).status_code == 404
    )  # no 高新技术股 measure
    assert client.get(reverse("measure_edit", args=[seed.measure(3, 2).pk])).status_code == 403
    # 3.2 is struck off (frozen): the clerk may report on it, so not 403, but is sent back to the problem
    frozen = client.get(reverse("progress_new", args=[seed.measure(3, 2).pk]))
    assert frozen.status_code == 302 and frozen["Location"] == reverse("problem", args=[seed.problem(3).pk])


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({"status": "completed"}, "关于工作作风不够扎实", "关于农业科技创新载体建设乏力"),
        ({"status": "long_term"}, "关于农业科技创新载体建设乏力", "关于工作作风不够扎实"),
        ({"kind": "immediate"}, "召开党组会议传达学习", "建立高新技术企业储备库"),
    ],
)
def test_ledger_filters(login, seed, query, present, absent):
    page = login(seed.liaison).get(reverse("inspection", args=[seed.inspection.pk]), query).content.decode()
    assert present in page and absent not in page


def test_filter_by_office_and_overdue(login, seed):
    client = login(seed.liaison)
    url = reverse("inspection", args=[seed.inspection.pk])
    office = seed.office("农村科技股")
    page = client.get(url, {"office": office.pk}).content.decode()
    assert "加强对农业科技创新工作重视" in page and "建立高新技术企业储备库" not in page
    page = client.get(url, {"overdue": "on"}).content.decode()
    assert "没有符合条件的问题" in page  # every one-off measure of the seed was struck off in time
    Measure.objects.filter(pk=seed.measure(3, 2).pk).update(status="in_progress")
    page = client.get(url, {"overdue": "on"}).content.decode()
    assert "建立高新技术企业储备库" in page and "加强对农业科技创新工作重视" not in page


def test_add_measure_and_see_the_chinese_error_when_deadline_is_missing(login, seed):
    client = login(seed.liaison)
    problem = seed.problem(1)
    url = reverse("measure_new", args=[problem.pk])
    response = client.post(url, {"content": "建立学习台账", "kind": "deadline", "deadline": ""})
    assert response.status_code == 200
    assert "“限期整改”的措施必须填写整改时限" in response.content.decode()
    assert "建立学习台账" in response.content.decode()  # what was typed is still there
    office = seed.office("办公室")
    response = client.post(
        url,
        {
            "content": "建立学习台账",
            "kind": "deadline",
            "deadline": "2023-06-30",
            "responsible_office": office.pk,
            "responsible_leader": "党组书记、局长",
            "responsible_person": "王五",
        },
    )
    assert response.status_code == 302
    measure = problem.measures.get(content="建立学习台账")
    assert (measure.responsible_office, measure.deadline, measure.number) == (office, dt.date(2023, 6, 30), 3)


def test_edit_measure_conflict_keeps_the_form(login, seed):
    client = login(seed.liaison)
    measure = seed.measure(1, 1)
    url = reverse("measure_edit", args=[measure.pk])
    data = {
        "content": measure.content,
        "kind": "long_term",
        "responsible_person": "赵六",
        "version": measure.version,
    }
    Measure.objects.filter(pk=measure.pk).update(version=measure.version + 1)  # someone else saved meanwhile
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "已被他人修改" in body and "赵六" in body
    data["version"] = measure.version + 1
    assert client.post(url, data).status_code == 302
    assert Measure.objects.get(pk=measure.pk).responsible_person == "赵六"


def _progress_post(**extra):
    data = {
        "happened_on": "2023-05-10",
        "precision": "day",
        "text": "召开理论学习中心组学习会",
        "submission_key": "form-1",
        "figure_0_label": "学习次数",
        "figure_0_value": "1",
        "figure_0_unit": "次",
    }
    data.update(extra)
    return data


def test_add_progress_with_evidence_then_post_again(login, seed):
    client = login(seed.liaison)
    measure = seed.measure(1, 1)
    url = reverse("progress_new", args=[measure.pk])
    upload = SimpleUploadedFile("学习记录.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = client.post(url, _progress_post(files=[upload]))
    assert response.status_code == 302
    entry = ProgressEntry.objects.get(text="召开理论学习中心组学习会")
    assert entry.evidence.get().original_name == "学习记录.pdf"
    assert entry.reporter == seed.liaison
    again = client.post(url, _progress_post())
    assert again.status_code == 302
    assert ProgressEntry.objects.filter(text="召开理论学习中心组学习会").count() == 1
    page = client.get(reverse("problem", args=[measure.problem_id])).content.decode()
    assert "2023年5月10日" in page and "学习记录.pdf" in page
    download = client.get(reverse("evidence", args=[entry.evidence.get().pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    # the timeline item: its evidence link, size and hash, who reported it, and the controls
    evidence = entry.evidence.get()
    item = page[page.index(f'<li id="progress-{entry.pk}">') :].split("</li>\n", 1)[0]
    assert f'<a href="{reverse("evidence", args=[evidence.pk])}">学习记录.pdf</a>' in page
    assert f"SHA-256 {truncatechars(evidence.sha256, 13)}</small>" in page
    assert (seed.liaison.first_name or seed.liaison.username) in item
    assert f'href="{reverse("progress_edit", args=[entry.pk])}"' in item
    assert f'action="{reverse("progress_delete", args=[entry.pk])}"' in item
    assert 'name="csrfmiddlewaretoken"' in item


def test_future_progress_date_is_refused_on_the_page(login, seed):
    client = login(seed.liaison)
    url = reverse("progress_new", args=[seed.measure(1, 1).pk])
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = client.post(url, _progress_post(happened_on=tomorrow))
    assert response.status_code == 200
    assert "不能晚于今天" in response.content.decode()
    assert "召开理论学习中心组学习会" in response.content.decode()
    assert not ProgressEntry.objects.filter(text="召开理论学习中心组学习会").exists()


@override_settings(EVIDENCE_MAX_BYTES=2048)
def test_oversized_upload_is_stopped_while_streaming(login, seed):
    client = login(seed.liaison)
    url = reverse("progress_new", args=[seed.measure(1, 1).pk])
    big = SimpleUploadedFile("扫描件.pdf", b"0" * 500_000, content_type="application/pdf")
    response = client.post(url, _progress_post(files=[big]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "扫描件.pdf" in body and "超过上限" in body
    assert "召开理论学习中心组学习会" in body
    assert not ProgressEntry.objects.filter(text="召开理论学习中心组学习会").exists()


def test_wrong_file_type_is_refused_on_the_page(login, seed):
    client = login(seed.liaison)
    url = reverse("progress_new", args=[seed.measure(1, 1).pk])
    response = client.post(url, _progress_post(files=[SimpleUploadedFile("x.exe", b"MZ")]))
    assert response.status_code == 200 and "类型不允许上传" in response.content.decode()


def test_edit_progress(login, seed):
    client = login(seed.liaison)
    entry = seed.measure(1, 1).progress.first()
    url = reverse("progress_edit", args=[entry.pk])
    response = client.post(
        url,
        {
            "happened_on": "2023-03-29",
            "precision": "as_of",
            "text": "整改期间,集中学习4次",
            "version": entry.version,
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "整改期间，集中学习4次"


def test_ledger_page_query_count_does_not_grow_with_rows(login, seed, django_assert_max_num_queries):
    client = login(seed.liaison)
    url = reverse("inspection", args=[seed.inspection.pk])
    client.get(url)
    # 18: the header's count of open tasks is two of them (the committees' policies, one count)
    with django_assert_max_num_queries(18) as small:
        client.get(url)
    for i in range(20):
        problem = problem_create(inspection=seed.inspection, title=f"新增问题{i}")
        from zhenggai.ledger.services import measure_create

        for _ in range(3):
            measure_create(problem=problem, content="措施", kind="long_term")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_ui_is_chinese_first_and_english_on_request(client, seed):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "登录整改台账" in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en"
    assert "Sign in" in response.content.decode()


def test_light_filter_and_column(login, seed):
    client = login(seed.liaison)
    url = reverse("inspection", args=[seed.inspection.pk])
    page = client.get(url, {"light": "red"}).content.decode()
    # Today the seed's long-term measures are years past their quarterly report.
    assert "加强对农业科技创新工作重视" in page and "优化科技服务模式" not in page
    assert 'class="light light-red"' in page
    page = client.get(url, {"light": "grey"}).content.decode()
    assert "优化科技服务模式" in page and "加强对农业科技创新工作重视" not in page


def test_problem_page_title_is_just_the_title(login, seed):
    page = login(seed.liaison).get(reverse("problem", args=[seed.problem(4).pk])).content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "回头看" not in title and "操作记录" not in title and len(title) < 80


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("persona", ["clerk", "xunchaban", "liaison", "deputy"])
def test_timeline_controls_only_on_measures_one_reports_on(login, seed, persona):
    """Each entry shown has the edit and delete controls exactly when its viewer reports on its measure
    and the measure is not frozen (applied for or struck off)."""
    problem, user = seed.problem(3), getattr(seed, persona, None) or _user(persona)
    page = login(user).get(reverse("problem", args=[problem.pk])).content.decode()
    shown = [
        e for e in ProgressEntry.objects.filter(measure__problem=problem) if f'id="progress-{e.pk}"' in page
    ]
    controls = {e.pk for e in shown if f'href="{reverse("progress_edit", args=[e.pk])}"' in page}
    assert shown
    assert any(measure_is_frozen(e.measure) for e in shown)  # the frozen case is exercised
    assert controls == {
        e.pk for e in shown if can_report_progress(user, e.measure) and not measure_is_frozen(e.measure)
    }
    assert bool(controls) == (persona != "xunchaban")


def test_clerk_sees_only_their_measures_in_the_trail(login, seed):
    page = login(seed.clerk).get(reverse("problem", args=[seed.problem(3).pk])).content.decode()
    trail = page.split("操作记录", 1)[1]
    assert "建立高新技术企业储备库" in trail  # 高新技术股's measure
    assert "指导企业与高校" not in trail  # 成果转化股's measure
    full = login(seed.liaison).get(reverse("problem", args=[seed.problem(3).pk])).content.decode()
    assert "指导企业与高校" in full.split("操作记录", 1)[1]


def test_evidence_of_a_deleted_progress_entry_is_gone(login, seed):
    from zhenggai.ledger.services import progress_create, progress_delete

    upload = SimpleUploadedFile("草稿.pdf", b"%PDF-1.4", content_type="application/pdf")
    entry = progress_create(
        measure=seed.measure(1, 1), happened_on=dt.date(2023, 5, 1), text="x", files=[upload]
    )
    evidence = entry.evidence.get()
    progress_delete(entry=entry, actor=seed.liaison)
    assert login(seed.liaison).get(reverse("evidence", args=[evidence.pk])).status_code == 404


def test_delete_is_offered_only_where_it_would_work(login, seed):
    """A measure whose 销号 has been applied for (or done) cannot be deleted: no button for it."""
    from zhenggai.ledger.models import MeasureStatus

    states = ["in_progress", "submitted", "closed"]
    measures = list(Measure.objects.filter(problem=seed.problem(3)).order_by("number")[:3])
    for measure, state in zip(measures, states, strict=True):
        Measure.objects.filter(pk=measure.pk).update(status=state)
    page = login(seed.liaison).get(reverse("problem", args=[seed.problem(3).pk])).content.decode()
    offered = {
        state for measure, state in zip(measures, states, strict=True)
        if f'action="{reverse("measure_delete", args=[measure.pk])}"' in page
    }  # fmt: skip
    assert offered == {MeasureStatus.IN_PROGRESS}
