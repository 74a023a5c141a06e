from .certificates import certificate_view, quiz_poster, quiz_qr, verify_view
from .taking import attempt_view, result_view, save_view, start

__all__ = [
    "attempt_view",
    "certificate_view",
    "quiz_poster",
    "quiz_qr",
    "result_view",
    "save_view",
    "start",
    "verify_view",
]
