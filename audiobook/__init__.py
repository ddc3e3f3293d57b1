"""audiobook: story chapters to full-cast audiobooks."""

__version__ = "0.1.0"
