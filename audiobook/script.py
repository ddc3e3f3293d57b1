"""The analysis as a script: JSON for tools, text for people."""

from __future__ import annotations

from .analysis import Analysis


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
                "scene": s.scene,
                "paragraph": s.paragraph,
                "text": text[s.start : s.end],
            }
            for s in analysis.segments
        ],
    }


def script_text(analysis: Analysis, explain: bool = False) -> str:
    """A readable script: one line per segment, speech labelled with its speaker."""
    text = analysis.chapter.text
    lines = [f"# {analysis.chapter.heading or analysis.chapter.title}"]
    scene = 0
    for seg in analysis.segments:
        if seg.scene != scene:
            lines.append(f"\n## Scene {seg.scene + 1}")
            scene = seg.scene
        body = " ".join(text[seg.start : seg.end].split())
        if seg.is_speech:
            label = seg.speaker or "?"
            why = f" ({seg.rule}, {seg.confidence:.2f})" if explain else ""
            lines.append(f"{label}{why} [{seg.kind}]: {body}")
        elif seg.kind in ("narration",):
            lines.append(f"    {body}")
        elif seg.kind != "title":
            lines.append(f"    [{seg.kind}: {body}]")
    return "\n".join(lines) + "\n"
