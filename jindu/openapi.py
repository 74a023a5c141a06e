"""The OpenAPI 3 description of /api/v2/, written by hand: small, and it says what a mini-program may rely on."""

from jindu.public_address import root_url

PAGE_ENDPOINTS = {
    "articles": "Articles (宣传文章), newest first.",
    "videos": "Videos and audio: file address, bytes, seconds, poster, subtitle tracks, transcript.",
    "events": "Performances and outreach events.",
    "courses": "Courses for students, each with its lessons.",
    "lessons": "Lessons: video, text and quiz.",
    "quizzes": "Public awareness quizzes.",
    "pages": "Every live public page; with search= the same results as the site's search.",
}

LISTING_PARAMETERS = [
    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 20}},
    {"name": "fields", "in": "query", "schema": {"type": "string"}},
    {"name": "search", "in": "query", "schema": {"type": "string", "maxLength": 100}},
    {"name": "order", "in": "query", "schema": {"type": "string"}},
]
SHOWING_PARAMETERS = [
    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 20}},
    {"name": "past", "in": "query", "schema": {"type": "string", "enum": ["1", "true"]}},
    {"name": "event", "in": "query", "schema": {"type": "integer"}},
    {"name": "town", "in": "query", "schema": {"type": "string"}},
    {"name": "dialect", "in": "query", "schema": {"type": "integer"}},
    {"name": "art_form", "in": "query", "schema": {"type": "integer"}},
    {"name": "kind", "in": "query", "schema": {"type": "string"}},
    {"name": "month", "in": "query", "schema": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}},
]
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
TOKEN = {"name": "token", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 40}}


def _answer(description, schema):
    """A JSON response of `schema`, or of the component schema so named."""
    schema = {"$ref": f"#/components/schemas/{schema}"} if isinstance(schema, str) else schema
    return {"description": description, "content": {"application/json": {"schema": schema}}}


MESSAGE = _answer("Refused, with a message", "Message")
LISTING = _answer("A page of items", "Listing")
ITEM = _answer("One item", {"type": "object"})
PAPER = _answer("The paper", "Paper")
RESULT = _answer("The result", "Result")
STUDENT_SECURITY = [{"studentToken": []}]


