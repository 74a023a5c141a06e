LARGE_TEXT_COOKIE = "jindu_large_text"


def display_preferences(request):
    """Whether the reader turned on large-text mode (关怀模式)."""
    return {"large_text": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"}
