"""A reader finds the awareness quiz on the home page and takes it on a phone, with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from education.factories import QuestionFactory, QuizPageFactory
from education.models import QuestionKind, Result
from tests.browser.conftest import PHONE, shot
from tests.conftest import make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# (stem, options with the right ones marked, the option a reader picks)
QUESTIONS = [
    ("“冰毒”的化学名称是什么？", [("甲基苯丙胺", True), ("可卡因", False), ("吗啡", False)], "甲基苯丙胺"),
    ("吸毒一次不会上瘾。", [("正确", False), ("错误", True)], "错误"),
    ("“K粉”的主要成分是？", [("氯胺酮", True), ("咖啡因", False), ("尼古丁", False)], "氯胺酮"),
    ("发现涉毒线索应该怎么做？", [("向公安机关举报", True), ("假装没看见", False)], "向公安机关举报"),
]


@pytest.fixture
def awareness_quiz():
    home, _index = make_site_tree()
    questions = [
        QuestionFactory(
            stem=stem,
            kind=QuestionKind.TRUE_FALSE if len(options) == 2 and options[0][0] == "正确" else QuestionKind.SINGLE,
            options=options,
        )
        for stem, options, _pick in QUESTIONS
    ]
    return QuizPageFactory(
        parent=home,
        title="禁毒知识有奖问答",
        slug="awareness-quiz",
        intro="<p>四道题，一分钟。答题不需要登录。</p>",
        questions=questions,
        ask_region=False,
    )


def find_quiz_from_home(page, base_url):
    page.goto(base_url + "/")
    cards = page.get_by_role("region", name="禁毒知识答题")
    expect(cards.get_by_role("heading", name="禁毒知识有奖问答")).to_be_visible()
    shot(page, "reader-1-home")
    cards.get_by_role("link", name="参加答题").click()
    expect(page.get_by_role("heading", level=1, name="禁毒知识有奖问答")).to_be_visible()
    page.get_by_role("button", name="开始答题").click()


def focused_text(page):
    return page.evaluate("document.activeElement.tagName + ' ' + document.activeElement.textContent")


def test_reader_steps_to_the_end_and_back_keeping_answers_then_submits(live_server, phone, awareness_quiz):
    find_quiz_from_home(phone, live_server.url)
    previous = phone.get_by_role("button", name="上一题")
    next_ = phone.get_by_role("button", name="下一题")
    submit = phone.get_by_role("button", name="交卷")
    total = len(QUESTIONS)

    for number, (stem, _options, pick) in enumerate(QUESTIONS, start=1):
        expect(phone.get_by_text(f"第 {number} 题，共 {total} 题")).to_be_visible()
        expect(phone.get_by_text(stem)).to_be_visible()
        if number == 1:
            expect(previous).to_be_hidden()
        else:
            expect(previous).to_be_visible()
        phone.get_by_label(pick).check()
        if number < total:
            expect(submit).to_be_hidden()
            next_.click()
            assert focused_text(phone).startswith(f"LEGEND {number + 1}.")

    expect(next_).to_be_hidden()
    expect(submit).to_be_visible()
    # Even a click the reader cannot make (on the hidden button) leaves a question and 交卷 on screen.
    phone.evaluate("document.querySelector('.quiz-paper__next').click()")
    expect(phone.get_by_text(f"第 {total} 题，共 {total} 题")).to_be_visible()
    expect(phone.get_by_text(QUESTIONS[-1][0])).to_be_visible()
    expect(submit).to_be_visible()
    shot(phone, "reader-2-last-question")

    for number in range(total - 1, 0, -1):
        previous.click()
        stem, _options, pick = QUESTIONS[number - 1]
        expect(phone.get_by_text(f"第 {number} 题，共 {total} 题")).to_be_visible()
        expect(phone.get_by_label(pick)).to_be_checked()
        assert focused_text(phone).startswith(f"LEGEND {number}. {stem}")
    expect(previous).to_be_hidden()
    phone.evaluate("document.querySelector('.quiz-paper__previous').click()")
    expect(phone.get_by_text(f"第 1 题，共 {total} 题")).to_be_visible()
    expect(phone.get_by_text(QUESTIONS[0][0])).to_be_visible()
    expect(next_).to_be_visible()
    expect(phone.get_by_text(QUESTIONS[1][0])).to_be_hidden()
    shot(phone, "reader-3-back-at-the-start")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    for _step in range(total - 1):
        next_.click()
    submit.click()

    expect(phone.get_by_role("heading", name="得分：100")).to_be_visible()
    expect(phone.get_by_text("及格", exact=True)).to_be_visible()
    shot(phone, "reader-4-result")
    assert Result.objects.get().correct_count == total


def test_reader_without_javascript_answers_the_plain_form_from_the_home_page(
    live_server, chromium_browser, awareness_quiz
):
    context = chromium_browser.new_context(viewport=PHONE, java_script_enabled=False, locale="en-US")
    page = context.new_page()
    find_quiz_from_home(page, live_server.url)

    for stem, _options, _pick in QUESTIONS:
        expect(page.get_by_text(stem)).to_be_visible()
    expect(page.get_by_role("button", name="下一题")).to_have_count(0)
    expect(page.get_by_role("button", name="上一题")).to_have_count(0)
    for _stem, _options, pick in QUESTIONS[:3]:
        page.get_by_label(pick).check()
    page.get_by_label("假装没看见").check()
    shot(page, "reader-5-plain-form")
    page.get_by_role("button", name="交卷").click()

    expect(page.get_by_role("heading", name="得分：75")).to_be_visible()
    expect(page.get_by_text("共 4 题，答对 3 题。")).to_be_visible()
    assert Result.objects.get().correct_count == 3
    context.close()
