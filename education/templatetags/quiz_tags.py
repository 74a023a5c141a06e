from django import template

from education.models import QuizPage
from jindu.pagequeries import public

register = template.Library()


@register.inclusion_tag("education/includes/quiz_cards.html", takes_context=True)
def open_public_quizzes(context, limit=3):
    """Cards for the awareness quizzes anyone may take now, newest first, for the home page."""
    quizzes = (
        public(QuizPage.objects.live())
        .for_public()
        .open_at()
        .prefetch_related("fixed_questions", "draw_rules")
        .order_by("-first_published_at", "-pk")[:limit]
    )
    return {"request": context.get("request"), "quizzes": quizzes}
