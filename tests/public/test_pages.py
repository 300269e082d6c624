"""The public pages for anonymous visitors: index, unit, notice, downloads; 404 for anything unpublished."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.http import http_date

from zhenggai.accounts.models import UnitKind
from zhenggai.accounts.services import contact_set, unit_create
from zhenggai.inspections.services import group_create, inspection_create, round_create
from zhenggai.notices.models import NoticeState, ProgressNotice
from zhenggai.notices.services import notice_create, notice_publish

UNIT = "滨州市沾化区科学技术局"
ROUND = "二届区委第二轮巡察"


def _notice(seed):
    return seed.inspection.notices.get(state=NoticeState.PUBLISHED)


def _public_headers(response):
    assert response["Cache-Control"] == f"public, max-age={300}"
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert response["Last-Modified"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies, "a cacheable page must not set cookies"
    assert response["Content-Language"] == "zh-Hans"


def test_index_lists_published_notices_by_committee_round_and_unit(client, seed):
    response = client.get(reverse("public:index"))
    assert response.status_code == 200
    _public_headers(response)
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html
    committee = html.index("中共滨州市沾化区委员会")
    assert committee < html.index(ROUND) < html.index(UNIT)
    assert reverse("public:notice", args=[_notice(seed).pk]) in html
    assert reverse("public:unit", args=[seed.unit.pk]) in html
    assert "中共滨州市沾化区科学技术局党组关于二届区委第二轮巡察整改进展情况的通报" in html
    assert "2023年4月2日" in html  # published_on of the seed


def test_notice_page_in_the_official_layout_with_downloads_and_channel(client, seed):
    notice = _notice(seed)
    response = client.get(reverse("public:notice", args=[notice.pk]))
    assert response.status_code == 200
    _public_headers(response)
    html = response.content.decode()
    assert '<article class="gw-doc" lang="zh-CN">' in html
    assert "documents/official.css" in html and "public/public.css" in html
    assert html.count("<h1") == 1  # the notice's title is the page's one h1
    assert "二、反馈意见整改进展情况" in html
    assert "公开日期" in html and "2023年4月2日" in html
    for fmt in ("docx", "pdf"):
        assert reverse("public:notice_download", args=[notice.pk, fmt]) in html
    assert "0543-8192576" in html and "zhqkjj@bz.shandong.cn" in html and "256800" in html
    assert "山东省滨州市沾化区金海五路49号" in html
    assert reverse("public:notice_feedback", args=[notice.pk]) in html
    assert reverse("public:track") in html


def test_unit_page_lists_its_notices_channel_and_feedback(client, seed):
    response = client.get(reverse("public:unit", args=[seed.unit.pk]))
    assert response.status_code == 200
    _public_headers(response)
    html = response.content.decode()
    assert UNIT in html and "中共滨州市沾化区科学技术局党组" in html
    assert reverse("public:notice", args=[_notice(seed).pk]) in html
    assert "0543-8192576" in html
    assert reverse("public:unit_feedback", args=[seed.unit.pk]) in html


def test_downloads_are_a_real_docx_and_pdf(client, seed):
    notice = _notice(seed)
    docx = client.get(reverse("public:notice_download", args=[notice.pk, "docx"]))
    assert docx.status_code == 200
    _public_headers(docx)
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert docx["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "整改进展情况" in xml
    pdf = client.get(reverse("public:notice_download", args=[notice.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf["ETag"] != docx["ETag"]
    assert client.get(reverse("public:notice_download", args=[notice.pk, "html"])).status_code == 404


def test_conditional_requests_get_304(client, seed):
    url = reverse("public:notice", args=[_notice(seed).pk])
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=300"
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    older = http_date(0)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=older).status_code == 200
    index = client.get(reverse("public:index"))
    assert client.get(reverse("public:index"), HTTP_IF_NONE_MATCH=index["ETag"]).status_code == 304


def test_public_pages_stay_chinese_whatever_the_language_cookie(client, seed):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("public:notice", args=[_notice(seed).pk]))
    assert response["Content-Language"] == "zh-Hans"
    assert "监督渠道" in response.content.decode()


def test_unpublished_notices_and_units_are_404(client, seed):
    draft = notice_create(
        inspection=seed.inspection, cutoff_date=dt.date(2023, 6, 30), signed_on=dt.date(2023, 6, 30)
    )
    assert draft.state == NoticeState.DRAFT
    for name, args in [
        ("public:notice", [draft.pk]),
        ("public:notice_download", [draft.pk, "pdf"]),
        ("public:notice_download", [draft.pk, "docx"]),
        ("public:notice_feedback", [draft.pk]),
        ("public:notice", [999999]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    html = client.get(reverse("public:index")).content.decode()
    assert reverse("public:notice", args=[draft.pk]) not in html
    # The sibling unit has published nothing: it does not exist publicly, nor do offices.
    sibling = seed.outsider.memberships.get().unit
    for unit in (sibling, seed.office("高新技术股"), seed.unit.parent):
        assert client.get(reverse("public:unit", args=[unit.pk])).status_code == 404
        assert client.get(reverse("public:unit_feedback", args=[unit.pk])).status_code == 404
    # "Published" without the frozen text is not shown either (it would be composed from today's ledger).
    ProgressNotice.objects.filter(pk=_notice(seed).pk).update(published_document=None)
    assert client.get(reverse("public:notice", args=[_notice(seed).pk])).status_code == 404
    assert client.get(reverse("public:unit", args=[seed.unit.pk])).status_code == 404


def test_public_pages_refuse_unsafe_methods(client, seed):
    assert client.post(reverse("public:notice", args=[_notice(seed).pk])).status_code == 405
    assert client.post(reverse("public:index")).status_code == 405


def _publish_more(seed, count: int) -> None:
    admin = get_user_model().objects.create_superuser("public-admin", password="x")
    committee = seed.unit.parent
    round_ = round_create(committee=committee, name="二届区委第三轮巡察", year=2023)
    group = group_create(round=round_, name="区委第一巡察组", number=1)
    for i in range(count):
        unit = unit_create(
            kind=UnitKind.UNIT, parent=committee, name=f"测试单位{i}", party_org_name=f"中共测试单位{i}党组"
        )
        contact_set(unit=unit, phone=f"0543-000000{i}")
        inspection = inspection_create(
            round=round_, group=group, unit=unit, feedback_date=dt.date(2023, 5, 1)
        )
        notice = notice_create(
            inspection=inspection, cutoff_date=dt.date(2023, 7, 1), signed_on=dt.date(2023, 7, 1)
        )
        notice_publish(notice=notice, actor=admin, on=dt.date(2023, 7, 2))


@pytest.mark.parametrize("more", [0, 6])
def test_index_query_count_does_not_grow_with_notices(client, seed, more, django_assert_max_num_queries):
    _publish_more(seed, more)
    with django_assert_max_num_queries(1) as captured:
        html = client.get(reverse("public:index")).content.decode()
    assert len(re.findall(r'href="/public/notices/\d+/"', html)) == 1 + more
    assert len(captured.captured_queries) == 1
    with django_assert_max_num_queries(2):
        client.get(reverse("public:notice", args=[_notice(seed).pk]))
    with django_assert_max_num_queries(2):
        client.get(reverse("public:unit", args=[seed.unit.pk]))
