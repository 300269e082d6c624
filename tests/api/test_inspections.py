"""Inspections: the list with the notice's counts, the detail, offices, the ledger, the export."""

import json

from tests.api.conftest import detail
from zhenggai.accounts.models import UnitKind
from zhenggai.accounts.services import unit_create
from zhenggai.ledger.export import inspection_export

LIST = "/api/v1/inspections/"


def _url(seed, tail=""):
    return f"/api/v1/inspections/{seed.inspection.pk}/{tail}"


def test_list_gives_the_notices_counts_5_2_3(seed, api):
    body = api(seed.liaison).get(LIST).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == seed.inspection.pk
    assert row["round"]["name"] == "二届区委第二轮巡察" and row["group"]["name"] == "区委第三巡察组"
    assert row["unit"]["short_name"] == "区科技局" and row["party_org"] == "中共滨州市沾化区科学技术局党组"
    assert (row["onsite_start"], row["onsite_end"], row["feedback_date"]) == (
        "2022-06-28",
        "2022-08-22",
        "2022-11-04",
    )
    assert row["counts"] == {
        "total": 5,
        "completed": 2,
        "long_term": 3,
        "in_progress": 0,
        "open": 0,
        "not_completed": 0,
    }


def test_counts_are_of_what_the_user_sees(seed, api):
    """The clerk of 高新技术股 sees problems 2 and 3 (both 需长期坚持) and nothing else."""
    counts = api(seed.clerk).get(LIST).json()["results"][0]["counts"]
    assert (counts["total"], counts["completed"], counts["long_term"]) == (2, 0, 2)
    assert api(seed.outsider).get(LIST).json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_detail_has_plan_group_meetings_contact_notice(seed, api):
    body = api(seed.liaison).get(_url(seed)).json()
    assert body["plan"]["doc_number"] == "沾科党字〔2022〕22号"
    assert body["plan"]["issued_on"] == "2022-11-08"
    assert [m["role"] for m in body["leading_group"]] == ["leader", "deputy", "member", "office_director"]
    assert [m["held_on"] for m in body["meetings"]] == [
        "2022-11-08",
        "2022-11-08",
        "2022-11-16",
        "2023-01-31",
    ]
    assert body["contact"] == {
        "phone": "0543-8192576",
        "address": "山东省滨州市沾化区金海五路49号",
        "postcode": "256800",
        "email": "zhqkjj@bz.shandong.cn",
    }
    assert body["latest_notice"]["signed_on"] == "2023-03-29"
    assert body["latest_notice"]["published_on"] == "2023-04-02"
    assert body["counts"]["total"] == 5
    assert body["permissions"] == {"can_edit_plan": True, "can_export": True}
    assert api(seed.clerk).get(_url(seed)).json()["permissions"] == {  # sees part of the ledger
        "can_edit_plan": False,
        "can_export": False,
    }


def test_missing_and_foreign_inspections_are_404(seed, api):
    assert api(seed.outsider).get(_url(seed)).status_code == 404
    response = api(seed.liaison).get("/api/v1/inspections/999999/")
    assert response.status_code == 404 and detail(response) == "未找到。"


def test_offices_of_the_unit(seed, api):
    body = api(seed.liaison).get(_url(seed, "offices/")).json()
    assert [o["name"] for o in body["results"]] == ["办公室", "农村科技股", "高新技术股", "成果转化股"]


def test_export_is_the_ledger_exports_json(seed, api):
    response = api(seed.xunchaban).get(_url(seed, "export/"))
    assert response.status_code == 200
    body = response.json()
    assert body == json.loads(json.dumps(inspection_export(seed.inspection, seed.xunchaban)))
    assert body["counts"]["total"] == 5 and body["plan"]["doc_number"] == "沾科党字〔2022〕22号"
    assert body["problems"][2]["measures"][1]["progress"][0]["figures"] == [
        {"label": "储备库企业", "value": 40, "unit": "家"}
    ]


def test_export_holds_only_what_the_user_may_see(seed, api):
    body = api(seed.clerk).get(_url(seed, "export/")).json()
    measures = [m["content"] for p in body["problems"] for m in p["measures"]]
    assert "建立高新技术企业储备库" in measures  # 高新技术股
    assert "指导企业与高校、科研院所开展产学研合作" not in measures  # 成果转化股
    assert [p["number"] for p in body["problems"]] == [2, 3]


