"""What the review page works on: a chapter or a book, analysed as `render` analyses it, its lines
and voices, corrections saved into the files a user edits by hand, and re-renders.

Saving writes `CHAPTER.script.txt` beside each corrected chapter and the `[cast]` table of the
config (`audiobook.toml`), the same files a user edits by hand, so the page and a text editor are
two ways to one result.
"""

from __future__ import annotations

import io
import threading
import time
import wave
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomlkit

from audiobook.analysis.analyse import Analysis
from audiobook.analysis.attribution.cast import Cast
from audiobook.analysis.attribution.rule_confidence import FLAG_BELOW
from audiobook.analysis.script import NEW_MARK, SCRIPT_SUFFIX, apply_corrections, script_text
from audiobook.audio.clips import Clip
from audiobook.audio.speech import say_as
from audiobook.audio.stitch import stitch
from audiobook.audio.synthesize import clip_keys, missing, synthesize
from audiobook.book import book_cast, book_characters, render_book
from audiobook.casting.assign import NARRATOR, Casting, cast_voices, line_counts, read_record
from audiobook.casting.mixes import profiles_for
from audiobook.casting.voices import VoiceProfile
from audiobook.config import CONFIG_NAME, load_config
from audiobook.errors import AudiobookError, ConfigError
from audiobook.options import RenderOptions
from audiobook.plan import plan
from audiobook.publish.export import write_text
from audiobook.read.chapter import Chapter
from audiobook.render import analyse_chapter, beside_script, render_chapter
from audiobook.values import Segment

MAX_NAME = 80
"""The longest speaker name a save may give."""
PREVIEW = "Hello. This is how I sound, reading a line of the story."


class BadRequest(AudiobookError):
    """A request the page should not have sent: it changes nothing."""


@dataclass
class Progress:
    """The state of the last re-render started from the page."""

    state: str = "idle"
    """idle, running, done or failed."""
    lines: list[str] = field(default_factory=list)
    """What it reported so far, a line per chapter."""
    summary: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"state": self.state, "lines": self.lines[-50:], "summary": self.summary}


