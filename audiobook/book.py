"""Render a whole book: many chapters in reading order, one cast, only what changed.

The book goes where audiobook servers such as Audiobookshelf look for it, one copy of its audio
per book folder: `OUTPUT/Author/Title/NN - Chapter Title.mp3` (format `mp3`) or
`OUTPUT/Author/Title/Title.m4b` (format `m4b`), with the scene files under `scenes/` (holding an
`.ignore` file, so that the server does not list them as tracks). A second format goes into
`OUTPUT/FORMAT/Author/Title/`, a folder the server ignores too.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from audiobook.analysis.analyse import Analysis
from audiobook.analysis.attribution.cast import Cast, Character
from audiobook.analysis.characters import discover_characters
from audiobook.audio.distributed import connect
from audiobook.audio.synthesize import missing
from audiobook.casting.assign import (
    RECORD_NAME,
    Casting,
    cast_voices,
    cast_warnings,
    kept_record,
    line_counts,
    record_text,
)
from audiobook.casting.mixes import profiles_for
from audiobook.errors import AudiobookError
from audiobook.options import RenderOptions
from audiobook.plan import Job, Place, book_names, plan_job
from audiobook.publish.export import require_ffmpeg, safe_name, stop_tools, write_bytes, write_text
from audiobook.publish.folder import output_lock
from audiobook.publish.library import Copy, book_dir, copies, mark_ignored, mark_scenes, remove_stale
from audiobook.publish.m4b import BookChapter, write_m4b
from audiobook.publish.subtitles import srt, vtt
from audiobook.publish.writer import chapter_cues
from audiobook.read import Book
from audiobook.read.chapter import Chapter
from audiobook.read.collect import (
    Failure,
    collect_chapters,
    read_chapters,
)
from audiobook.render import RenderResult, analyse_chapter, beside_script, make_audio, write_audio


@dataclass
class BookResult:
    """What a book render did."""

    folder: Path
    """The book's folder: OUTPUT/Author/Title."""
    rendered: list[RenderResult] = field(default_factory=list)
    """Chapters written by this run."""
    skipped: list[RenderResult] = field(default_factory=list)
    """Chapters already up to date."""
    failed: list[Failure] = field(default_factory=list)
    """Chapters that failed, with the reason; the others were still rendered."""
    m4b: Path | None = None
    """The whole book as one M4B, when asked for (made now or already up to date)."""
    m4b_written: bool = False
    """True when this run wrote the M4B."""
    clips_made: int = 0
    """Clips synthesized by this run."""
    clips_reused: int = 0
    """Clips of the chapters rendered that came from the cache."""
    scenes_encoded: int = 0
    """Scene files encoded by this run."""
    seconds: float = 0.0
    """Wall time of the run."""

    @property
    def audio_ms(self) -> float:
        """Length of all chapters that are in the book folder now."""
        return sum(r.duration_ms for r in self.rendered + self.skipped)


def book_cast(analyses: Iterable[Analysis], counts: Counter[str]) -> list[Character]:
    """The characters of several chapters, one entry per name, most lines first."""
    seen: dict[str, Character] = {}
    for analysis in analyses:
        for char in analysis.cast.characters:
            seen.setdefault(char.name, char)
    for name in counts:
        seen.setdefault(name, Character(name))
    return sorted(seen.values(), key=lambda c: (-counts[c.name], c.name))


def analyse_book(
    chapters: Sequence[Chapter], given: tuple[Character, ...], options: RenderOptions
) -> list[Analysis]:
    """Every chapter analysed against one cast: the given characters, then those discovered in the
    whole book, so that a name is the same character in every chapter. A chapter's edited script
    (CHAPTER.script.txt beside it) corrects its speakers."""
    found = book_characters(chapters, given)
    return [_analyse(chapter, options, found) for chapter in chapters]


def book_characters(chapters: Sequence[Chapter], given: tuple[Character, ...]) -> tuple[Character, ...]:
    """The given characters, then those discovered over the text of every chapter."""
    return tuple(discover_characters("\n\n".join(c.text for c in chapters), given).characters)


def _analyse(chapter: Chapter, options: RenderOptions, cast: tuple[Character, ...]) -> Analysis:
    return analyse_chapter(chapter, replace(options, script=beside_script(chapter.path)), cast)


