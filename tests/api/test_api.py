"""The API v2 a WeChat mini-program is built on: pages, search, the public quiz, students' own endpoints."""

import json

import pytest

from education.models import Attempt, Result

# The API world is shared by the module's tests, so the search test finds its articles only if they were indexed
# as they were saved: the whole module keeps the search index up to date.
pytestmark = [pytest.mark.django_db, pytest.mark.search_index]


def post_json(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def test_index_lists_every_endpoint_at_the_public_address(client, api_world):
    links = client.get("/api/v2/").json()["endpoints"]
    for name in ("articles", "videos", "events", "showings", "courses", "lessons", "quizzes", "pages", "openapi"):
        assert links[name].startswith("http://testserver/api/v2/")


def test_articles_list_and_detail_with_absolute_html_url(client, api_world):
    data = client.get("/api/v2/articles/").json()
    assert {item["title"] for item in data["items"]} == {"冰毒的危害", "禁毒法解读"}
    detail = client.get(f"/api/v2/articles/{api_world.article.pk}/").json()
    assert detail["summary"] == "认识冰毒，远离毒品。"
    assert detail["meta"]["html_url"].startswith("http://testserver/")
    assert "珍爱生命" in detail["body_html"]


def test_search_finds_chinese_words_inside_sentences_like_the_site(client, api_world):
    ids = [item["id"] for item in client.get("/api/v2/articles/", {"search": "冰毒"}).json()["items"]]
    assert ids == [api_world.article.pk]
    site_page = client.get("/search/", {"q": "冰毒"}).content.decode()
    api_titles = [item["title"] for item in client.get("/api/v2/pages/", {"search": "冰毒"}).json()["items"]]
    assert api_titles and all(title in site_page for title in api_titles)


def test_too_long_or_empty_search_is_a_400_with_a_chinese_message(client, api_world):
    response = client.get("/api/v2/articles/", {"search": "毒" * 101})
    assert response.status_code == 400
    assert "最多" in response.json()["message"] or "100" in response.json()["message"]
    assert client.get("/api/v2/pages/", {"search": " "}).status_code == 400


def test_courses_and_lessons_carry_their_lessons_and_course(client, api_world):
    world = api_world.world
    course = client.get(f"/api/v2/courses/{world.course7.pk}/").json()
    assert [lesson["title"] for lesson in course["lessons"]] == ["认识毒品", "学会拒绝"]
    lesson = client.get(f"/api/v2/lessons/{world.l1.pk}/").json()
    assert lesson["course"] == {"id": world.course7.pk, "title": "七年级禁毒课"}
    assert lesson["class_hours"] == "1.0"


def test_unknown_or_huge_ids_are_404_not_500(client, api_world):
    assert client.get("/api/v2/articles/99999999999999999999/").status_code == 404
    assert client.get("/api/v2/lessons/0/").status_code == 404
    assert client.get("/api/v2/articles/", {"offset": "-1"}).status_code == 400


def test_quiz_start_returns_a_paper_without_any_answer_key(client, api_world):
    response = client.post(f"/api/v2/quiz/{api_world.quiz.pk}/start/")
    assert response.status_code == 201
    paper = response.json()
    assert len(paper["questions"]) == 3
    assert "correct" not in response.content.decode()
    attempt = Attempt.objects.get(token=paper["token"])
    assert attempt.user_id is None
    # No option id of the database and no flag of correctness anywhere in the paper.
    for question in paper["questions"]:
        assert set(question) == {"name", "number", "stem", "kind", "multiple", "options"}
        assert all(set(option) == {"value", "text"} for option in question["options"])
    assert "sessionid" not in response.cookies


def right_letters(attempt):
    return {
        f"q{position + 1}": ["ABCDEFG"[item["options"].index(pk)] for pk in item["correct"]]
        for position, item in enumerate(attempt.paper)
    }


def test_quiz_submit_is_graded_on_the_server_once(client, api_world):
    paper = client.post(f"/api/v2/quiz/{api_world.quiz.pk}/start/").json()
    answers = right_letters(Attempt.objects.get(token=paper["token"]))
    answers["q3"] = ["A"] if answers["q3"] != ["A"] else ["B"]
    response = post_json(client, f"/api/v2/quiz/attempts/{paper['token']}/submit/", {"answers": answers})
    assert response.status_code == 200
    result = response.json()
    assert (result["correct_count"], result["question_count"], result["score"], result["passed"]) == (2, 3, 67, True)
    assert 'correct": [' not in response.content.decode()
    assert Result.objects.filter(attempt__token=paper["token"]).count() == 1
    again = post_json(client, f"/api/v2/quiz/attempts/{paper['token']}/submit/", {"answers": answers})
    assert again.status_code == 409
    assert client.get(f"/api/v2/quiz/attempts/{paper['token']}/").json()["score"] == 67


def test_quiz_bad_answers_get_a_clear_400(client, api_world):
    paper = client.post(f"/api/v2/quiz/{api_world.quiz.pk}/start/").json()
    url = f"/api/v2/quiz/attempts/{paper['token']}/submit/"
    assert post_json(client, url, {"answers": {"q9": ["A"]}}).status_code == 400
    assert post_json(client, url, {"answers": [1, 2]}).status_code == 400
    assert client.post(url, "{not json", content_type="application/json").status_code == 400
    assert post_json(client, "/api/v2/quiz/attempts/nope/submit/", {}).status_code == 404


def test_quiz_over_the_api_shares_the_sites_address_limit(client, api_world, settings):
    settings.EDUCATION_ANONYMOUS_ACTIONS_PER_IP = 2
    url = f"/api/v2/quiz/{api_world.quiz.pk}/start/"
    assert client.post(url).status_code == 201
    assert client.post(url).status_code == 201
    refused = client.post(url)
    assert refused.status_code == 429
    assert "稍后" in refused.json()["message"] or "小时" in refused.json()["message"]


def test_student_quiz_is_refused_without_a_student(client, api_world):
    api_world.quiz.audience = "students"
    api_world.quiz.save()
    assert client.post(f"/api/v2/quiz/{api_world.quiz.pk}/start/").status_code == 403


def token_for(client, code, number, password="first-pass-1234"):
    response = post_json(client, "/api/v2/auth/token/", {"school_code": code, "number": number, "password": password})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_student_endpoints_require_a_token(client, api_world):
    for url in ("/api/v2/me/", "/api/v2/me/courses/", "/api/v2/me/progress/"):
        response = client.get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert client.get(url, HTTP_AUTHORIZATION="Bearer forged.token").status_code == 401


def test_student_sees_only_their_own_courses_and_progress(client, api_world):
    world = api_world.world
    token = token_for(client, "S1", "702")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v2/me/", **auth).json()["name"] == "白小白"
    courses = client.get("/api/v2/me/courses/", **auth).json()["items"]
    assert [course["title"] for course in courses] == ["七年级禁毒课"]
    assert (courses[0]["done"], courses[0]["total"]) == (1, 2)
    progress = client.get("/api/v2/me/progress/", **auth)
    rows = progress.json()["items"]
    assert {row["lesson"]: row["complete"] for row in rows} == {world.l1.pk: True, world.l2.pk: False}
    assert progress.json()["class_hours"] == "1.0"
    body = progress.content.decode() + client.get("/api/v2/me/courses/", **auth).content.decode()
    for other in ("安小安", "邓小邓", "法律常识"):
        assert other not in body


def test_token_is_revoked_by_a_password_change(client, api_world):
    student = api_world.world.b
    token = token_for(client, "S1", "702")
    student.user.set_password("a-new-password-99")
    student.user.save()
    assert client.get("/api/v2/me/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_token_sign_in_is_throttled_like_the_sign_in_page(client, api_world, settings):
    url = "/api/v2/auth/token/"
    for _try in range(settings.AXES_FAILURE_LIMIT):
        wrong = post_json(client, url, {"school_code": "S1", "number": "702", "password": "wrong"})
        assert wrong.status_code in (400, 429)
    locked = post_json(client, url, {"school_code": "S1", "number": "702", "password": "first-pass-1234"})
    assert locked.status_code == 429


def test_student_with_a_one_time_password_must_change_it_first(client, api_world):
    response = post_json(
        client, "/api/v2/auth/token/", {"school_code": "S1", "number": "703", "password": "first-pass-1234"}
    )
    assert response.status_code == 403


def test_openapi_description_is_served(client, api_world):
    document = client.get("/api/v2/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/api/v2/quiz/{id}/start/" in document["paths"]
    assert document["servers"] == [{"url": "http://testserver"}]


def test_videos_give_file_size_length_poster_and_subtitles_at_the_public_address(client, api_world):
    from media.factories import MediaIndexPageFactory, SubtitleTrackFactory, VideoPageFactory

    index = MediaIndexPageFactory(parent=api_world.home, slug="videos")
    video = VideoPageFactory(parent=index, title="拒绝第一口", slug="refuse")
    SubtitleTrackFactory(media=video.media)
    item = client.get("/api/v2/videos/").json()["items"][0]
    media = item["media"]
    assert media["url"].startswith("http://testserver/") and media["url"].endswith(".mp4")
    assert media["file_size"] == video.media.file.size > 0
    assert media["duration"] == 100
    assert media["subtitles"][0]["url"].startswith("http://testserver/")
    assert client.get(media["subtitles"][0]["url"]).status_code == 200
    assert item["poster"]["url"].startswith("http://testserver/")
    detail = client.get(f"/api/v2/videos/{video.pk}/").json()
    assert detail["transcript"] == "珍爱生命，远离毒品。"


def test_every_endpoint_answers_all_fields_without_an_answer_key(client, api_world):
    for name in ("articles", "videos", "events", "showings", "courses", "lessons", "quizzes", "pages"):
        response = client.get(f"/api/v2/{name}/", {"fields": "*"} if name != "pages" else {})
        assert response.status_code == 200, (name, response.content[:300])
        assert '"correct"' not in response.content.decode()
    quiz = client.get(f"/api/v2/quizzes/{api_world.quiz.pk}/").json()
    assert quiz["pass_mark"] == 60 and isinstance(quiz["ask_region"], bool)


def test_quiz_that_asks_for_the_town_lists_towns_and_takes_one(client, api_world):
    world = api_world.world
    api_world.quiz.ask_region = True
    api_world.quiz.save()
    groups = client.get(f"/api/v2/quizzes/{api_world.quiz.pk}/").json()["towns"]
    assert {town["name"] for group in groups for town in group["towns"]} >= {"临桂镇", "五通镇"}
    url = f"/api/v2/quiz/{api_world.quiz.pk}/start/"
    paper = post_json(client, url, {"region": world.town_a.pk}).json()
    assert Attempt.objects.get(token=paper["token"]).region == world.town_a
    refused = post_json(client, url, {"region": world.district.pk})
    assert refused.status_code == 400
    assert "乡镇" in refused.json()["message"] or "镇" in refused.json()["message"]


def test_a_json_nul_is_refused_with_a_400_not_a_database_error(client, api_world):
    """Found by schemathesis on PostgreSQL: "\\u0000" in a JSON field reached the database (DataError, a 500)."""
    for body in (
        {"school_code": "S1\u0000", "number": "701", "password": "x"},
        {"school_code": "S1", "number": "701", "password": "x", "note": ["\u0000"]},
        {"school_code\u0000": "S1", "number": "701", "password": "x"},
    ):
        response = client.post("/api/v2/auth/token/", json.dumps(body), content_type="application/json")
        assert response.status_code == 400, body
