"""The media app's work for the task worker."""

from django_tasks import task


@task()
def transcode_video(media_id):
    """Renditions and the HLS playlist of one uploaded video (media/transcoding.py)."""
    from media import transcoding

    state = transcoding.transcode(media_id)
    return state.status if state else None