def render_book(
    inputs: Sequence[str],
    options: RenderOptions,
    formats: Sequence[str] = ("mp3",),
    report: Callable[[str], None] = lambda line: None,
) -> BookResult:
    """Render every chapter named by `inputs` into OUTPUT/Author/Title, in each of `formats`.

    Chapters already up to date are skipped; a chapter that fails is reported and the others
    still render. An M4B is assembled when every chapter is in place and something changed.
    """
    started = time.perf_counter()
    require_ffmpeg()
    if options.scheduler is not None:
        connect(options.scheduler)
    chapters, failed, source = read_chapters(collect_chapters(inputs))
    if not chapters:
        raise AudiobookError(f"no chapter could be read: {failed[0].reason}")
    root = options.output_dir
    options = _book_options(chapters, source, options)
    folder = options.output_dir
    targets = copies(root, folder, formats)
    result = BookResult(folder, failed=failed)
    found = book_characters(chapters, options.config.characters + options.cast)
    analyses: list[Analysis] = []
    for chapter in chapters:
        try:  # an edited script that no longer fits its chapter fails that chapter alone
            analyses.append(_analyse(chapter, options, found))
        except AudiobookError as exc:
            failed.append(Failure(chapter.path, str(exc)))
    with ExitStack() as locks:
        for target in targets:
            locks.enter_context(output_lock(target.folder))
        if source is not None:
            options = _from_source(source, folder, options)
        if options.config.book.description:
            # Audiobookshelf takes a book's description from desc.txt in its folder.
            write_text(options.config.book.description + "\n", folder / "desc.txt")
        for target in targets[1:]:
            mark_ignored(root / target.format)
        casting = _cast(analyses, folder, options)
        runs = [(t, _plan(chapters, analyses, casting, _for(t, options), failed)) for t in targets]
        # A chapter one copy could not plan fails in every copy: the copies go chapter by chapter.
        unplanned = {f.path for f in failed}
        runs = [(t, [j for j in jobs if j.analysis.chapter.path not in unplanned]) for t, jobs in runs]
        with _bar(runs, options) as bar:
            runners = [
                _Run(_for(t, options), result, report, bar, n == 0, js) for n, (t, js) in enumerate(runs)
            ]
            _render_copies(runners)
            for (target, jobs), run in zip(runs, runners, strict=True):
                if not failed:
                    remove_stale(target.folder, {job.place.stem for job in jobs})
                if target.format == "m4b" and not failed:
                    _book_m4b([run.finished[n] for n in sorted(run.finished)], jobs, run.options, result)
                    bar.update(1)
    result.failed = failed
    result.seconds = time.perf_counter() - started
    return result


def _for(target: Copy, options: RenderOptions) -> RenderOptions:
    """The options of one copy: its folder, and its scenes as MP3s or as AAC pieces for the M4B."""
    encoding = "mp3" if target.format == "mp3" else "aac"
    return replace(options, output_dir=target.folder, encoding=encoding)


def _bar(runs: list[tuple[Copy, list[Job]]], options: RenderOptions) -> tqdm:
    """One bar over every stage that takes time: a step per clip to synthesize, per chapter to
    level, per scene to encode, and per M4B to assemble (on a terminal only)."""
    todo = [j for t, jobs in runs for j in jobs if options.force or j.up_to_date(t.folder) is None]
    clips = missing(list({key for job in todo for key in job.clip_keys}))
    levelled = len({job.analysis.chapter.path for job in todo})  # once a chapter, for every copy
    steps = levelled + sum(len({line.segment.scene for line in job.lines}) for job in todo)
    assemble = sum(target.format == "m4b" for target, _ in runs)
    disable = None if options.progress else True
    return tqdm(total=clips + steps + assemble, unit="step", desc="Book", disable=disable)


def book_folder(chapters: Sequence[Chapter], source: Book | None, options: RenderOptions) -> Path:
    """The book's folder in the library: OUTPUT/Author/Title (see `_book_options`)."""
    return _book_options(chapters, source, options).output_dir


