import pytest
from playwright.sync_api import expect

from education.factories import QuestionFactory, QuizPageFactory
from education.models import QuestionKind, Result
from tests.conftest import make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def public_quiz():
    home, _index = make_site_tree()
    questions = [
        QuestionFactory(
            stem="“冰毒”的化学名称是什么？", options=[("甲基苯丙胺", True), ("氯胺酮", False), ("吗啡", False)]
        ),
        QuestionFactory(
            stem="下列哪些属于毒品？",
            kind=QuestionKind.MULTIPLE,
            options=[("海洛因", True), ("大麻", True), ("绿茶", False)],
        ),
        QuestionFactory(
            stem="吸毒一次不会上瘾。", kind=QuestionKind.TRUE_FALSE, options=[("正确", False), ("错误", True)]
        ),
    ]
    return QuizPageFactory(
        parent=home, title="禁毒知识有奖问答", slug="quiz", questions=questions, time_limit_minutes=10
    )


def test_phone_with_javascript_steps_through_one_question_at_a_time_to_the_result(live_server, phone, public_quiz):
    phone.goto(live_server.url + public_quiz.url)
    phone.get_by_role("button", name="开始答题").click()

    expect(phone.get_by_text("第 1 题，共 3 题")).to_be_visible()
    expect(phone.get_by_role("timer")).to_contain_text("剩余时间")
    expect(phone.get_by_text("下列哪些属于毒品？")).to_be_hidden()
    expect(phone.get_by_role("button", name="交卷")).to_be_hidden()
    phone.get_by_label("甲基苯丙胺").check()
    phone.get_by_role("button", name="下一题").click()
    expect(phone.get_by_text("第 2 题，共 3 题")).to_be_visible()
    phone.get_by_label("海洛因").check()
    phone.get_by_label("大麻").check()
    phone.get_by_role("button", name="下一题").click()
    phone.get_by_label("错误").check()
    phone.get_by_role("button", name="交卷").click()

    expect(phone.get_by_role("heading", name="得分：100")).to_be_visible()
    expect(phone.get_by_text("共 3 题，答对 3 题。")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert Result.objects.get().score == 100


def test_answers_are_saved_as_they_are_given(live_server, phone, public_quiz):
    phone.goto(live_server.url + public_quiz.url)
    phone.get_by_role("button", name="开始答题").click()
    with phone.expect_response(lambda response: response.url.endswith("/save/")) as saved:
        phone.get_by_label("甲基苯丙胺").check()
    assert saved.value.status == 200
    phone.reload()
    expect(phone.get_by_label("甲基苯丙胺")).to_be_checked()


def test_phone_without_javascript_submits_the_plain_form_to_the_result(live_server, chromium_browser, public_quiz):
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + public_quiz.url)
    page.get_by_role("button", name="开始答题").click()

    expect(page.get_by_text("下列哪些属于毒品？")).to_be_visible()
    page.get_by_label("甲基苯丙胺").check()
    page.get_by_label("海洛因").check()
    page.get_by_role("radio", name="A. 正确").check()
    page.get_by_role("button", name="交卷").click()

    expect(page.get_by_role("heading", name="得分：33")).to_be_visible()
    expect(page.get_by_text("未及格")).to_be_visible()
    expect(page.get_by_text("冰毒是甲基苯丙胺。").first).to_be_visible()
    assert Result.objects.get().correct_count == 1
    context.close()
