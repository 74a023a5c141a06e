"""WebVTT validation: is an uploaded subtitle file something a browser's <track> will show?

`parse_webvtt(data)` takes the raw bytes and returns the cues as `Cue(start, end, text)`,
or raises `django.core.exceptions.ValidationError` whose message names the line and the
problem in the editor's language (wrong header, bad timestamp, cue ending before it starts,
not UTF-8, empty file). It follows the parts of the W3C WebVTT syntax that decide whether
a browser shows the cues; cue settings after the timings are passed through unchecked.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# hh:mm:ss.ttt with hours optional (and any number of digits), minutes and seconds 00-59.
TIMESTAMP = re.compile(r"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$")
TIMING_ARROW = "-->"


@dataclass(frozen=True)
class Cue:
    """One subtitle: shown from `start` to `end` seconds."""

    start: float
    end: float
    text: str


def parse_timestamp(value):
    """Seconds in a WebVTT timestamp, or None if it is not one."""
    match = TIMESTAMP.match(value)
    if not match:
        return None
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _error(message, line_number, **params):
    return ValidationError(message, code="invalid_webvtt", params={"line": line_number, **params})


def _decode(data):
    if not data.strip():
        raise ValidationError(_("The subtitle file is empty."), code="invalid_webvtt")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("The subtitle file is not UTF-8 text. Save it as UTF-8 and upload it again."), code="invalid_webvtt"
        ) from error
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _check_header(first_line):
    # "WEBVTT" alone or followed by a space or tab and any text.
    if first_line != "WEBVTT" and not (first_line.startswith("WEBVTT") and first_line[6:7] in (" ", "\t")):
        raise _error(
            _('Line %(line)s: a WebVTT file must start with the line "WEBVTT" (this is not a WebVTT file).'),
            1,
        )


def _parse_timing(line, line_number):
    start_text, _arrow, rest = line.partition(TIMING_ARROW)
    end_text = rest.strip().split()[0] if rest.strip() else ""
    start, end = parse_timestamp(start_text.strip()), parse_timestamp(end_text)
    if start is None or end is None:
        bad = start_text.strip() if start is None else end_text
        raise _error(
            _('Line %(line)s: "%(value)s" is not a valid timestamp; write it as 00:01:02.500 (or 01:02.500).'),
            line_number,
            value=bad or "-",
        )
    if end <= start:
        raise _error(_("Line %(line)s: the cue ends before it starts (or at the same moment)."), line_number)
    return start, end


def parse_webvtt(data):
    """The cues of a WebVTT file given as bytes; ValidationError if browsers would reject it."""
    lines = _decode(data)
    _check_header(lines[0])
    cues = []
    index = 1
    # The header block runs to the first blank line.
    while index < len(lines) and lines[index].strip():
        index += 1
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        block_start = index
        block = []
        while index < len(lines) and lines[index].strip():
            block.append(lines[index])
            index += 1
        if block[0].startswith(("NOTE", "STYLE", "REGION")) and TIMING_ARROW not in block[0]:
            continue
        # An optional cue identifier comes before the timing line.
        timing_offset = 0 if TIMING_ARROW in block[0] else 1
        if timing_offset >= len(block) or TIMING_ARROW not in block[timing_offset]:
            raise _error(
                _('Line %(line)s: expected a cue timing line such as "00:00:01.000 --> 00:00:04.000".'),
                block_start + 1 + timing_offset if timing_offset < len(block) else block_start + 1,
            )
        line_number = block_start + 1 + timing_offset
        start, end = _parse_timing(block[timing_offset], line_number)
        cues.append(Cue(start, end, "\n".join(block[timing_offset + 1 :])))
    if not cues:
        raise ValidationError(_("The subtitle file has no cues."), code="invalid_webvtt")
    return cues
