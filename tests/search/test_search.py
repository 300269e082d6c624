"""Keyword search: Chinese words inside sentences, scoped like every list, escaped, bounded."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhenggai.accounts.models import Unit
from zhenggai.core.errors import ServiceError
from zhenggai.inspections.models import Inspection
from zhenggai.ledger.models import Evidence, Measure, Problem, ProgressEntry
from zhenggai.ledger.services import (
    measure_create,
    problem_create,
    problem_delete,
    progress_create,
    progress_delete,
)
from zhenggai.search.matching import TextHolds
from zhenggai.search.query import query_parse
from zhenggai.search.selectors import search_keys

# A word of two characters that the founding notice does not use, inside a sentence.
WORD = "甄别"
SENTENCE = f"对申报材料逐项{WORD}核实,形成清单"


OPEN_MEASURES = [(1, 1), (2, 1), (2, 3), (3, 3)]  # the seed's measures not struck off (not frozen)


def _keys(user, q):
    return search_keys(user, query_parse(q)).keys


def _progress(seed, text, *, measure=None, files=()):
    return progress_create(
        measure=measure or seed.measure(3, 3),  # open: 3.2 is struck off, so frozen
        happened_on=dt.date(2023, 3, 1),
        text=text,
        reporter=seed.liaison,
        files=files,
    )


def _sibling_ledger(seed, text):
    """The outsider's unit (区农业农村局) inspected in the same round, with ``text`` in a progress entry."""
    sibling = Unit.objects.get(memberships__user=seed.outsider)
    inspection = Inspection.objects.create(
        round=seed.inspection.round, group=seed.inspection.group, unit=sibling
    )
    problem = problem_create(inspection=inspection, title="农业农村局的问题")
    measure = measure_create(problem=problem, content="农业农村局的措施", kind="long_term")
    return progress_create(
        measure=measure, happened_on=dt.date(2023, 3, 1), text=text, reporter=seed.outsider
    )


def test_a_two_character_word_inside_a_progress_text_is_found(seed, login):
    entry = _progress(seed, SENTENCE)
    assert [(k.kind, k.pk) for k in _keys(seed.liaison, WORD)] == [("progress", entry.pk)]
    response = login(seed.liaison).get("/search/", {"q": WORD})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<mark>{WORD}</mark>" in page
    assert f'href="/problems/{seed.problem(3).pk}/#measure-{seed.measure(3, 3).pk}"' in page
    assert str(seed.inspection.unit) in page and seed.inspection.round.name in page


def test_every_word_must_occur_in_the_same_row(seed):
    entry = _progress(seed, SENTENCE)
    _progress(seed, f"另一条{WORD}")
    assert [k.pk for k in _keys(seed.liaison, f"{WORD} 清单") if k.kind == "progress"] == [entry.pk]
    assert [k.pk for k in _keys(seed.liaison, f"{WORD}\u3000清单") if k.kind == "progress"] == [entry.pk]
    assert _keys(seed.liaison, f"{WORD} 没有这个词") == []


