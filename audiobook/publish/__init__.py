"""Publishing: a chapter's audio written as scene and chapter MP3s or AAC pieces, an M4B of the
book, subtitles, tags and the manifest."""