class Session:
    """A chapter (`single`) or a book under review."""

    def __init__(
        self, chapters: list[Chapter], options: RenderOptions, inputs: list[str], single: bool, folder: Path
    ) -> None:
        self.chapters = chapters
        self.options = options
        self.inputs = inputs
        self.single = single
        self.folder = folder
        """Where the render writes: its recorded voices are the ones the page shows."""
        self.config_path = options.config.path or chapters[0].path.parent / CONFIG_NAME
        self.profiles = profiles_for(options.config, options.warn)
        self.lock = threading.Lock()
        self.progress = Progress()
        self._load()

    def _load(self) -> None:
        """Analyse as `render` does (a book against the characters of all its chapters), once:
        the attribution alone (`raw`, what a script may name) and with each chapter's saved
        script applied (what the page shows and the render reads); then cast."""
        options = replace(self.options, script=None)
        given = options.config.characters + options.cast
        if not self.single:
            given = book_characters(self.chapters, given)
        self.raw = [analyse_chapter(chapter, options, given) for chapter in self.chapters]
        self.analyses = [self._corrected(raw) for raw in self.raw]
        segments = [s for a in self.analyses for s in a.segments]
        cast = Cast(book_cast(self.analyses, line_counts(segments)))
        recorded = read_record(self.folder)
        self.casting: Casting = cast_voices(segments, cast, self.profiles, options.config, recorded)

    @staticmethod
    def _corrected(raw: Analysis) -> Analysis:
        script = beside_script(raw.chapter.path)
        if script is None:
            return raw
        return replace(raw, segments=apply_corrections(raw, script), script=script)

    # What the page shows.

    def lines(self) -> dict[str, Any]:
        """Every chapter's segments (speech with speaker, confidence and rule), the cast with
        voices, and the voices to choose from."""
        chapters = []
        for n, analysis in enumerate(self.analyses):
            text = analysis.chapter.text
            chapters.append(
                {
                    "index": n,
                    "title": analysis.chapter.title,
                    "lines": [
                        {
                            "start": s.start,
                            "end": s.end,
                            "kind": s.kind,
                            "speaker": s.speaker,
                            "confidence": round(s.confidence, 2),
                            "rule": s.rule,
                            "scene": s.scene + 1,
                            "text": " ".join(text[s.start : s.end].split()),
                        }
                        for s in analysis.segments
                        if s.is_speech
                    ],
                }
            )
        counts = line_counts([s for a in self.analyses for s in a.segments])
        cast = [
            {"name": name, "voice": self.casting.voices[name].name.split("+")[0], "lines": counts[name]}
            for name in sorted(self.casting.voices, key=lambda n: (-counts[n], n))
        ]
        voices = sorted(n for n in self.profiles if not n.startswith(NARRATOR))
        return {
            "title": self.options.book or self.chapters[0].title,
            "chapters": chapters,
            "cast": cast,
            "narrator": self.casting.narrator.name,
            "voices": voices,
            "flag_below": FLAG_BELOW,
            "new_mark": NEW_MARK,
        }

    def audio(self, chapter: int, start: int, around: bool) -> bytes:
        """A WAV of the spoken line at `start` of a chapter (with the lines before and after it
        when `around`), from the clip cache, synthesized now when missing."""
        analysis = self._chapter(chapter)
        lines = plan(analysis, self.casting, say_as(self.options.config.lexicon))
        at = next((k for k, ln in enumerate(lines) if ln.segment.start == start), None)
        if at is None:
            raise BadRequest(f"chapter {chapter} has no spoken line at {start}")
        chosen = lines[max(0, at - 1) : at + 2] if around else lines[at : at + 1]
        return self._wav([ln.clip for ln in chosen])

    def preview(self, voice: str) -> bytes:
        """A WAV of a voice profile reading a sample line."""
        profile = self._voice(voice)
        return self._wav([Clip(PREVIEW, profile)])

    def _wav(self, clips: list[Clip]) -> bytes:
        audios = synthesize(clips, jobs=1, progress=False)
        track, _ = stitch(audios, [0.0] + [350.0] * (len(audios) - 1))
        out = io.BytesIO()
        with wave.open(out, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(track.sample_rate_hz)
            wav.writeframes(track.pcm)
        return out.getvalue()

    # Saving.

    def save(self, body: Any) -> dict[str, Any]:
        """Check every correction, then write the scripts and the `[cast]` entries. A bad one
        (an unknown line, speaker or voice, a malformed body) raises BadRequest and writes nothing."""
        if not isinstance(body, dict) or not set(body) <= {"lines", "voices"}:
            raise BadRequest('expected {"lines": [...], "voices": {...}}')
        changes = self._changes(body.get("lines", []))
        voices = self._voices(body.get("voices", {}))
        with self.lock:
            written = []
            for n, updates in sorted(changes.items()):
                written.append(str(self._write_script(n, updates)))
            if voices:
                self._write_cast(voices)
                written.append(str(self.config_path))
            if self.config_path.is_file():
                self.options = replace(self.options, config=load_config(self.config_path))
            self._load()
        return {"written": written}

    def _changes(self, lines: Any) -> dict[int, dict[int, str]]:
        if not isinstance(lines, list):
            raise BadRequest('"lines" must be a list of {"chapter", "start", "speaker"}')
        changes: dict[int, dict[int, str]] = {}
        for item in lines:
            if not isinstance(item, dict) or set(item) != {"chapter", "start", "speaker"}:
                raise BadRequest('each line must be {"chapter": N, "start": N, "speaker": "Name"}')
            chapter, start, speaker = item["chapter"], item["start"], item["speaker"]
            analysis = self._chapter(chapter)
            if not isinstance(start, int) or not any(
                s.start == start and s.is_speech for s in analysis.segments
            ):
                raise BadRequest(f"chapter {chapter} has no spoken line at {start!r}")
            changes.setdefault(chapter, {})[start] = self._speaker(speaker, chapter)
        return changes

    def _speaker(self, speaker: Any, chapter: int) -> str:
        """The name as a script writes it: a known one, or NEW_MARK + a new one."""
        if not isinstance(speaker, str) or not speaker.strip() or len(speaker) > MAX_NAME or "\n" in speaker:
            raise BadRequest("a speaker must be a name of one line")
        name = speaker.strip()
        if name.startswith(NEW_MARK):
            if not name[len(NEW_MARK) :].strip():
                raise BadRequest(f"`{NEW_MARK}` must come before the new character's name")
            return name
        if self._known(name, chapter):
            return name
        raise BadRequest(f"no character {name!r}; to add one, write {NEW_MARK}{name}")

    def _known(self, name: str, chapter: int) -> bool:
        """Whether a script may name this speaker as it is (what `apply_corrections` takes): the
        narrator, a character of the chapter's cast, or one the attribution found speaking."""
        raw = self.raw[chapter]
        return (
            name.lower() == NARRATOR
            or raw.cast.lookup(name) is not None
            or any(s.speaker == name for s in raw.segments)
        )

    def _voices(self, voices: Any) -> dict[str, str]:
        if not isinstance(voices, dict):
            raise BadRequest('"voices" must map names to voice profiles')
        for name, voice in voices.items():
            if name != NARRATOR and name not in self.casting.voices:
                raise BadRequest(f"no speaker {name!r} to give a voice")
            self._voice(voice)
        return dict(voices)

    def _voice(self, voice: Any) -> VoiceProfile:
        if not isinstance(voice, str) or voice not in self.profiles:
            raise BadRequest(f"no voice profile {voice!r}")
        return self.profiles[voice]

    def _chapter(self, chapter: Any) -> Analysis:
        if not isinstance(chapter, int) or not 0 <= chapter < len(self.analyses):
            raise BadRequest(f"no chapter {chapter!r}")
        return self.analyses[chapter]

    def _write_script(self, chapter: int, updates: dict[int, str]) -> Path:
        """The chapter's script with these speakers; a name the render would not know (new to the
        chapter, here or by an earlier save) is written with its mark."""
        analysis = self.analyses[chapter]

        def written(seg: Segment) -> Segment:
            name = updates.get(seg.start, seg.speaker)
            if seg.is_speech and name and not self._known(name.removeprefix(NEW_MARK), chapter):
                name = NEW_MARK + name.removeprefix(NEW_MARK)
            return seg if name == seg.speaker else seg.with_speaker(name, 1.0, "script")

        text = script_text(replace(analysis, segments=[written(s) for s in analysis.segments]))
        path = analysis.chapter.path.with_name(analysis.chapter.path.stem + SCRIPT_SUFFIX)
        write_text(text, path)
        return path

    def _write_cast(self, voices: dict[str, str]) -> None:
        """`[cast]` entries for these voices, the rest of the config kept as it was written."""
        try:
            doc = (
                tomlkit.parse(self.config_path.read_text(encoding="utf-8"))
                if self.config_path.is_file()
                else tomlkit.document()
            )
        except (OSError, tomlkit.exceptions.TOMLKitError) as exc:
            raise ConfigError(f"cannot update {self.config_path}: {exc}") from exc
        table = doc.get("cast")
        if table is None:
            table = tomlkit.table()
            doc["cast"] = table
        for name, voice in voices.items():
            entry = table.get(name)
            if isinstance(entry, dict):
                entry["profile"] = voice  # keep the fields it overrides
            else:
                table[name] = voice
        write_text(tomlkit.dumps(doc), self.config_path)

    # Re-rendering.

    def render(self) -> bool:
        """Start a re-render in the background (False when one is running)."""
        with self.lock:
            if self.progress.state == "running":
                return False
            self.progress = Progress("running")
        threading.Thread(target=self._render, daemon=True).start()
        return True

    def _render(self) -> None:
        started = time.perf_counter()
        progress = self.progress
        options = replace(self.options, progress=False, warn=lambda m: progress.lines.append(f"Warning: {m}"))
        try:
            if self.single:
                lines = plan(self.analyses[0], self.casting, say_as(options.config.lexicon))
                made = missing(clip_keys([ln.clip for ln in lines]))
                script = beside_script(self.chapters[0].path)
                done = render_chapter(self.chapters[0], replace(options, script=script))
                state = (
                    "unchanged"
                    if done.skipped
                    else f"{made} clips synthesized, {done.scenes_encoded} scenes encoded"
                )
                progress.lines.append(f"{self.chapters[0].title}: {state}")
                progress.summary = f"{state} in {time.perf_counter() - started:.1f} s"
            else:
                book = render_book(self.inputs, options, report=progress.lines.append)
                progress.summary = (
                    f"{len(book.rendered)} chapters rendered, {len(book.skipped)} unchanged, "
                    f"{book.clips_made} clips synthesized, {book.scenes_encoded} scenes encoded "
                    f"in {time.perf_counter() - started:.1f} s"
                )
            progress.state = "done"
        except AudiobookError as exc:
            progress.summary = f"Error: {exc}"
            progress.state = "failed"
