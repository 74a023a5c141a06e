"""Models of the campaigns app; its issue fills them in."""