def test_problems_measures_and_evidence_names_are_searched(seed):
    problem = problem_create(inspection=seed.inspection, title="问题标题", description=f"具体表现里有{WORD}")
    measure = measure_create(problem=problem, content=f"措施里也{WORD}", kind="long_term")
    upload = SimpleUploadedFile(f"{WORD}清单.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    entry = _progress(seed, "没有关键词的进展", measure=measure, files=[upload])
    found = {(k.kind, k.pk) for k in _keys(seed.liaison, WORD)}
    assert found == {("problem", problem.pk), ("measure", measure.pk), ("evidence", entry.evidence.get().pk)}


def test_latin_words_are_found_whatever_their_case(seed):
    entry = _progress(seed, "上传了 OA 系统的截图")
    assert [k.pk for k in _keys(seed.liaison, "oa")] == [entry.pk]


def test_soft_deleted_rows_are_not_found(seed):
    entry = _progress(seed, SENTENCE)
    progress_delete(entry=entry, actor=seed.liaison)
    problem = problem_create(inspection=seed.inspection, title=f"要删除的{WORD}问题")
    problem_delete(problem=problem, actor=seed.liaison)
    assert _keys(seed.liaison, WORD) == []


def test_an_outsider_never_sees_another_units_hit(seed, login):
    ours = _progress(seed, SENTENCE)
    theirs = _sibling_ledger(seed, SENTENCE)
    assert [k.pk for k in _keys(seed.outsider, WORD)] == [theirs.pk]
    assert [k.pk for k in _keys(seed.liaison, WORD)] == [ours.pk]
    assert {k.pk for k in _keys(seed.xunchaban, WORD)} == {ours.pk, theirs.pk}  # supervises both
    page = login(seed.outsider).get("/search/", {"q": WORD}).content.decode()
    assert str(seed.inspection.unit) not in page.split("<main>")[1]
    assert "农业农村局" in page


def test_a_clerk_only_sees_hits_of_their_offices_measures(seed):
    theirs = _progress(seed, SENTENCE)  # 3.2: 高新技术股, the clerk's office
    other = seed.measure(1, 1)
    assert other.responsible_office != seed.measure(3, 3).responsible_office
    _progress(seed, SENTENCE, measure=other)
    assert [k.pk for k in _keys(seed.clerk, WORD)] == [theirs.pk]
    assert len(_keys(seed.liaison, WORD)) == 2


def test_highlighting_escapes_the_users_text(seed, login):
    problem = problem_create(inspection=seed.inspection, title=f"<script>alert(1)</script>{WORD}")
    page = login(seed.liaison).get("/search/", {"q": WORD}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert f"&lt;script&gt;alert(1)&lt;/script&gt;<mark>{WORD}</mark>" in page
    # A word that is itself markup is matched as text and escaped inside the mark.
    response = login(seed.liaison).get("/search/", {"q": "<script>"})
    assert "<mark>&lt;script&gt;</mark>" in response.content.decode()
    assert problem.pk in [k.pk for k in _keys(seed.liaison, "<script>")]


@pytest.mark.parametrize("word", ["%", "_", "\\"])
def test_like_wildcards_are_literal(seed, word):
    entry = _progress(seed, f"完成率100{word}0达标")
    _progress(seed, "完成率1000达标")  # would match if % or _ were wildcards
    assert [k.pk for k in _keys(seed.liaison, f"100{word}0")] == [entry.pk]
    assert _keys(seed.liaison, f"{word}{word}") == []


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "请输入要搜索的关键词"),
        ("   ", "请输入要搜索的关键词"),
        ("改", "至少2个字"),
        ("整改 改", "“改”太短"),
        ("长" * 51, "关键词过长"),
        ("一二 三四 五六 七八 九十 十一", "关键词过多"),
        ("整改\x00台账", "控制字符"),
    ],
)
def test_bad_queries_get_a_message(seed, login, q, message):
    with pytest.raises(ServiceError) as caught:
        query_parse(q)
    assert message in caught.value.message_dict["q"][0]
    response = login(seed.liaison).get("/search/", {"q": q})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_page_without_a_query_asks_for_one(seed, login):
    response = login(seed.liaison).get("/search/")
    assert response.status_code == 200 and 'name="q"' in response.content.decode()


def test_every_signed_in_page_has_the_search_box(seed, login):
    page = login(seed.clerk).get(f"/problems/{seed.problem(3).pk}/").content.decode()
    assert 'action="/search/"' in page and 'id="header-q"' in page
    client = login(seed.clerk)
    client.logout()
    assert 'id="header-q"' not in client.get("/login/").content.decode()  # signed-in pages only


def test_the_results_page_is_bounded_in_queries(seed, login):
    client = login(seed.liaison)

    def count(q):
        client.get("/search/", {"q": q})  # warm: sessions, policies
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/search/", {"q": q})
        assert response.status_code == 200
        return len(queries), response.content.decode().count("<mark>")

    _progress(seed, SENTENCE)
    few_queries, few_marks = count(WORD)
    for i in range(30):
        measure = seed.measure(*OPEN_MEASURES[i % len(OPEN_MEASURES)])
        _progress(seed, f"第{i}次{SENTENCE}", measure=measure)
    problem_create(inspection=seed.inspection, title=f"另一个{WORD}问题")
    many_queries, many_marks = count(WORD)
    assert many_marks > few_marks
    assert many_queries == few_queries, "the search page's queries grow with its hits"


def test_pages_follow_the_order_and_do_not_repeat(seed, login):
    for i in range(25):
        _progress(seed, f"第{i}次{SENTENCE}")
    client = login(seed.liaison)
    first = client.get("/search/", {"q": WORD}).content.decode()
    second = client.get("/search/", {"q": WORD, "page": "2"}).content.decode()
    assert first.count('class="search-hit kind') == 20 and second.count('class="search-hit kind') == 5
    assert "共 25 条结果" in first
    assert client.get("/search/", {"q": WORD, "page": "x"}).status_code == 200
    assert client.get("/search/", {"q": WORD, "page": "99999999999999999999"}).status_code == 200


