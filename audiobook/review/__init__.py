"""Review and fix by ear: a local web page listing a chapter's or a book's spoken lines with
speaker, confidence and rule, each playable; corrections are saved into the ordinary script and
config files, and a re-render redoes only what changed. See `server` and `session`."""

from audiobook.review.server import ReviewServer
from audiobook.review.session import Session

__all__ = ["ReviewServer", "Session"]
