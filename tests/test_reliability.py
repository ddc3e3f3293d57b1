"""Bad input, faults and interruptions: one clear error line, no traceback, nothing rendered lost.

Every row of the README's bad-input table has a test here (config rows also in test_config.py).
Real engine, real ffmpeg, and real subprocesses for the interruptions.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import audiobook.audio.clips as clips_module
import audiobook.publish.folder as folder_module
from audiobook.analysis.analyse import analyse
from audiobook.audio.engines import get_engine
from audiobook.cli import app
from audiobook.errors import EngineError
from audiobook.publish.folder import output_lock

pytestmark = pytest.mark.audio
"""Every test here synthesizes speech or runs ffmpeg."""

SAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "chapter-29-running-to-nowhere.txt"

runner = CliRunner()
SHORT = """Chapter 3: Short

"Where were you?" Ann asked.

"Out," Bo said. "Nowhere."
"""


def run_cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def assert_one_error_line(code: int, out: str, err: str, *words: str) -> None:
    assert code == 1, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert "Traceback" not in out + err
    for word in words:
        assert word in lines[0], (word, lines[0])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# Inputs that are errors.


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.txt", b"", ["empty.txt", "no text"]),
        ("blank.txt", b"  \n\t\n   \n", ["blank.txt", "no text"]),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), ["image.png", "binary"]),
    ],
)
def test_unreadable_chapters(tmp_path: Path, name: str, data: bytes, words: list[str]) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    for command in ("render", "script"):
        assert_one_error_line(*run_cli(command, str(path), "-o", str(tmp_path / "out")), *words)
    assert not (tmp_path / "out").exists()


def test_invalid_utf8_is_read_as_cp1252_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(b'"Caf\xe9 au lait," she said. \xabNon.\xbb \x93Yes.\x94\n')
    code, out, err = run_cli("script", str(path), "-f", "json")
    assert code == 0, err
    text = json.loads(out)["segments"]
    assert "Café" in "".join(s["text"] for s in text)


def test_config_problems_leave_rendered_files_alone(tmp_path: Path) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("render", str(chapter), "-o", str(out), "-j", "1")[0] == 0
    before = snapshot(out)
    config = tmp_path / "audiobook.toml"
    (tmp_path / "cover.jpg").write_text("not an image")
    for toml, words in [
        ("[book\n", ["audiobook.toml", "invalid TOML"]),
        ("[book]\ntitel = 'x'\n", ["audiobook.toml", "titel", "allowed"]),
        ('[cast]\nAnn = "male-nonexistent"\n', ["male-nonexistent", "choose one of"]),
        ("[book]\ncover = 'cover.jpg'\n", ["cover.jpg", "not a JPEG or PNG"]),
    ]:
        config.write_text(toml, encoding="utf-8")
        assert_one_error_line(*run_cli("render", str(chapter), "-o", str(out), "-j", "1"), *words)
        assert snapshot(out) == before


def test_output_that_cannot_be_a_folder(tmp_path: Path) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text(SHORT, encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("I am a file, not a folder")
    # (Tests may run as root, who can write anywhere: a file in the way is unwritable for anyone.)
    assert_one_error_line(
        *run_cli("render", str(chapter), "-o", str(blocker / "out"), "-j", "1"),
        "cannot write into",
        "--output",
    )
    assert blocker.read_text() == "I am a file, not a folder"


@pytest.mark.parametrize("missing", ["ffmpeg", "espeak-ng"])
def test_missing_programs(tmp_path: Path, missing: str) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text(SHORT, encoding="utf-8")
    # A PATH holding everything but the missing program.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("ffmpeg", "ffprobe", "espeak-ng"):
        found = subprocess.run(["which", tool], capture_output=True, text=True).stdout.strip()
        if tool != missing and found:
            (bin_dir / tool).symlink_to(found)
    env = {**os.environ, "PATH": str(bin_dir)}
    engine = "espeak" if missing == "espeak-ng" else "pyttsx3"
    (tmp_path / "audiobook.toml").write_text(
        f'[cast]\nnarrator = {{ profile = "narrator", engine = "{engine}" }}\n', encoding="utf-8"
    )
    command = ["render", str(chapter), "-o", str(tmp_path / "out"), "-j", "1"]
    proc = subprocess.run(
        [sys.executable, "-m", "audiobook.cli", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert_one_error_line(proc.returncode, proc.stdout, proc.stderr, missing, "install")
    assert not list((tmp_path / "out").glob("*.mp3"))


# Inputs that are odd but fine: they render, and are read as text.


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Chapter 1: ../../etc/passwd", '"Hello," Ann said.'),
        ('Chapter 2: A/B: <b>"quoted"</b> *?|', '"Hi," Bo said.'),
        ("Chapter 3: Marks", 'She said "unbalanced and \' stray quotes\n\n"Next paragraph," he said.'),
        ("Chapter 4: Talk", '"Only dialogue."\n\n"All of it."\n\n"Every line."'),
        ("Chapter 5: Nest", "\"He said 'she said \"they said 'no' to it\" to me' once,\" Ann said."),
        (
            "Chapter 6: Odd",
            'Ann\x07 saw \x1b[31m a \u200f\u05e9\u05dc\u05d5\u05dd\u200e and 🐉🔥 "Wow," she said.',
        ),
        ("Chapter 7: Markup", '"<speak>Stop</speak> &amp; <break time="9s"/> go," Ann said.'),
    ],
)
def test_odd_text_renders_and_names_stay_inside_the_output(tmp_path: Path, title: str, body: str) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("render", str(chapter), "-o", str(out), "-j", "1")
    assert code == 0, stderr
    assert "Traceback" not in stdout + stderr
    files = [p.resolve() for p in out.rglob("*")]
    assert all(out.resolve() in p.parents for p in files)
    manifest = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert manifest["duration_ms"] < 60_000, "markup was spoken as text, not obeyed as a pause"


def test_huge_paragraph_and_many_quotes_are_segmented(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Word " * (5 * 1024 * 1024 // 5), encoding="utf-8")
    many = tmp_path / "many.txt"
    many.write_text("".join(f'"Line {i}," Ann said.\n\n' for i in range(50_000)), encoding="utf-8")
    # Untagged and pronoun-tagged lines in one long conversation: every rule that looks at the
    # conversation must not rescan it line by line.
    talk = tmp_path / "talk.txt"
    talk.write_text(
        "Bob and Ann met. Bob smiled.\n\n"
        + "".join(f'"Line {i}," he said.\n\n"Yes."\n\n' for i in range(25_000)),
        encoding="utf-8",
    )
    # Three huge paragraphs of pronoun-tagged lines: nothing may rescan a paragraph per line.
    crowd = tmp_path / "crowd.txt"
    paragraph = " ".join(f'"Line {i}, Bob," he said.' for i in range(10_000))
    crowd.write_text("Ann and Bob met. Bob smiled.\n\n" + "\n\n".join([paragraph] * 3), encoding="utf-8")
    for path, spoken in ((big, 0), (many, 50_000), (talk, 50_000), (crowd, 30_000)):
        start = time.perf_counter()
        code, out, err = run_cli("script", str(path), "-f", "json")
        assert code == 0, err
        segments = json.loads(out)["segments"]
        assert sum(s["kind"] == "dialogue" for s in segments) == spoken
        assert time.perf_counter() - start < 120


# Faults.


class Flaky:
    """The real engine, failing on the lines it is told to fail on."""

    def __init__(self, fail_times: int, word: str) -> None:
        self.real = get_engine("pyttsx3")
        self.fail_times, self.word, self.calls = fail_times, word, 0

    def synthesize(self, text, voice):  # noqa: ANN001, ANN201
        if self.word in text and self.calls < self.fail_times:
            self.calls += 1
            raise EngineError(f"espeak-ng gave no audio for {text[:60]!r} in voice {voice.name}")
        return self.real.synthesize(text, voice)


@pytest.fixture
def flaky(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # noqa: ANN201
    monkeypatch.setenv("AUDIOBOOK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(clips_module, "_ENGINES", {})

    def install(fail_times: int) -> Flaky:
        engine = Flaky(fail_times, "Nowhere")
        monkeypatch.setattr(clips_module, "get_engine", lambda name: engine)
        return engine

    chapter = tmp_path / "ch.txt"
    chapter.write_text(SHORT, encoding="utf-8")
    return install, chapter


def test_a_failing_clip_is_retried_once(flaky, tmp_path: Path) -> None:  # noqa: ANN001
    install, chapter = flaky
    engine = install(1)
    code, out, err = run_cli("render", str(chapter), "-o", str(tmp_path / "out"), "-j", "1")
    assert code == 0, err
    assert engine.calls == 1


def test_a_clip_failing_twice_is_named_with_its_voice(flaky, tmp_path: Path) -> None:  # noqa: ANN001
    install, chapter = flaky
    install(99)
    code, out, err = run_cli("render", str(chapter), "-o", str(tmp_path / "out"), "-j", "1")
    assert_one_error_line(code, out, err, "'Nowhere.'", "failed twice", "voice '", "--keep-going")
    assert not list((tmp_path / "out").glob("*.mp3"))


def test_keep_going_reads_the_failed_line_in_the_narrators_voice(flaky, tmp_path: Path) -> None:  # noqa: ANN001
    install, chapter = flaky
    engine = install(2)  # fails twice for the line, then the narrator's voice is asked
    code, out, err = run_cli("render", str(chapter), "-o", str(tmp_path / "out"), "-j", "1", "--keep-going")
    assert code == 0, err
    assert "Warning: the line 'Nowhere.'" in err and "reading it in 'narrator'" in err
    manifest = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    line = next(s for s in manifest["segments"] if s["text"] == '"Nowhere."')
    assert line["speaker"] == "Bo" and line["voice"] == "narrator"
    assert engine.calls == 2


def test_not_enough_disk_space_stops_before_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("render", str(chapter), "-o", str(out), "-j", "1")[0] == 0
    before = snapshot(out)
    (tmp_path / "audiobook.toml").write_text('[cast]\nBo = "male-gravel"\n', encoding="utf-8")
    real = folder_module.shutil.disk_usage
    monkeypatch.setattr(folder_module.shutil, "disk_usage", lambda p: real(p)._replace(free=100_000))
    code, stdout, stderr = run_cli("render", str(chapter), "-o", str(out), "-j", "1")
    assert_one_error_line(code, stdout, stderr, "not enough disk space", "MB", "free")
    assert snapshot(out) == before


def test_a_second_render_into_the_same_folder_stops(tmp_path: Path) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"
    with output_lock(out):
        code, stdout, stderr = run_cli("render", str(chapter), "-o", str(out), "-j", "1")
        assert_one_error_line(code, stdout, stderr, "another render", f"pid {os.getpid()}", str(out))
        assert not list(out.glob("*.mp3"))
    assert run_cli("render", str(chapter), "-o", str(out), "-j", "1")[0] == 0


# Interruptions, in real subprocesses.


def start_render(chapter: Path, out: Path, cache: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "AUDIOBOOK_CACHE_DIR": str(cache)}
    return subprocess.Popen(
        [sys.executable, "-m", "audiobook.cli", "render", str(chapter), "-o", str(out), "-j", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
    )  # fmt: skip


def wait_for_clips(cache: Path, count: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while len(list(cache.rglob("*.wav"))) < count:
        assert proc.poll() is None, "the render ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.fixture
def part_chapter(tmp_path: Path) -> Path:
    """The first third of the sample chapter (about 70 clips), cut at a paragraph."""
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "ch.txt"
    path.write_text(text[: text.rindex("\n\n", 0, len(text) // 3)], encoding="utf-8")
    return path


def test_ctrl_c_exits_130_promptly_with_no_partial_output(tmp_path: Path, part_chapter: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    proc = start_render(part_chapter, out, cache)
    wait_for_clips(cache, 8, proc)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    sent = time.monotonic()
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert time.monotonic() - sent < 10
    assert "Traceback" not in stdout + stderr and "Interrupted" in stderr
    assert not [p for p in out.rglob("*") if p.suffix == ".mp3" or ".part" in p.name]


def running(group: int) -> list[str]:
    """The processes of a process group that are still running (zombies are dead: only their exit
    status is left, for a parent that has gone)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(stat.parent.name)
    return alive


