"""Models of the media app; its issue fills them in."""
