"""End to end: the sample chapter through the real engine and real ffmpeg."""

import json
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from typer.testing import CliRunner

from audiobook.cli import app

pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""

runner = CliRunner()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render")
    sample = Path(__file__).resolve().parent.parent / "seeds" / "chapter-29-running-to-nowhere.txt"
    result = runner.invoke(app, ["render", str(sample), "--output", str(out), "--book", "Sample"])
    assert result.exit_code == 0, result.output
    # A chapter of a named book goes into the book's folder (no author given: OUTPUT/Title).
    assert [p.name for p in out.iterdir()] == ["Sample"]
    return out / "Sample"


def test_chapter_mp3_scenes_and_manifest(rendered: Path) -> None:
    mp3 = rendered / "29 - Running to Nowhere.mp3"
    manifest = json.loads((rendered / "29 - Running to Nowhere.json").read_text())
    scenes = sorted((rendered / "scenes" / "29").glob("scene-*.mp3"))
    assert len(scenes) == 7
    duration_ms = MP3(mp3).info.length * 1000
    assert abs(duration_ms - manifest["segments"][-1]["end_ms"]) / duration_ms < 0.01
    scene_total = sum(MP3(s).info.length * 1000 for s in scenes)
    assert abs(scene_total - duration_ms) / duration_ms < 0.01


def test_manifest_segments_are_in_order_with_voices(rendered: Path) -> None:
    segments = json.loads((rendered / "29 - Running to Nowhere.json").read_text())["segments"]
    assert {s["kind"] for s in segments} == {"title", "narration", "dialogue", "thought"}
    assert all(a["end_ms"] <= b["start_ms"] for a, b in zip(segments, segments[1:], strict=False))
    assert all(
        s["speaker"] is None and s["voice"] == "narrator" for s in segments if s["kind"] == "narration"
    )
    voices = {s["speaker"]: s["voice"] for s in segments if s["kind"] == "dialogue" and s["speaker"]}
    top = ["Naruto", "Sasuke", "Tayuya", "Tsunade", "Sakura"]
    assert len({voices[name] for name in top}) == len(top)
    assert "narrator" not in {voices[name] for name in top}


def test_id3_tags(rendered: Path) -> None:
    tags = ID3(rendered / "29 - Running to Nowhere.mp3")
    assert str(tags["TIT2"]) == "Running to Nowhere"
    assert str(tags["TALB"]) == "Sample"
    assert str(tags["TRCK"]) == "29"
    assert "TPE1" not in tags  # no author given: no made-up one
    scene_tags = ID3(rendered / "scenes" / "29" / "scene-03.mp3")
    assert str(scene_tags["TRCK"]) == "3/7"
    assert str(scene_tags["TALB"]) == "Sample — scenes"


def test_chapter_markers_mark_each_scene(rendered: Path) -> None:
    tags = ID3(rendered / "29 - Running to Nowhere.mp3")
    manifest = json.loads((rendered / "29 - Running to Nowhere.json").read_text())
    toc = tags.getall("CTOC")[0]
    chapters = {c.element_id: c for c in tags.getall("CHAP")}
    assert len(toc.child_element_ids) == 7 and set(toc.child_element_ids) == set(chapters)
    starts = [chapters[e].start_time for e in toc.child_element_ids]
    assert starts == [s["start_ms"] for s in manifest["scenes"]]
    assert str(chapters["chp2"].sub_frames["TIT2"]) == "Running to Nowhere - scene 3"


def test_subtitles_are_readable_and_follow_the_manifest(rendered: Path) -> None:
    segments = json.loads((rendered / "29 - Running to Nowhere.json").read_text())["segments"]
    srt = (rendered / "29 - Running to Nowhere.srt").read_text(encoding="utf-8").strip().split("\n\n")
    vtt = (rendered / "29 - Running to Nowhere.vtt").read_text(encoding="utf-8").strip().split("\n\n")
    assert vtt[0] == "WEBVTT" and len(vtt) == len(srt) + 1 > len(segments)

    def ms(stamp: str) -> int:
        h, m, rest = stamp.replace(",", ".").split(":")
        return round((int(h) * 3600 + int(m) * 60 + float(rest)) * 1000)

    cues = [block.split("\n") for block in srt]
    for number, (index, times, *lines) in enumerate(cues, 1):
        start, end = (ms(t) for t in times.split(" --> "))
        assert index == str(number) and 0 < end - start <= 7000
        assert 1 <= len(lines) <= 2 and all(len(line) <= 42 for line in lines)
    # The cues of a segment start with it and end with it, and say who speaks.
    said = segments[1]
    first = cues[1]
    assert ms(first[1].split(" --> ")[0]) == said["start_ms"] and first[2].startswith(f"{said['speaker']}: ")
    spoken = " ".join(" ".join(c[2:]) for c in cues)
    assert " ".join(said["text"].split()) in spoken.replace(f"{said['speaker']}: ", "")
    assert any(block.split("\n")[1].startswith(f"<v {said['speaker']}>") for block in vtt[1:])


def test_chapter_passes_acx_check(rendered: Path) -> None:
    result = runner.invoke(app, ["check", str(rendered / "29 - Running to Nowhere.mp3")])
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith(": pass")


def test_cues_start_where_espeak_ng_started_their_first_word(rendered: Path) -> None:
    segments = json.loads((rendered / "29 - Running to Nowhere.json").read_text())["segments"]
    # espeak-ng tells where each word starts; the manifest keeps it, in ms of the chapter's MP3.
    timed = [s for s in segments if s.get("words_ms")]
    assert len(timed) == len(segments)
    assert all(s["start_ms"] <= w[1] <= s["end_ms"] for s in timed for w in s["words_ms"])
    starts = {
        round(float(t.split(" --> ")[0].replace(",", ".").split(":")[2]) * 1000)
        + 60_000 * int(t.split(":")[1])
        + 3_600_000 * int(t.split(":")[0])
        for t in (
            b.split("\n")[1] for b in (rendered / "29 - Running to Nowhere.srt").read_text().split("\n\n")
        )
    }
    # Every cue that starts inside a segment starts on one of its words.
    words = {w[1] for s in timed for w in s["words_ms"]}
    inside = starts - {s["start_ms"] for s in segments}
    assert inside and inside <= words, sorted(inside - words)[:5]