def wait_until_gone(group: int, seconds: float) -> list[str]:
    deadline = time.monotonic() + seconds
    while running(group) and time.monotonic() < deadline:
        time.sleep(0.05)
    return running(group)


@pytest.mark.parametrize(
    ("signum", "whole_group", "twice", "code"),
    [
        (signal.SIGINT, True, False, 130),
        (signal.SIGINT, True, True, 130),
        (signal.SIGTERM, False, False, 143),
        (signal.SIGHUP, False, False, 129),
    ],
    ids=["ctrl-c", "ctrl-c-twice", "sigterm", "sighup"],
)
def test_a_signal_ends_the_render_at_once_and_every_worker_with_it(
    tmp_path: Path, part_chapter: Path, signum: int, whole_group: bool, twice: bool, code: int
) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    proc = start_render(part_chapter, out, cache)
    wait_for_clips(cache, 4, proc)
    send = (lambda: os.killpg(proc.pid, signum)) if whole_group else (lambda: os.kill(proc.pid, signum))
    send()
    sent = time.monotonic()
    if twice:
        time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            send()
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == code, stderr
    assert time.monotonic() - sent < 5
    assert stderr.strip().splitlines() == [
        "Interrupted: nothing half-written was left; finished clips are in the cache, "
        "so the same command resumes where this one stopped."
    ]
    assert wait_until_gone(proc.pid, 5) == []
    assert not [p for p in out.rglob("*") if p.suffix == ".mp3" or ".part" in p.name]