def test_ledger_lists_problems_with_their_visible_measures(seed, api):
    body = api(seed.liaison).get(_url(seed, "problems/")).json()
    assert body["count"] == 5
    assert [p["number"] for p in body["results"]] == [1, 2, 3, 4, 5]
    three = body["results"][2]
    assert [m["number"] for m in three["measures"]] == [1, 2, 3]
    assert three["measures"][1]["latest_progress"]["happened_on"] == "2023-01-01"
    assert three["measures"][1]["progress_count"] == 1

    clerk = api(seed.clerk).get(_url(seed, "problems/")).json()
    assert [p["number"] for p in clerk["results"]] == [2, 3]
    assert [m["number"] for m in clerk["results"][1]["measures"]] == [2, 3]


def test_ledger_filters_like_the_page(seed, api):
    client = api(seed.liaison)
    completed = client.get(_url(seed, "problems/"), {"status": "completed"}).json()
    assert [p["number"] for p in completed["results"]] == [4, 5]
    long_term = client.get(_url(seed, "problems/"), {"kind": "long_term"}).json()
    assert [p["number"] for p in long_term["results"]] == [1, 2, 3]
    assert {m["kind"] for p in long_term["results"] for m in p["measures"]} == {"long_term"}
    office = seed.office("成果转化股")
    by_office = client.get(_url(seed, "problems/"), {"office": office.pk}).json()
    assert [p["number"] for p in by_office["results"]] == [3, 4, 5]


def test_ledger_refuses_bad_filters(seed, api):
    client = api(seed.liaison)
    response = client.get(_url(seed, "problems/"), {"status": "bogus"})
    assert response.status_code == 400
    assert response.json()["errors"]["status"] == ["选择一个有效的选项。 bogus 不在可用的选项中。"]
    sibling_office = unit_create(
        kind=UnitKind.OFFICE, parent=seed.outsider.memberships.get().unit, name="别人的办公室"
    )
    response = client.get(_url(seed, "problems/"), {"office": sibling_office.pk})
    assert response.status_code == 422 and "office" in response.json()["errors"]


def test_create_problem(seed, api):
    response = api(seed.liaison).post(
        _url(seed, "problems/"),
        {
            "title": "  关于新发现的问题  ",
            "description": "具体表现",
            "category": "作风建设",
            "lead_leader": "局长",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["number"] == 6 and body["title"] == "关于新发现的问题" and body["status"] == "open"
    assert body["measures"] == [] and body["permissions"]["can_edit_plan"] is True
    assert api(seed.liaison).get(LIST).json()["results"][0]["counts"]["open"] == 1


def test_create_problem_refuses_a_blank_title(seed, api):
    response = api(seed.liaison).post(_url(seed, "problems/"), {"title": "   "}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"title": ["该字段不能为空。"]}


def test_ledger_shows_and_filters_the_lights(seed, api):
    client = api(seed.liaison)
    rows = {p["number"]: p for p in client.get(_url(seed, "problems/")).json()["results"]}
    assert rows[4]["light"] == "grey" and {m["light"] for m in rows[4]["measures"]} == {"grey"}
    # 3.3 is long-term and last reported on 2023-03-29: its periodic report is late, so red.
    assert rows[3]["measures"][2]["light"] == "red" and rows[3]["light"] == "red"
    red = client.get(_url(seed, "problems/"), {"light": "red"}).json()["results"]
    assert [p["number"] for p in red] == [1, 2, 3]
    response = client.get(_url(seed, "problems/"), {"light": "blue"})
    assert response.status_code == 400 and "light" in response.json()["errors"]


def test_documents_through_the_api(seed, api):
    client = api(seed.clerk)
    # the notice published on that day is public; the report is the whole unit's (decision 0005)
    pdf = client.get(_url(seed, "documents/notice/"), {"output": "pdf", "date": "2023-03-29"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(_url(seed, "documents/report/"), {"date": "2023-03-29"}).status_code == 404
    report = api(seed.liaison).get(_url(seed, "documents/report/"), {"date": "2023-03-29"})
    assert report.status_code == 200 and report.content[:2] == b"PK"
    ledger = client.get(_url(seed, "documents/ledger/"))
    assert ledger.status_code == 200 and ledger["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = api(seed.liaison).get(_url(seed, "documents/report/"), {"output": "html"})
    assert bad.status_code == 400 and bad.json()["errors"] == {"output": ["参数 output 只能是:docx、pdf。"]}
    assert client.get(_url(seed, "documents/notice/"), {"date": ""}).status_code == 400  # sent, so a date
    assert client.get(_url(seed, "documents/notice/"), {"date": "昨天"}).status_code == 400
    assert client.get(_url(seed, "documents/minutes/")).status_code == 404
