"""Signals other apps listen to; the media app imports none of them."""

from django.dispatch import Signal

# Sent once, when watch tracking first credits `media` as watched by `user`.
media_watched = Signal()
