"""Models of the events app; its issue fills them in."""
