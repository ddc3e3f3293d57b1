"""Books: chapters in reading order, one cast, incremental re-runs, failures, layout and the M4B.

Rendered with the real engine (espeak-ng through pyttsx3) and real ffmpeg.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from audiobook.book import render_book
from audiobook.config import load_config
from audiobook.errors import AudiobookError
from audiobook.options import RenderOptions
from audiobook.read.chapter import parse_chapter
from audiobook.read.collect import collect_chapters, natural_key, reading_order

pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""

CHAPTERS = {
    "a.txt": 'Chapter 1: The Road\n\n"Slow down," Tomas said. "I ache."\n\n"Your feet hurt," Mara said.\n',
    "b.txt": 'Chapter 2: The Bridge\n\n"Where are you going?" Mara asked.\n\n"Over," Tomas said.\n',
    "c.txt": 'Chapter 10: The Shore\n\n"Get in," Mara said.\n\nThe boat rocked under them.\n',
}


def write_book(folder: Path, chapters: dict[str, str] = CHAPTERS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in chapters.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def options(out: Path, config: Path | None = None, **kw: object) -> RenderOptions:
    return RenderOptions(out, 2, "Road Book", "A. Writer", config=load_config(config), progress=False, **kw)  # type: ignore[arg-type]


def voices(folder: Path) -> dict[str, str]:
    """Speaker -> voice over every manifest in the book folder."""
    found: dict[str, str] = {}
    for manifest in folder.glob("*.json"):
        for seg in json.loads(manifest.read_text(encoding="utf-8"))["segments"]:
            if seg["speaker"]:
                assert found.setdefault(seg["speaker"], seg["voice"]) == seg["voice"], (
                    "one voice per character"
                )
    return found


def chapter(name: str, first_line: str) -> object:
    return parse_chapter(first_line + "\n\nSome text.\n", Path(name))


def test_natural_order_and_the_heading_number_wins() -> None:
    assert sorted(["ch10.txt", "ch2.txt", "ch1.txt"], key=natural_key) == ["ch1.txt", "ch2.txt", "ch10.txt"]
    book = [
        chapter("a.txt", "Chapter 10: Late"),  # the file name says first, the heading says last
        chapter("z.txt", "Chapter 2: Early"),
        chapter("m.txt", "# Epilogue"),
        chapter("n.txt", "# Prologue"),
        chapter("ch3.txt", "The middle"),  # no number in the heading: the file name's
    ]
    titles = [c.title for c in reading_order(book)]  # type: ignore[arg-type]
    assert titles == ["Prologue", "Early", "The middle", "Late", "Epilogue"]


def test_repeated_numbers_fall_back_to_file_names() -> None:
    # Two parts that both start at chapter 1: numbers cannot order the book, file names can.
    book = [chapter(f"p{p}-c{c}.txt", f"Chapter {c}: Part {p}") for p in (2, 1) for c in (2, 1)]
    order = [c.path.name for c in reading_order(book)]  # type: ignore[arg-type]
    assert order == ["p1-c1.txt", "p1-c2.txt", "p2-c1.txt", "p2-c2.txt"]


def test_folders_and_globs_give_chapter_files_only(tmp_path: Path) -> None:
    folder = write_book(tmp_path / "book")
    (folder / "a.script.txt").write_text("@1-2 Mara: x\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("x", encoding="utf-8")
    (folder / "audiobook.toml").write_text("", encoding="utf-8")
    assert [p.name for p in collect_chapters([str(folder)])] == ["a.txt", "b.txt", "c.txt"]
    assert [p.name for p in collect_chapters([str(folder / "[ab].txt")])] == ["a.txt", "b.txt"]
    with pytest.raises(AudiobookError, match="no such file or folder"):
        collect_chapters([str(folder / "missing.txt")])
    with pytest.raises(AudiobookError, match="no file matches"):
        collect_chapters([str(folder / "*.epub")])


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A three-chapter book rendered once as MP3s: (chapters folder, output folder)."""
    root = tmp_path_factory.mktemp("book")
    chapters = write_book(root / "chapters")
    result = render_book([str(chapters)], options(root / "out"))
    assert len(result.rendered) == 3 and not result.failed and result.m4b is None
    return chapters, root / "out"


