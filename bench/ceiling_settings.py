"""Settings for `bench/education_contest.py --ceiling`: production plus one trivial signed-in view."""

from jindu.settings.production import *  # noqa: F403

ROOT_URLCONF = "ceiling_urls"