def test_workers_die_with_a_killed_main_process(tmp_path: Path, part_chapter: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    proc = start_render(part_chapter, out, cache)
    wait_for_clips(cache, 4, proc)
    os.kill(proc.pid, signal.SIGKILL)  # the main process alone
    proc.wait(timeout=30)
    assert wait_until_gone(proc.pid, 10) == []


def test_killed_render_resumes_from_the_cache_to_the_same_chapter(tmp_path: Path, part_chapter: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    proc = start_render(part_chapter, out, cache)
    wait_for_clips(cache, 20, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    kept = len(list(cache.rglob("*.wav")))

    resumed = start_render(part_chapter, out, cache)
    assert resumed.wait(timeout=120) == 0, resumed.communicate()[1]
    fresh = start_render(part_chapter, tmp_path / "fresh", tmp_path / "fresh-cache")
    assert fresh.wait(timeout=120) == 0, fresh.communicate()[1]

    def manifest(folder: Path) -> dict:
        return json.loads(next(folder.glob("*.json")).read_text(encoding="utf-8"))

    def untimed(data: dict) -> list[tuple]:
        return [
            (s["kind"], s["speaker"], s["voice"], s["text"], s["spoken"], s["scene"])
            for s in data["segments"]
        ]

    resumed_data, fresh_data = manifest(out), manifest(tmp_path / "fresh")
    assert kept >= 20
    assert untimed(resumed_data) == untimed(fresh_data)
    # espeak-ng inside one process carries a little state from one utterance to the next, so a clip
    # made in another order can come out a few milliseconds longer or shorter; nothing more.
    assert abs(resumed_data["duration_ms"] - fresh_data["duration_ms"]) < 0.005 * fresh_data["duration_ms"]
    assert not [p for p in out.rglob("*") if ".part" in p.name]


# Fuzzing.


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            ['"Yes," Ann said.', '"No!" he cried.', "Bo looked away.", "'Hm,' she thought.", '"Ann?"',
             "“Well—” said Bo.", "She laughed", '"', "'", "*Quiet.*", "\n", "\n\n", "***", "Mr. Cole"]
        ),
        max_size=40,
    )
)  # fmt: skip
def test_attribution_names_only_known_characters(tmp_path: Path, parts: list[str]) -> None:
    path = tmp_path / "fuzz.txt"
    path.write_text(" ".join(parts) or "x", encoding="utf-8")
    try:
        analysis = analyse(path)
    except Exception as exc:  # only the one user error is allowed
        assert type(exc).__name__ == "AudiobookError", exc
        return
    known = {c.name for c in analysis.cast.characters}
    text = analysis.chapter.text
    cursor = 0  # the segments tile the text: in order, no overlaps, gaps only of whitespace
    for seg in analysis.segments:
        assert seg.start >= cursor and seg.end > seg.start and not text[cursor : seg.start].strip()
        cursor = seg.end
    assert not text[cursor:].strip()
    assert all(s.speaker is None or s.speaker in known for s in analysis.segments)


