"""Analysis: a chapter's text into segments (narration, speech, thoughts), each spoken line
attributed to a character (`attribution/`), and a user's script of corrections applied."""
