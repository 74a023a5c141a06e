"""What a lesson page shows the person on it: the video's credited share, the quiz, done or not, what comes next.

A lesson's quiz is taken with the ordinary quiz views (server-graded, CSRF-checked); the lesson page starts
it with a `lesson` field so that the result page can lead the student back to the lesson.
"""

from dataclasses import dataclass

from django.conf import settings

from education import contests, grading
from education.completion import catch_up
from education.models import LessonPage
from jindu.numbers import parse_id
from jindu.pagecache import remember
from schools.students import student_of

SESSION_LESSON_OF_QUIZ = "education_lesson_of_quiz"


@dataclass
class LessonState:
    """One person's view of one lesson; for anyone but a student the progress fields stay empty."""

    course: object = None
    tracks: tuple = ()
    student: object = None
    progress: object = None
    watch: object = None
    quiz: object = None
    question_total: int = 0
    best_result: object = None
    resume: object = None
    refusal: str = ""
    next_lesson: object = None

    @property
    def video_watched(self):
        return bool(self.progress and self.progress.video_watched)

    @property
    def quiz_passed(self):
        return bool(self.progress and self.progress.quiz_passed)

    @property
    def is_complete(self):
        return bool(self.progress and self.progress.is_complete)

    @property
    def watch_threshold(self):
        """The share of the video (in per cent) that must be credited, as media/tracking.py applies it."""
        return round(100 * settings.JINDU_WATCH_THRESHOLD)


def next_lesson(lesson):
    """The live lesson after `lesson` in its course, or None when it is the last."""
    return (
        LessonPage.objects.live()
        .sibling_of(lesson, inclusive=False)
        .filter(path__gt=lesson.path)
        .order_by("path")
        .first()
    )


def lesson_quiz(lesson):
    """The lesson's quiz if it is live and public, else None."""
    if not lesson.quiz_id:
        return None
    quiz = lesson.quiz
    return quiz if quiz.live and not quiz.get_view_restrictions().exists() else None


def lesson_facts(lesson):
    """What the lesson page shows every reader alike, kept until the next content change.

    The course, video, subtitles, quiz (with its question count) and next lesson change only when
    a page, a media item or a subtitle track is saved, and each of those starts a new generation.
    """

    def build():
        quiz = lesson_quiz(lesson)
        return {
            "course": lesson.get_parent(),
            "video": lesson.video if lesson.video_id else None,
            "tracks": tuple(lesson.subtitle_tracks()),
            "quiz": quiz,
            "question_total": quiz.question_total() if quiz else 0,
            "next_lesson": next_lesson(lesson),
        }

    return remember(f"lesson-facts:{lesson.pk}:{lesson.latest_revision_id}", build)


def lesson_state(lesson, user):
    """Everything the lesson page needs for `user`, in a fixed number of queries."""
    from media.tracking import progress_for

    facts = lesson_facts(lesson)
    if lesson.video_id:
        lesson.video = facts["video"]
    state = LessonState(**{name: value for name, value in facts.items() if name != "video"})
    state.student = student_of(user)
    if state.student is None:
        return state
    if lesson.video_id:
        state.watch = progress_for(user, [lesson.video_id]).get(lesson.video_id)
        if state.watch:
            state.watch.media = lesson.video
    state.progress = catch_up(user, lesson, watched=bool(state.watch and state.watch.watched))
    if state.quiz:
        state.best_result = contests.best_result_of(state.quiz, user)
        state.resume = contests.open_attempt(state.quiz, user)
        if not state.resume and not state.quiz_passed:
            try:
                contests.check_can_start(state.quiz, user)
            except grading.QuizError as refusal:
                state.refusal = refusal.message
    return state


def remember_lesson(request, quiz):
    """Note the lesson a quiz was started from (the `lesson` field the lesson page posts), for the way back."""
    lesson_id = parse_id(request.POST.get("lesson", ""))
    if lesson_id is None or not LessonPage.objects.live().filter(pk=lesson_id, quiz_id=quiz.pk).exists():
        return
    lessons = request.session.get(SESSION_LESSON_OF_QUIZ, {})
    lessons[str(quiz.pk)] = lesson_id
    request.session[SESSION_LESSON_OF_QUIZ] = lessons


def lesson_to_return_to(request, quiz):
    """The lesson a student's result leads back to: the one the quiz was started from, else the quiz's lesson."""
    if student_of(request.user) is None:
        return None
    lessons = LessonPage.objects.live().filter(quiz_id=quiz.pk)
    remembered = request.session.get(SESSION_LESSON_OF_QUIZ, {}).get(str(quiz.pk))
    if remembered:
        lesson = lessons.filter(pk=remembered).first()
        if lesson:
            return lesson
    return lessons.order_by("path").first()