def test_more_hits_than_the_limit_say_so(seed, login, monkeypatch):
    monkeypatch.setattr("zhenggai.search.selectors.HIT_LIMIT", 3)
    monkeypatch.setattr("zhenggai.search.views.search_keys.__kwdefaults__", {"limit": 3})
    for i in range(5):
        _progress(seed, f"第{i}次{SENTENCE}")
    response = login(seed.liaison).get("/search/", {"q": WORD})
    page = response.content.decode()
    assert "共 3 条结果" in page and "请增加关键词缩小范围" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram indexes are PostgreSQL's")
@pytest.mark.parametrize(
    ("model", "columns", "index"),
    [
        (Problem, ("title", "description"), "search_problem_text"),
        (Measure, ("content",), "search_measure_text"),
        (ProgressEntry, ("text",), "search_progress_text"),
        (Evidence, ("original_name",), "search_evidence_name"),
    ],
)
def test_postgresql_can_find_the_words_through_the_bigram_indexes(seed, model, columns, index):
    """The SQL the search writes is the indexes' expression, so the planner can use them. On tables
    this small it would rather scan, so scans are switched off to ask whether it could, and the
    problem table's partial unique index (which covers every live row) is dropped for the test's
    transaction."""
    rows = model.objects.all() if model is Evidence else model.objects.live()
    qs = rows.filter(TextHolds(*columns, word=WORD), TextHolds(*columns, word="清单")).order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("DROP INDEX problem_unique_number_in_inspection")
        plan = qs.explain()
    assert f"Bitmap Index Scan on {index}" in plan, plan


def test_a_frequent_word_is_found_the_same_without_the_index(seed):
    """PostgreSQL looks for a two-character word most rows hold without the bigram index (its
    statistics say which); the rows are the same either way."""
    from zhenggai.search.selectors import _frequent_kinds

    for i in range(30):
        _progress(seed, f"第{i}次{SENTENCE}")
    query = query_parse(WORD)
    indexed = set(
        ProgressEntry.objects.live().filter(TextHolds("text", word=WORD)).values_list("pk", flat=True)
    )
    walked = set(
        ProgressEntry.objects.live()
        .filter(TextHolds("text", word=WORD, indexed=False))
        .values_list("pk", flat=True)
    )
    assert len(indexed) == 30 and walked == indexed
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE ledger_progressentry")
        assert "progress" in _frequent_kinds(query)
        assert set(_frequent_kinds(query_parse(f"{WORD}核实"))) == {"progress"}  # every piece is frequent
        assert 0.01 <= _frequent_kinds(query)["progress"] <= 1
        assert _frequent_kinds(query_parse("没有这个词")) == {}
        assert len([k for k in _keys(seed.liaison, WORD) if k.kind == "progress"]) == 30
        assert len([k for k in _keys(seed.xunchaban, WORD) if k.kind == "progress"]) == 30  # walked
    else:
        assert _frequent_kinds(query) == {}


@pytest.mark.parametrize("share", [1.0, 0.3, 0.01, 0.0001])
@pytest.mark.parametrize("limit", [1, 4, 50])
def test_the_walk_of_a_frequent_word_finds_the_newest_rows_as_one_query_would(seed, share, limit):
    """Whatever the share it is sized for (a window too small grows; the last one is open-ended),
    the walk returns exactly the newest ``limit + 1`` matching rows, newest first."""
    from zhenggai.ledger.permissions import visible_progress
    from zhenggai.search.selectors import _newest_walked

    for i in range(40):
        _progress(seed, f"第{i}次{SENTENCE}" if i % 3 else f"第{i}次其他内容")
    matching = visible_progress(seed.xunchaban).filter(TextHolds("text", word=WORD, indexed=False))
    fields = ["pk", "measure_id"]
    expected = list(matching.order_by("-pk").values_list(*fields)[: limit + 1])
    assert _newest_walked(matching, fields, limit=limit, share=share) == expected
    assert len(expected) == min(limit + 1, 26)


def test_visible_evidence_is_the_evidence_of_visible_progress(seed):
    """``visible_evidence`` spells the evidence of ``visible_progress`` as a join: the same rows for
    every persona, a deleted entry's files included in neither."""
    from django.contrib.auth import get_user_model

    from zhenggai.ledger.permissions import visible_evidence, visible_progress

    upload = SimpleUploadedFile("清单.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    problem = problem_create(inspection=seed.inspection, title="问题")
    measure = measure_create(problem=problem, content="措施", kind="long_term")
    progress_delete(
        entry=_progress(seed, "将删除的进展", measure=measure, files=[upload]), actor=seed.liaison
    )
    for user in get_user_model().objects.all():
        expected = set(Evidence.objects.filter(entry__in=visible_progress(user)).values_list("pk", flat=True))
        assert set(visible_evidence(user).values_list("pk", flat=True)) == expected, user.username
    assert visible_evidence(seed.liaison).exists() and not visible_evidence(seed.outsider).exists()
