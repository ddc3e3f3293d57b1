"""The analysis as a script: JSON for tools, text for people."""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path

import regex

from audiobook.analysis.analyse import Analysis
from audiobook.analysis.attribution.rule_confidence import FLAG_BELOW
from audiobook.casting.assign import NARRATOR, NEW_RULE
from audiobook.errors import ConfigError
from audiobook.values import Kind, Segment


def script_json(analysis: Analysis) -> dict[str, object]:
    """Title, scenes and every segment with offsets into the decoded text (end exclusive)."""
    chapter = analysis.chapter
    text = chapter.text
    scenes = []
    for index in range(chapter.scene_count):
        paras = [p for p in chapter.paragraphs if p.scene == index]
        scenes.append({"index": index, "start": paras[0].start, "end": paras[-1].end})
    return {
        "file": str(chapter.path),
        "title": chapter.title,
        "number": chapter.number,
        "heading": chapter.heading,
        "scenes": scenes,
        "segments": [
            {
                "start": s.start,
                "end": s.end,
                "kind": s.kind,
                "speaker": s.speaker,
                "confidence": round(s.confidence, 2) if s.is_speech else None,
                "rule": s.rule,
                "evidence": _evidence(text, s),
                "scene": s.scene,
                "paragraph": s.paragraph,
                "text": text[s.start : s.end],
            }
            for s in analysis.segments
        ],
    }


SCRIPT_SUFFIX = ".script.txt"
"""`CHAPTER.script.txt` beside a chapter holds its corrected speakers."""
LOW_CONFIDENCE = FLAG_BELOW
"""Speech attributed with less confidence than this is flagged `(?)` in the script: measured, so
that the fifth of lines least likely right are flagged (`benchmarks/attribution.py --calibrate`)."""
_SPEECH_LINE = regex.compile(
    r"^@(?P<start>\d+)-(?P<end>\d+) (?P<speaker>.+?)(?: \[(?P<kind>thought)\])?(?: \((?P<note>[^()]*)\))?: "
    r"(?P<text>.*)$"
)


def _evidence(text: str, seg: Segment) -> str | None:
    """The text that decided a line's speaker, on one line, without the parentheses that end a
    script note, and cut to `_EVIDENCE_CHARS`."""
    if seg.evidence is None:
        return None
    words = " ".join(text[seg.evidence[0] : seg.evidence[1]].split()).replace("(", "").replace(")", "")
    return words if len(words) <= _EVIDENCE_CHARS else words[: _EVIDENCE_CHARS - 1] + "…"


_EVIDENCE_CHARS = 40


def script_text(analysis: Analysis, explain: bool = False) -> str:
    """An editable script: narration indented, each spoken line with its place and speaker.

    A speech line reads `@START-END Speaker: text`, with `[thought]` for thoughts and `(?)` when
    the speaker is unsure (`(rule, confidence, by «the text that decided»)` with `explain`).
    Changing the speaker there and rendering again corrects the line.
    """
    chapter = analysis.chapter
    text = chapter.text
    lines = [
        f"# {chapter.heading or chapter.title}",
        f"# source: {chapter.path.name}  sha256: {_digest(text)}",
        "# To correct a speaker, change the name before the colon on an @ line, then render again",
        "# (`narrator` gives the line to the narrator). The text must stay as it is.",
    ]
    scene = -1
    for seg in analysis.segments:
        if seg.scene != scene:
            lines.append(f"\n## Scene {seg.scene + 1}")
            scene = seg.scene
        body = " ".join(text[seg.start : seg.end].split())
        if seg.is_speech:
            kind = " [thought]" if seg.kind == Kind.THOUGHT else ""
            if explain:
                by = _evidence(text, seg)
                note = f" ({seg.rule or 'none'}, {seg.confidence:.2f}{f', by «{by}»' if by else ''})"
            else:
                note = " (?)" if seg.confidence < LOW_CONFIDENCE else ""
            lines.append(f"@{seg.start}-{seg.end} {seg.speaker or '?'}{kind}{note}: {body}")
        elif seg.kind == Kind.NARRATION:
            lines.append(f"    {body}")
        elif seg.kind != Kind.TITLE:
            lines.append(f"    [{seg.kind}: {body}]")
    return "\n".join(lines) + "\n"


def apply_corrections(analysis: Analysis, script: Path) -> list[Segment]:
    """The analysis's segments with the speakers of an edited script.

    The script must belong to this chapter as it is now: a changed chapter or changed text in
    the script is refused, since the script corrects speakers, not words.
    """
    try:
        lines = script.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the script {script} ({exc}); check the path") from exc
    text = analysis.chapter.text
    digest = regex.search(r"sha256: (\w+)", "\n".join(lines[:3]))
    if digest is None:
        raise ConfigError(
            f"{script} is not an audiobook script; write one with `audiobook script CHAPTER -o FILE`"
        )
    if digest.group(1) != _digest(text):
        raise ConfigError(
            f"{analysis.chapter.path} changed since {script} was written; "
            "run `audiobook script` again and redo the corrections"
        )
    index = {(s.start, s.end): i for i, s in enumerate(analysis.segments) if s.is_speech}
    segments = list(analysis.segments)
    speaking = {s.speaker for s in analysis.segments if s.speaker}
    for number, line in enumerate(lines, start=1):
        if not line.startswith("@"):
            continue
        match = _SPEECH_LINE.match(line)
        where = f"{script}, line {number}"
        if match is None:
            raise ConfigError(f"{where}: expected `@START-END Speaker: text`; restore the line's form")
        start, end = int(match["start"]), int(match["end"])
        if " ".join(text[start:end].split()) != match["text"] or (start, end) not in index:
            raise ConfigError(
                f"{where}: the text differs from the chapter; the script corrects speakers only, "
                "so change the words in the chapter and run `audiobook script` again"
            )
        speaker = match["speaker"].strip()
        seg = segments[index[(start, end)]]
        if speaker == "?" or speaker == seg.speaker:
            continue
        name = _speaker(speaker, analysis, speaking, where)
        rule = NEW_RULE if speaker.startswith(NEW_MARK) else "script"
        segments[index[(start, end)]] = seg.with_speaker(name, 1.0, rule)
    return segments


NEW_MARK = "+"
"""Before a speaker in a script: a character of its own on purpose (`@12-40 +Stranger: ...`)."""


def _speaker(written: str, analysis: Analysis, speaking: set[str], where: str) -> str:
    """The speaker a script line names: the narrator, a character of the cast (by any alias), one
    who already speaks in the chapter, or a new character marked with NEW_MARK. Anything else is
    a typo until shown otherwise: an error naming the closest names."""
    if written.startswith(NEW_MARK):
        name = written[len(NEW_MARK) :].strip()
        if not name:
            raise ConfigError(f"{where}: `{NEW_MARK}` must come before the new character's name")
        return name
    if written.lower() == NARRATOR:
        return NARRATOR
    char = analysis.cast.lookup(written)
    if char is not None:
        return char.name
    if written in speaking:
        return written
    names = sorted({*speaking, *(c.name for c in analysis.cast.characters)} - {NARRATOR})
    close = difflib.get_close_matches(written, names, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(n) for n in close)}? " if close else ""
    raise ConfigError(
        f"{where}: no character {written!r}; {hint}To add a new character, write "
        f"`{NEW_MARK}{written}` (the characters: {', '.join(names[:12])}{', ...' if len(names) > 12 else ''})"
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