def _listing_and_detail(name, summary, parameters):
    return {
        f"/api/v2/{name}/": {
            "get": {
                "summary": summary,
                "operationId": f"{name}_listing",
                "parameters": parameters,
                "responses": {"200": LISTING, "400": MESSAGE},
            }
        },
        f"/api/v2/{name}/{{id}}/": {
            "get": {
                "summary": summary,
                "operationId": f"{name}_detail",
                "parameters": [ID, {"name": "fields", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": ITEM, "400": MESSAGE, "404": MESSAGE},
            }
        },
    }


def _json_body(schema):
    return {"required": True, "content": {"application/json": {"schema": schema}}}


ANSWERS = {
    "type": "object",
    "properties": {
        "answers": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
    },
    "example": {"answers": {"q1": ["A"], "q2": ["A", "C"]}},
}


def _contest_paths():
    """A student's contest or exam: the same window, stage and attempt limit as the site; graded on the server."""
    return {
        "/api/v2/contests/{id}/start/": {
            "post": {
                "summary": "Start (or resume) a contest for the student's stage: the paper without any answer key.",
                "operationId": "contest_start",
                "security": STUDENT_SECURITY,
                "parameters": [ID],
                "responses": {"201": PAPER, "401": MESSAGE, "403": MESSAGE, "404": MESSAGE},
            }
        },
        "/api/v2/contests/attempts/{token}/": {
            "get": {
                "summary": "The paper of the student's open attempt, or its result and certificate.",
                "operationId": "contest_attempt",
                "security": STUDENT_SECURITY,
                "parameters": [TOKEN],
                "responses": {"200": ITEM, "401": MESSAGE, "404": MESSAGE},
            }
        },
        "/api/v2/contests/attempts/{token}/submit/": {
            "post": {
                "summary": "Submit the student's answers; the result and, when passed, the certificate links.",
                "operationId": "contest_submit",
                "security": STUDENT_SECURITY,
                "parameters": [TOKEN],
                "requestBody": _json_body(ANSWERS),
                "responses": {"200": RESULT, "400": MESSAGE, "401": MESSAGE, "404": MESSAGE, "409": MESSAGE},
            }
        },
    }


def openapi_document(request=None):
    paths = {
        "/api/v2/": {"get": {"summary": "The index of endpoints", "operationId": "index", "responses": {"200": ITEM}}}
    }
    for name, summary in PAGE_ENDPOINTS.items():
        paths |= _listing_and_detail(name, summary, LISTING_PARAMETERS)
    paths |= _listing_and_detail("showings", "Showings: one performance at one place and time.", SHOWING_PARAMETERS)
    paths |= {
        "/api/v2/quiz/{id}/start/": {
            "post": {
                "summary": "Start a public quiz: the paper without any answer key, and the attempt token.",
                "operationId": "quiz_start",
                "parameters": [ID],
                "requestBody": {
                    "required": False,
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "properties": {"region": {"type": "integer"}}}
                        }
                    },
                },
                "responses": {
                    "201": PAPER,
                    "400": MESSAGE,
                    "403": MESSAGE,
                    "404": MESSAGE,
                    "429": MESSAGE,
                },
            }
        },
        "/api/v2/quiz/attempts/{token}/": {
            "get": {
                "summary": "The paper of an open attempt, or the result of a submitted one.",
                "operationId": "quiz_attempt",
                "parameters": [TOKEN],
                "responses": {"200": ITEM, "404": MESSAGE},
            }
        },
        "/api/v2/quiz/attempts/{token}/submit/": {
            "post": {
                "summary": "Submit answers (letters per question name); graded on the server.",
                "operationId": "quiz_submit",
                "parameters": [TOKEN],
                "requestBody": _json_body(ANSWERS),
                "responses": {
                    "200": RESULT,
                    "400": MESSAGE,
                    "404": MESSAGE,
                    "409": MESSAGE,
                    "429": MESSAGE,
                },
            }
        },
        "/api/v2/auth/token/": {
            "post": {
                "summary": "A student's token from school code, student number and password (throttled).",
                "operationId": "student_token",
                "requestBody": _json_body(
                    {
                        "type": "object",
                        "required": ["school_code", "number", "password"],
                        "properties": {
                            "school_code": {"type": "string"},
                            "number": {"type": "string"},
                            "password": {"type": "string"},
                        },
                    }
                ),
                "responses": {
                    "200": ITEM,
                    "400": MESSAGE,
                    "403": MESSAGE,
                    "429": MESSAGE,
                },
            }
        },
    }
    paths |= _contest_paths()
    for name, summary in [
        ("me", "The signed-in student"),
        ("me/courses", "The student's courses with lesson completion"),
        ("me/progress", "The student's lesson progress and class hours"),
        ("me/contests", "The contests open now for the student's stage, with attempts left and best score"),
    ]:
        paths[f"/api/v2/{name}/"] = {
            "get": {
                "summary": summary,
                "operationId": name.replace("/", "_"),
                "security": STUDENT_SECURITY,
                "responses": {"200": ITEM, "401": MESSAGE},
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Jindu API",
            "version": "2",
            "description": (
                "Public content, the awareness quiz, and students' own courses and contests, for a WeChat mini-program."
            ),
        },
        "servers": [{"url": root_url(request)}],
        "paths": paths,
        "components": {
            "securitySchemes": {"studentToken": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Message": {"type": "object", "properties": {"message": {"type": "string"}}},
                "Listing": {
                    "type": "object",
                    "required": ["meta", "items"],
                    "properties": {
                        "meta": {"type": "object", "properties": {"total_count": {"type": "integer"}}},
                        "items": {"type": "array", "items": {"type": "object"}},
                    },
                },
                "Paper": {
                    "type": "object",
                    "required": ["token", "questions"],
                    "properties": {
                        "token": {"type": "string"},
                        "deadline": {"type": "string", "nullable": True},
                        "remaining_seconds": {"type": "integer", "nullable": True},
                        "questions": {"type": "array", "items": {"type": "object"}},
                        "submit_url": {"type": "string"},
                    },
                },
                "Result": {
                    "type": "object",
                    "properties": {
                        "score": {"type": "integer"},
                        "correct_count": {"type": "integer"},
                        "question_count": {"type": "integer"},
                        "passed": {"type": "boolean"},
                        "timed_out": {"type": "boolean"},
                    },
                },
            },
        },
    }
