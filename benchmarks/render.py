"""Render cost on the sample chapter, as ratios measured in one run.

(1) E: every clip synthesized one by one in one process, nothing around it;
(2) M: one ffmpeg MP3 encode of the finished chapter audio at the render's bitrate;
(3) a cold render with an empty cache, all outputs (scenes, chapter, tags, subtitles, loudness);
(4) a re-render after one character's voice changes in the config, and the clips it synthesized;
(5) stitching 500 and 5,000 clips.

Targets: cold <= 1.0 x (E + M); the re-render synthesizes exactly that character's lines and takes
<= 0.6 x cold; stitching 5,000 clips <= 12 x 500 clips.
Run: .venv/bin/python benchmarks/render.py
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from stitch import best_of  # noqa: E402

from audiobook.analysis.analyse import analyse  # noqa: E402
from audiobook.audio.engines import get_engine  # noqa: E402
from audiobook.audio.loudness import normalize  # noqa: E402
from audiobook.audio.stitch import stitch  # noqa: E402
from audiobook.casting.assign import cast_voices  # noqa: E402
from audiobook.casting.voices import load_voices  # noqa: E402
from audiobook.options import RenderOptions  # noqa: E402
from audiobook.plan import plan  # noqa: E402
from audiobook.publish.export import Tags, write_mp3  # noqa: E402
from audiobook.render import render_chapter  # noqa: E402

SAMPLE = ROOT / "seeds" / "chapter-29-running-to-nowhere.txt"
CHARACTER = "Sasuke"
NEW_VOICE = "male-gravel"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="audiobook-bench-"))
    try:
        run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path) -> None:
    # Stitching first, in a fresh process: after a render the allocator holds memory that makes
    # the small case look faster than it is on its own.
    small, large = best_of(3, 500), best_of(3, 5000)
    chapter = work / SAMPLE.name
    shutil.copy(SAMPLE, chapter)
    os.environ["AUDIOBOOK_CACHE_DIR"] = str(work / "cache")
    analysis = analyse(chapter)
    lines = plan(analysis, cast_voices(analysis.segments, analysis.cast, load_voices()))

    engine = get_engine("pyttsx3")
    start = time.perf_counter()
    clips = [engine.synthesize(line.clip.text, line.clip.voice) for line in lines]
    engine_s = time.perf_counter() - start
    track = normalize(stitch(clips, [500.0] * len(clips))[0])
    start = time.perf_counter()
    write_mp3(track, work / "encode.mp3", Tags("t", "b", "a"))
    encode_s = time.perf_counter() - start
    minutes = track.duration_ms / 60000
    print(
        f"(1) E, engine alone, {len(lines)} clips one by one: {engine_s:6.2f} s  ({minutes:.1f} min of audio)"
    )
    print(f"(2) M, one MP3 encode of the chapter:           {encode_s:6.2f} s")

    options = RenderOptions(work / "out", progress=False)
    start = time.perf_counter()
    render_chapter(chapter, options)
    cold_s = time.perf_counter() - start
    budget = engine_s + encode_s
    print(
        f"(3) cold render, {options.jobs} jobs, all outputs:          {cold_s:6.2f} s  "
        f"= {cold_s / budget:.2f} x (E + M)  (target <= 1.0)"
    )

    before = set((work / "cache").rglob("*.wav"))
    (work / "audiobook.toml").write_text(f'[cast]\n{CHARACTER} = "{NEW_VOICE}"\n', encoding="utf-8")
    from audiobook.config import load_config

    options = RenderOptions(work / "out", progress=False, config=load_config(work / "audiobook.toml"))
    start = time.perf_counter()
    result = render_chapter(chapter, options)
    again_s = time.perf_counter() - start
    made = len(set((work / "cache").rglob("*.wav")) - before)
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    speaks = len({(s["start"], s["end"]) for s in manifest["segments"] if s["speaker"] == CHARACTER})
    print(
        f"(4) re-render after {CHARACTER}'s voice changed:   {again_s:6.2f} s  "
        f"= {again_s / cold_s:.2f} x cold "
        f"(target <= 0.6)\n    clips synthesized {made}, {CHARACTER}'s lines {speaks}; "
        f"scenes encoded {result.scenes_encoded} of {len(result.scene_files)}"
    )

    print(
        f"(5) stitching 500 / 5,000 clips: {small * 1000:.0f} ms / {large * 1000:.0f} ms "
        f"= {large / small:.1f} x  (target <= 12)"
    )


if __name__ == "__main__":
    main()
