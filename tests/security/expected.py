"""Who may open what, as the access matrix states it: an entry's type and the role sets entries name."""

from dataclasses import dataclass, field

from tests.security.world import ROLES


@dataclass(frozen=True)
class E:
    """Who succeeds; `path` for patterns that cannot be reversed; `error` roles get Wagtail's deliberate 500.

    `queries` are query strings each URL is also opened with (searches must neither fail nor widen the scope).
    """

    ok: frozenset
    path: object = None
    kwargs: dict = field(default_factory=dict)
    public_names: object = None
    error: frozenset = frozenset()
    queries: tuple = ("",)
    reason: str = ""

    def __post_init__(self):
        object.__setattr__(self, "ok", frozenset(self.ok))
        unknown = self.ok - set(ROLES)
        assert not unknown, unknown


EVERYONE = frozenset(ROLES)
NOBODY = frozenset()
SUPERUSER = frozenset({"superuser"})
EDITORS = frozenset({"editor", "superuser"})
OFFICE_A = frozenset({"office", "superuser"})
OFFICES = frozenset({"office", "other_office", "superuser"})
ADMIN_USERS = OFFICES | {"editor"}
# GET answers 405 (or the sign-in) for everyone; the POST side is probed in test_out_of_scope_posts_*.
POST_ONLY = E(NOBODY, reason="POST only: a GET answers 405, or the sign-in for those without access")
SCHOOL_ADMINS = frozenset({"school_admin", "other_school_admin", "neighbour_school_admin"})
BUREAUS = frozenset({"bureau", "other_bureau"})
TEACHERS = frozenset({"teacher", "other_teacher", "colleague_teacher"})
