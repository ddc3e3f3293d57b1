"""The default engine: espeak-ng through pyttsx3.

pyttsx3's espeak driver is asynchronous and racy: `runAndWait()` can return before the WAV is
written and settings can reach the next utterance late. So each call sets the voice, waits for
espeak's queue to drain, synthesizes, and waits for the end-of-utterance event and the queue
again. One engine object per process: create it in the worker, never share it across threads
or a fork.
"""

from __future__ import annotations

import contextlib
import functools
import io
import shutil
import tempfile
import threading
import weakref
from dataclasses import replace
from pathlib import Path
from typing import Any

from audiobook.audio.pcm import Audio, read_wav
from audiobook.casting.voices import VoiceProfile
from audiobook.errors import EngineError

_TIMEOUT_S = 120
_WORDS: list[tuple[int, int]] = []
"""The word events of the utterance being spoken: (character, ms). One list per process, as
espeak-ng is (a second engine object in the process shares its driver and its callback)."""


class EspeakVoices:
    """The voice list and voice check of the engines built on espeak-ng."""

    @staticmethod
    def voices() -> list[str]:
        """espeak-ng's languages, then its variants as `+variant`."""
        languages, variants = espeak_voices()
        return [*languages, *(f"+{v}" for v in variants)]

    @staticmethod
    def check_voice(voice_id: str) -> None:
        """Raise EngineError unless espeak-ng has this `language+variant`."""
        check_espeak_voice(voice_id)


class Pyttsx3Engine(EspeakVoices):
    """espeak-ng via pyttsx3, one utterance at a time."""

    name = "pyttsx3"

    def __init__(self) -> None:
        try:
            import pyttsx3
            from pyttsx3.drivers import _espeak
        except (ImportError, OSError) as exc:
            raise EngineError(ESPEAK_MISSING) from exc
        self._espeak = _espeak
        with contextlib.redirect_stdout(io.StringIO()):
            self._engine = pyttsx3.init("espeak")
        self._done = threading.Event()
        self._engine.connect("finished-utterance", lambda name, completed: self._done.set())
        self._listen_for_words()
        self._tmp = Path(tempfile.mkdtemp(prefix="audiobook-pyttsx3-"))
        weakref.finalize(self, shutil.rmtree, self._tmp, ignore_errors=True)

    def _listen_for_words(self) -> None:
        """Keep where espeak-ng starts each word (its word events: the character, and the time in
        ms from the start of the utterance), then hand the audio on to pyttsx3's own callback."""
        driver = self._engine.proxy._driver
        espeak = self._espeak

        def on_synth(wav: object, samples: int, events: Any) -> int:
            k = 0
            while events[k].type != espeak.EVENT_LIST_TERMINATED:
                if events[k].type == espeak.EVENT_WORD:
                    _WORDS.append((events[k].text_position - 1, events[k].audio_position))
                k += 1
            result: int = driver._onSynth(wav, samples, events)
            return result

        espeak.SetSynthCallback(on_synth)

    @staticmethod
    def version() -> str:
        """pyttsx3 and espeak-ng versions."""
        from importlib.metadata import version

        return f"pyttsx3-{version('pyttsx3')}/{espeak_version()}"

    def synthesize(self, text: str, voice: VoiceProfile) -> Audio:
        """Speak `text` in `voice`; raises EngineError if no audio comes back."""
        engine = self._engine
        # espeak-ng keeps some settings of the previous voice (a variant without its own pitch
        # range inherits the last one's): load the plain base voice first, so a clip sounds the
        # same whatever this process spoke before.
        engine.setProperty("voice", _BASE_VOICE)
        engine.setProperty("voice", voice.voice)
        engine.setProperty("rate", voice.rate_wpm)
        engine.setProperty("pitch", voice.pitch)
        engine.setProperty("volume", voice.volume)
        self._espeak.Synchronize()
        target = self._tmp / "clip.wav"
        target.unlink(missing_ok=True)
        self._done.clear()
        _WORDS.clear()
        # The driver prints "Audio saved to ..." from espeak's thread; keep stdout clean.
        with contextlib.redirect_stdout(io.StringIO()):
            engine.save_to_file(text, str(target))
            engine.runAndWait()
            finished = self._done.wait(_TIMEOUT_S)
            self._espeak.Synchronize()
        if not finished or not target.exists():
            raise EngineError(f"espeak-ng gave no audio for {text[:60]!r} in voice {voice.name}")
        audio = read_wav(target)
        if audio.frames == 0:
            raise EngineError(f"espeak-ng gave empty audio for {text[:60]!r} in voice {voice.name}")
        rate = audio.sample_rate_hz
        words = tuple((at, round(ms * rate / 1000)) for at, ms in _WORDS if 0 <= at < len(text))
        return replace(audio, words=tuple(w for w in words if w[1] <= audio.frames))


_BASE_VOICE = "en"
ESPEAK_MISSING = "espeak-ng is not installed; install it with: sudo apt-get install espeak-ng"


def espeak_version() -> str:
    """The installed espeak-ng's version line, or `unknown`."""
    import subprocess

    exe = shutil.which("espeak-ng")
    if exe is None:
        return "unknown"
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False).stdout
    return " ".join(out.split()[:4]) or "unknown"


@functools.cache
def espeak_voices() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(languages, variants) espeak-ng knows, from `espeak-ng --voices`; empty when it is missing."""
    import subprocess

    exe = shutil.which("espeak-ng")
    if exe is None:
        return (), ()

    def rows(arg: str) -> list[list[str]]:
        out = subprocess.run([exe, arg], capture_output=True, text=True, check=False).stdout
        return [line.split() for line in out.splitlines()[1:]]

    def column(arg: str, index: int) -> list[str]:
        return [row[index] for row in rows(arg) if len(row) > index]

    # A voice answers to its language and to the other languages in brackets: `(en 2)` makes `en`.
    names = []
    for row in rows("--voices"):
        if len(row) > 1:
            names.append(row[1])
            names += [word.lstrip("(") for word in row[5:] if word.startswith("(")]
    languages = tuple(dict.fromkeys(names))
    variants = tuple(v.removeprefix("!v/") for v in column("--voices=variant", 4))
    return languages, variants


def check_espeak_voice(voice_id: str) -> None:
    """Raise EngineError when espeak-ng lacks the language or variant of `lang+variant`."""
    languages, variants = espeak_voices()
    if not languages:
        return
    language, _, variant = voice_id.partition("+")
    if language not in languages:
        raise EngineError(
            f"espeak-ng has no voice '{language}' (in '{voice_id}'); "
            "see `audiobook voices` for the ones it has"
        )
    if variant and variant not in variants:
        raise EngineError(
            f"espeak-ng has no variant '{variant}' (in '{voice_id}'); "
            "see `audiobook voices` for the ones it has"
        )
