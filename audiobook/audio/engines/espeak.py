"""espeak-ng called directly as a program, one process per clip."""

from __future__ import annotations

import io
import shutil
import subprocess
import wave

from audiobook.audio.engines.pyttsx3_engine import ESPEAK_MISSING, EspeakVoices, espeak_version
from audiobook.audio.pcm import Audio
from audiobook.casting.voices import VoiceProfile
from audiobook.errors import EngineError


class EspeakEngine(EspeakVoices):
    """The espeak-ng command line; text goes in on stdin, so it is never parsed as markup."""

    name = "espeak"

    def __init__(self) -> None:
        exe = shutil.which("espeak-ng")
        if exe is None:
            raise EngineError(ESPEAK_MISSING)
        self._exe = exe

    @staticmethod
    def version() -> str:
        """The espeak-ng version."""
        return espeak_version()

    def synthesize(self, text: str, voice: VoiceProfile) -> Audio:
        """Speak `text` in `voice` and read the WAV espeak-ng writes to stdout."""
        cmd = [
            self._exe,
            "--stdout",
            "-v",
            voice.voice,
            "-s",
            str(voice.rate_wpm),
            "-p",
            str(voice.pitch),
            "-a",
            str(round(voice.volume * 100)),
        ]
        proc = subprocess.run(cmd, input=text.encode("utf-8"), capture_output=True, check=False)
        if proc.returncode != 0 or not proc.stdout:
            err = proc.stderr.decode("utf-8", "replace").strip()
            raise EngineError(f"espeak-ng failed for {text[:60]!r} in voice {voice.name}: {err}")
        with wave.open(io.BytesIO(proc.stdout)) as wav:
            return Audio(wav.readframes(wav.getnframes()), wav.getframerate())
