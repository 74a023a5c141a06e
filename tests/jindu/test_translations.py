"""Every app's catalogue is merged into one at run time, so one English message must mean one thing."""

import gettext
from pathlib import Path

from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR).glob("*/locale/zh_Hans/LC_MESSAGES/django.mo"))


def test_every_app_ships_a_compiled_chinese_catalogue():
    apps = {path.parts[-5] for path in CATALOGUES}
    assert {"site", "education", "schools", "events", "campaigns", "media"} <= apps


def test_no_two_apps_translate_the_same_message_differently():
    seen = {}
    clashes = []
    for path in CATALOGUES:
        with path.open("rb") as file:
            catalogue = gettext.GNUTranslations(file)._catalog
        for msgid, translation in catalogue.items():
            if not msgid or not isinstance(msgid, str):
                continue
            if msgid in seen and seen[msgid][1] != translation:
                clashes.append(f"{msgid!r}: {seen[msgid][0]} says {seen[msgid][1]!r}, {path.parts[-5]} {translation!r}")
            seen.setdefault(msgid, (path.parts[-5], translation))
    assert not clashes, "use pgettext with a context for these:\n" + "\n".join(clashes)
