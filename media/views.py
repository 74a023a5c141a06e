"""Thin views: the heartbeat endpoint, subtitle files and counted material downloads."""

import json
import mimetypes

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtailmedia.models import get_media_model

from jindu.numbers import parse_id
from jindu.spreadsheets import download_response
from media import tracking
from media.models import PublicityMaterial, SubtitleTrack

MAX_HEARTBEAT_BODY = 1024


def bad_request(message):
    return JsonResponse({"error": str(message)}, status=400)


def heartbeat_payload(request):
    """The (media id, position) a heartbeat carries, as JSON or as form fields."""
    if request.content_type == "application/json":
        if len(request.body) > MAX_HEARTBEAT_BODY:
            raise ValueError
        data = json.loads(request.body or b"{}")
        if not isinstance(data, dict):
            raise ValueError
    else:
        data = request.POST
    return data.get("media"), data.get("position")


@require_POST
def heartbeat(request):
    """Record where a signed-in viewer is in a video; CSRF is checked by the middleware."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in to record your viewing.")}, status=403)
    try:
        media_id, position = heartbeat_payload(request)
    except ValueError:
        media_id = None
    media_id = parse_id(media_id)
    if media_id is None:
        return bad_request(_("A heartbeat needs a media item number and a position in seconds."))
    media_item = get_media_model().objects.filter(pk=media_id).first()
    if media_item is None:
        return bad_request(_("There is no such media item."))
    try:
        progress = tracking.record_heartbeat(request.user, media_item, position)
    except tracking.InvalidHeartbeat as error:
        return bad_request(error.message)
    return JsonResponse(
        {
            "credited_seconds": round(progress.credited_seconds, 1),
            "furthest_position": round(progress.furthest_position, 1),
            "duration": media_item.duration,
            "watched": progress.watched,
        }
    )


@require_GET
def subtitles(request, pk, version):
    """A subtitle track as text/vtt; the version in the URL lets browsers cache it for long."""
    track = get_object_or_404(SubtitleTrack, pk=pk)
    response = HttpResponse(track.content, content_type="text/vtt; charset=utf-8")
    patch_cache_control(response, public=True, max_age=60 * 60 * 24 * 30)
    return response


@require_GET
def material_download(request, pk):
    """Count a download of a publicity material and send the file as an attachment."""
    material = get_object_or_404(PublicityMaterial.objects.published().select_related("document", "image"), pk=pk)
    if material.document_id and material.document.collection.get_view_restrictions().exists():
        # Wagtail's document view enforces the collection's privacy.
        return HttpResponseRedirect(material.document.url)
    material.record_download()
    file = material.file
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    response = download_response(file.open("rb"), material.download_filename, content_type, private=False)
    patch_cache_control(response, private=True, no_cache=True)
    return response
