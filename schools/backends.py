"""Students sign in through `django.contrib.auth.authenticate()` too, so that sign-in throttling sees them."""

from schools.accounts import authenticate_student


class StudentBackend:
    """Authenticates `school_code`, `number` and `password`; the user found carries `.student`.

    Sessions are still kept with `jindu.auth.ModelBackend` (see `jindu.accounts`), which loads the user of
    each later request.
    """

    def authenticate(self, request, school_code=None, number=None, password=None, **kwargs):
        if school_code is None or number is None or password is None:
            return None
        student = authenticate_student(school_code, number, password)
        if student is None:
            return None
        user = student.user
        user.student = student
        return user

    def get_user(self, user_id):
        return None