@pytest.fixture(scope="module")
def m4b_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same book rendered as one M4B: (chapters folder, output folder)."""
    root = tmp_path_factory.mktemp("m4b")
    chapters = write_book(root / "chapters")
    result = render_book([str(chapters)], options(root / "out"), ("m4b",))
    assert len(result.rendered) == 3 and not result.failed and result.m4b_written
    return chapters, root / "out"


def test_book_layout_tags_and_scene_folder(book: tuple[Path, Path]) -> None:
    folder = book[1] / "A. Writer" / "Road Book"
    names = sorted(p.name for p in folder.glob("*.mp3"))
    assert names == ["01 - The Road.mp3", "02 - The Bridge.mp3", "03 - The Shore.mp3"]
    tags = ID3(folder / "03 - The Shore.mp3")
    assert (str(tags["TRCK"]), str(tags["TALB"]), str(tags["TPE1"]), str(tags["TIT2"])) == (
        "3", "Road Book", "A. Writer", "The Shore",
    )  # fmt: skip
    assert (folder / "scenes" / ".ignore").is_file()
    assert sorted(p.parent.name for p in (folder / "scenes").glob("*/*.mp3")) == ["01", "02", "03"]
    # One copy of the audio: no M4B beside the chapters (a server would play the book twice).
    assert not list(book[1].rglob("*.m4b"))


def test_one_voice_per_character_across_chapters(book: tuple[Path, Path]) -> None:
    cast = voices(book[1] / "A. Writer" / "Road Book")
    assert set(cast) == {"Mara", "Tomas"}
    assert len(set(cast.values())) == 2 and "narrator" not in cast.values()


def test_m4b_has_a_marker_per_chapter_where_its_audio_starts(m4b_book: tuple[Path, Path]) -> None:
    folder = m4b_book[1] / "A. Writer" / "Road Book"
    # The book folder holds the book once: the M4B, no chapter files; scenes are AAC pieces.
    assert [p.name for p in folder.glob("*.m4*")] == ["Road Book.m4b"] and not list(folder.glob("*.mp3"))
    assert len(list((folder / "scenes").glob("*/*.aac"))) == 3
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json",
         str(folder / "Road Book.m4b")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    data = json.loads(probe.stdout)
    marks = [(c["tags"]["title"], float(c["start_time"])) for c in data["chapters"]]
    assert [t for t, _ in marks] == ["The Road", "The Bridge", "The Shore"]
    durations = [
        json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))["duration_ms"] / 1000
        for stem in ("01 - The Road", "02 - The Bridge")
    ]
    assert marks[1][1] == pytest.approx(durations[0], abs=0.002)
    assert marks[2][1] == pytest.approx(durations[0] + durations[1], abs=0.003)
    decoded = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(folder / "Road Book.m4b"), "-f", "s16le", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    assert len(decoded) / 2 / 22050 == pytest.approx(float(data["chapters"][-1]["end_time"]), abs=0.001)
    tags = data["format"]["tags"]
    assert (tags["album"], tags["artist"], tags["genre"]) == ("Road Book", "A. Writer", "Audiobook")


def test_unchanged_book_is_skipped_and_a_voice_change_redoes_only_its_chapters(
    book: tuple[Path, Path], tmp_path: Path
) -> None:
    chapters, out = book
    again = render_book([str(chapters)], options(out))
    assert (len(again.rendered), len(again.skipped), again.scenes_encoded) == (0, 3, 0)
    # Tomas speaks in chapters 1 and 2, not 3: a new voice for him redoes those two.
    config = tmp_path / "audiobook.toml"
    config.write_text('[cast]\nTomas = "male-deep"\n', encoding="utf-8")
    changed = render_book([str(chapters)], options(out, config))
    assert sorted(r.chapter_mp3.name for r in changed.rendered if r.chapter_mp3) == [
        "01 - The Road.mp3",
        "02 - The Bridge.mp3",
    ]
    assert [r.chapter_mp3.name for r in changed.skipped if r.chapter_mp3] == ["03 - The Shore.mp3"]
    assert voices(out / "A. Writer" / "Road Book")["Tomas"] == "male-deep"


def test_the_m4b_is_assembled_without_encoding_what_did_not_change(
    m4b_book: tuple[Path, Path], tmp_path: Path
) -> None:
    chapters, out = m4b_book
    m4b = out / "A. Writer" / "Road Book" / "Road Book.m4b"
    again = render_book([str(chapters)], options(out), ("m4b",))
    assert (len(again.skipped), again.scenes_encoded, again.m4b_written) == (3, 0, False)
    # One line of chapter 2 changes: its one scene is encoded again, the M4B is assembled anew.
    before = m4b.stat().st_mtime_ns
    (chapters / "b.txt").write_text(CHAPTERS["b.txt"].replace("Over", "Over there"), encoding="utf-8")
    try:
        changed = render_book([str(chapters)], options(out), ("m4b",))
    finally:
        (chapters / "b.txt").write_text(CHAPTERS["b.txt"], encoding="utf-8")
    assert (len(changed.rendered), changed.scenes_encoded, changed.clips_made) == (1, 1, 1)
    assert changed.m4b_written and m4b.stat().st_mtime_ns != before
    assert "Over there" in m4b.with_suffix(".srt").read_text(encoding="utf-8")


def test_a_second_format_goes_out_of_the_library(book: tuple[Path, Path], tmp_path: Path) -> None:
    chapters, _ = book
    out = tmp_path / "out"
    result = render_book([str(chapters)], options(out), ("mp3", "m4b"))
    assert result.m4b == out / "m4b" / "A. Writer" / "Road Book" / "Road Book.m4b"
    assert result.m4b.is_file() and (out / "m4b" / ".ignore").is_file()
    library = out / "A. Writer" / "Road Book"
    assert len(list(library.glob("*.mp3"))) == 3 and not list(library.glob("*.m4b"))
    # Each copy's scenes are encoded (3 MP3s, 3 AAC pieces); the clips are counted once.
    lines = sum(len(json.loads(m.read_text(encoding="utf-8"))["segments"]) for m in library.glob("*.json"))
    assert result.scenes_encoded == 6 and result.clips_made + result.clips_reused == lines


def test_a_new_character_later_moves_no_one(tmp_path: Path) -> None:
    chapters = write_book(tmp_path / "chapters")
    out = tmp_path / "out"
    render_book([str(chapters)], options(out, None))
    before = voices(out / "A. Writer" / "Road Book")
    write_book(chapters, {"d.txt": 'Chapter 11: Piet\n\n"Get in," Piet said. "Quick, Piet says."\n'})
    result = render_book([str(chapters)], options(out, None))
    after = voices(out / "A. Writer" / "Road Book")
    assert len(result.rendered) == 1 and len(result.skipped) == 3
    assert {k: after[k] for k in before} == before
    assert after["Piet"] not in before.values()


def test_a_failed_chapter_does_not_stop_the_book(tmp_path: Path) -> None:
    chapters = write_book(tmp_path / "chapters")
    (chapters / "b.txt").write_bytes(b"\x00\x01binary\x00" * 10)
    run = subprocess.run(
        [sys.executable, "-m", "audiobook.cli", "render", str(chapters), "-o", str(tmp_path / "out"),
         "--book", "Road Book", "--author", "A. Writer", "-j", "1"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "2 chapters rendered, 0 unchanged, 1 failed" in run.stdout
    assert f"Error: {chapters / 'b.txt'}: " in run.stderr and "binary" in run.stderr
    folder = tmp_path / "out" / "A. Writer" / "Road Book"
    assert sorted(p.name for p in folder.glob("*.mp3")) == ["01 - The Road.mp3", "02 - The Shore.mp3"]
    # Mended, the chapter takes its place and the renumbered one's old files go.
    (chapters / "b.txt").write_text(CHAPTERS["b.txt"], encoding="utf-8")
    result = render_book([str(chapters)], options(tmp_path / "out"))
    assert not result.failed
    assert sorted(p.name for p in folder.glob("*.mp3")) == [
        "01 - The Road.mp3", "02 - The Bridge.mp3", "03 - The Shore.mp3",
    ]  # fmt: skip
    assert sorted(p.name for p in folder.glob("*.json")) == [
        "01 - The Road.json", "02 - The Bridge.json", "03 - The Shore.json",
    ]  # fmt: skip
