from django import template

register = template.Library()


@register.filter
def clock(seconds):
    """Seconds as m:ss (or h:mm:ss), the way players show durations."""
    try:
        total = max(0, round(float(seconds)))
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Stream:
    """What the player offers for one video: its renditions (lowest first) and HLS playlist, once transcoded."""

    def __init__(self, renditions, hls_url):
        self.renditions = renditions
        self.hls_url = hls_url

    @property
    def lowest(self):
        return self.renditions[0] if self.renditions else None


@register.simple_tag
def video_stream(item):
    """The finished renditions of `item`, or an empty Stream (the player then plays the upload as before)."""
    from media.models import VideoRendition, VideoTranscode

    if item is None or item.type != "video":
        return Stream([], "")
    state = VideoTranscode.objects.filter(media=item, status=VideoTranscode.Status.DONE).first()
    if state is None:
        return Stream([], "")
    return Stream(list(VideoRendition.objects.filter(media=item).for_player()), state.hls_url)
