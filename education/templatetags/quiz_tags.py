from django import template
from django.utils import timezone

from education.models import QuizPage
from jindu.pagecache import remember
from jindu.pagequeries import public

register = template.Library()


@register.inclusion_tag("education/includes/quiz_cards.html", takes_context=True)
def open_public_quizzes(context, limit=3):
    """Cards for the awareness quizzes anyone may take now, newest first, for the home page."""
    now = timezone.now()
    quizzes = [quiz for quiz in remember("public-quizzes", _public_quizzes) if quiz.is_open(now)][:limit]
    return {"request": context.get("request"), "quizzes": quizzes}


def _public_quizzes():
    """Every live public quiz with its questions counted, kept until the next content change; the clock picks the open ones."""
    return list(
        public(QuizPage.objects.live())
        .for_public()
        .prefetch_related("fixed_questions", "draw_rules")
        .order_by("-first_published_at", "-pk")
    )
