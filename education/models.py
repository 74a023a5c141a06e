"""Models of the education app; its issue fills them in."""