def _book_options(chapters: Sequence[Chapter], source: Book | None, options: RenderOptions) -> RenderOptions:
    """The book's title and author (the command's, the config's, else the file's own, as an EPUB's
    or AO3's) and its folder: OUTPUT/Author/Title as audiobook servers expect, OUTPUT/Title when
    no author is known."""
    if source is not None:
        info = options.config.book
        options = replace(
            options,
            book=options.book or info.title or source.info.title or None,
            author=options.author or info.author or source.info.author or None,
        )
    title, author = book_names(chapters[0].path, options)
    return replace(options, output_dir=book_dir(options.output_dir, title, author), book=title, author=author)


def _cast(analyses: list[Analysis], folder: Path, options: RenderOptions) -> Casting:
    """One cast for the book, recorded before any audio (so that an interrupted batch resumes
    with the same voices)."""
    recorded, added = kept_record(folder, analyses)
    segments = [s for a in analyses for s in a.segments]
    counts = line_counts(segments)
    cast = Cast(book_cast(analyses, counts))
    text = "\n\n".join(a.chapter.text for a in analyses)
    for warning in cast_warnings(options.config, segments, cast, text, True):
        options.warn(warning)
    casting = cast_voices(
        segments, cast, profiles_for(options.config, options.warn), options.config, recorded
    )
    write_text(record_text(recorded, casting, added), folder / RECORD_NAME)
    return casting


def _plan(
    chapters: Sequence[Chapter],
    analyses: list[Analysis],
    casting: Casting,
    options: RenderOptions,
    failed: list[Failure],
) -> list[Job]:
    """Each chapter's job; a chapter that cannot be planned fails alone (reported once)."""
    jobs: list[Job] = []
    places = {c.path: p for c, p in zip(chapters, _places(chapters), strict=True)}
    for analysis in analyses:
        path = analysis.chapter.path
        if any(f.path == path for f in failed):
            continue
        try:
            jobs.append(plan_job(analysis, casting, options, places[path]))
        except AudiobookError as exc:
            failed.append(Failure(path, str(exc)))
    return jobs


@dataclass
class _Run:
    """One copy of the book being rendered: its chapters' jobs, what is finished, how to report."""

    options: RenderOptions
    result: BookResult
    report: Callable[[str], None]
    bar: tqdm
    primary: bool
    jobs: list[Job]
    finished: dict[int, RenderResult] = field(default_factory=dict)

    def done(self, n: int, job: Job, done: RenderResult, made: int) -> None:
        """Count a finished chapter, and report it when there is no bar (a log, a pipe)."""
        self.finished[n] = done
        result = self.result
        if self.primary:
            (result.skipped if done.skipped else result.rendered).append(done)
        if not done.skipped:
            if self.primary:  # a second copy takes the same audio
                result.clips_made += made
                result.clips_reused += len(set(job.clip_keys)) - made
            result.scenes_encoded += done.scenes_encoded
        if self.bar.disable:
            state = f"{made} clips made, {done.scenes_encoded} scenes encoded"
            state = "unchanged" if done.skipped else state
            name = done.chapter_mp3.name if done.chapter_mp3 else job.tags.title
            self.report(f"chapter {n}/{len(self.jobs)}: {name} ({done.duration_ms / 60000:.1f} min, {state})")

    def failed(self, job: Job, exc: AudiobookError) -> None:
        path = job.analysis.chapter.path
        if not any(f.path == path for f in self.result.failed):
            self.result.failed.append(Failure(path, str(exc)))
            self.report(f"Failed: {path}: {exc}")


_Writing = tuple[_Run, int, Job, int, "Future[RenderResult]"]


def _render_copies(runs: list[_Run]) -> None:
    """Render the book's chapters in order, in every copy at once: a chapter's audio is made once
    (synthesized, or taken from the cache, and levelled) and written in each copy that needs it,
    the copies in parallel, while the next chapter is made (at most two chapters' audio in
    memory). A chapter that fails is reported and the others go on; only the first copy's
    chapters are listed as rendered or unchanged."""
    for run in runs:
        mark_scenes(run.options.output_dir, run.options.scenes)
    writer = ThreadPoolExecutor(max_workers=len(runs))
    pending: list[_Writing] = []
    try:
        for n, jobs in enumerate(zip(*(run.jobs for run in runs), strict=True), 1):
            runs[0].bar.set_postfix_str(f"chapter {n}/{len(jobs)}")
            todo = []
            for run, job in zip(runs, jobs, strict=True):
                kept = None if run.options.force else job.up_to_date(run.options.output_dir)
                if kept is None:
                    todo.append((run, job))
                else:
                    _collect(pending)  # chapters are reported in order
                    pending = []
                    run.done(n, job, kept, 0)
            if todo:
                pending = _make_and_write(n, todo, writer, pending)
        _collect(pending)
    except BaseException:
        # Stopped (or failed): the encoders of the chapter being written are killed, not awaited.
        writer.shutdown(wait=False, cancel_futures=True)
        stop_tools()
        raise
    writer.shutdown()