# Second pass: input that blocked, crashed or was misread.


@pytest.mark.parametrize("key", ["", "  "])
def test_an_empty_lexicon_key_is_an_error_naming_it(tmp_path: Path, key: str) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text(SHORT, encoding="utf-8")
    (tmp_path / "audiobook.toml").write_text(f'[lexicon]\n"{key}" = "nothing"\n', encoding="utf-8")
    code, out, err = run_cli("script", str(chapter))
    assert_one_error_line(code, out, err, "[lexicon]", f'"{key}"', "has no word")


@pytest.mark.parametrize("command", ["render", "script", "init", "cast"])
def test_a_fifo_is_refused_at_once(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    args = [sys.executable, "-m", "audiobook.cli", command, str(fifo)]
    args += ["-o", str(tmp_path / "out")] if command == "render" else []
    done = subprocess.run(args, capture_output=True, text=True, timeout=30, cwd=tmp_path)
    assert_one_error_line(done.returncode, done.stdout, done.stderr, "is a FIFO (named pipe), not a file")
    assert not (tmp_path / "out").exists()


def test_a_symbolic_link_loop_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    code, out, err = run_cli("render", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"))
    assert_one_error_line(code, out, err, "symbolic link that loops back on itself")


def test_stray_control_bytes_are_dropped_with_a_warning(tmp_path: Path) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_bytes(b'Chapter 1\n\n"Hello\x00 there," Ann said.\x07 \x1b[31mRed\x1b[0m light.\n')
    args = [
        sys.executable,
        "-m",
        "audiobook.cli",
        "render",
        str(chapter),
        "-o",
        str(tmp_path / "out"),
        "-j",
        "1",
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("Warning: ")]
    assert len(lines) == 1 and "dropped 11 control character(s)" in lines[0], done.stderr
    assert "Traceback" not in done.stderr and "InputWarning" not in done.stderr
    for subtitles in (tmp_path / "out").glob("*.[sv][rt]t"):
        text = subtitles.read_text(encoding="utf-8")
        assert not any(ord(c) < 32 and c not in "\n\t" for c in text) and "[31m" not in text
        assert "Hello there" in text


def test_a_failed_render_leaves_no_output_folder(tmp_path: Path) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text(SHORT, encoding="utf-8")
    (tmp_path / "audiobook.toml").write_text('[cast]\nAnn = "no-such-voice"\n', encoding="utf-8")
    code, out, err = run_cli("render", str(chapter), "-o", str(tmp_path / "new" / "out"))
    assert code == 1 and "no-such-voice" in err
    assert not (tmp_path / "new").exists()


def test_a_finished_render_removes_its_lock(tmp_path: Path) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text(SHORT, encoding="utf-8")
    assert run_cli("render", str(chapter), "-o", str(tmp_path / "out"), "-j", "1")[0] == 0
    assert not (tmp_path / "out" / ".audiobook.lock").exists()


def test_jobs_are_capped_at_the_cores(tmp_path: Path) -> None:
    chapter = tmp_path / "ch.txt"
    chapter.write_text(SHORT, encoding="utf-8")
    code, _, err = run_cli("render", str(chapter), "-o", str(tmp_path / "out"), "-j", "64")
    assert code == 0
    assert f"Warning: --jobs 64 is more than the {os.cpu_count()} cores here" in err


def test_workers_do_not_import_the_main_module_again(tmp_path: Path) -> None:
    # The `audiobook` command's module imports the whole tool; each worker of each chapter would
    # pay that again. A main module that leaves a mark when imported as __mp_main__ shows it is not.
    mark = tmp_path / "imported"
    script = tmp_path / "main.py"
    script.write_text(
        "import os, sys\n"
        f"if __name__ == '__mp_main__':\n    open({str(mark)!r}, 'w').close()\n"
        "from audiobook.audio.workers import run\n"
        "if __name__ == '__main__':\n"
        "    got = {}\n"
        "    run([(str(n), ()) for n in range(4)], os.getpid, 2, got.__setitem__)\n"
        "    print(len(got), len(set(got.values())))\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["4", "2"]  # four tasks, two worker processes
    assert not mark.exists()