def _make_and_write(
    n: int, todo: list[tuple[_Run, Job]], writer: ThreadPoolExecutor, pending: list[_Writing]
) -> list[_Writing]:
    """Make chapter n's audio once and start writing it in each copy that needs it (after the
    chapter before is counted); the writes now under way."""
    first_run, first = todo[0]
    made = missing(first.clip_keys)
    quiet = replace(first_run.options, progress=False)
    try:
        audio = make_audio(first, quiet, first_run.bar)
    except AudiobookError as exc:
        first_run.failed(first, exc)
        return pending
    _collect(pending)
    started: list[_Writing] = []
    for k, (run, job) in enumerate(todo):
        # Each copy writes the same audio under its own name, tags and render key.
        own = replace(audio, job=job, key=job.key if audio.key else "")
        task = writer.submit(write_audio, own, replace(run.options, progress=False), run.bar)
        started.append((run, n, job, made if k == 0 else 0, task))
    return started


def _collect(pending: list[_Writing]) -> None:
    """Wait for the chapter being written, and count it (or its failure) in each copy."""
    for run, n, job, made, future in pending:
        try:
            run.done(n, job, future.result(), made)
        except AudiobookError as exc:
            run.failed(job, exc)


def _book_m4b(
    finished: list[RenderResult], jobs: list[Job], options: RenderOptions, result: BookResult
) -> None:
    """The whole book as one M4B with a marker per chapter, assembled from the chapters' AAC
    pieces unless it already holds these, and its subtitles beside it."""
    book = [
        BookChapter(tuple(r.scene_files), j.tags.title, j.key) for r, j in zip(finished, jobs, strict=True)
    ]
    title = options.book or "Audiobook"
    target = options.output_dir / f"{safe_name(title, 'Audiobook')}.m4b"
    info = options.config.book
    result.m4b_written = write_m4b(
        book, target, title, options.author, info.narrator, info.cover, info.description or None
    )
    result.m4b = target
    if result.m4b_written or not target.with_suffix(".srt").is_file():
        cues = []
        start = 0.0
        for done in finished:
            manifest = json.loads(done.manifest.read_text(encoding="utf-8"))
            cues += chapter_cues(manifest["segments"], round(start))
            start += done.duration_ms
        write_text(srt(cues), target.with_suffix(".srt"))
        write_text(vtt(cues), target.with_suffix(".vtt"))


def _from_source(source: Book, folder: Path, options: RenderOptions) -> RenderOptions:
    """What the file says about the book, unless the config says it: its summary as the book's
    description, and its cover as `cover.jpg` (or `.png`) in the book's folder, where Audiobookshelf
    looks, and in the tags."""
    info = options.config.book
    info = replace(info, description=info.description or source.info.summary or None)
    if source.info.cover is None or info.cover is not None:
        return replace(options, config=replace(options.config, book=info))
    suffix, data = source.info.cover
    cover = folder / f"cover{'.jpg' if suffix == '.jpeg' else suffix}"
    if not cover.is_file() or cover.read_bytes() != data:
        write_bytes(data, cover)
    return replace(options, config=replace(options.config, book=replace(info, cover=cover)))


def _places(chapters: Sequence[Chapter]) -> list[Place]:
    """File names and track numbers in book order, with track titles made unique."""
    width = max(2, len(str(len(chapters))))
    titles = Counter(c.title for c in chapters)
    places = []
    for n, chapter in enumerate(chapters, 1):
        title = chapter.title if titles[chapter.title] == 1 else f"{chapter.title} ({n})"
        stem = f"{n:0{width}d} - {safe_name(title)}"
        # No track total: adding a chapter must not change the tags of every other one.
        places.append(Place(stem, f"{n:0{width}d}", n, None, title))
    return places
