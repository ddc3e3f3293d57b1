"""Attribution on chapters given inline: the speakers of a text, the sample's hand reading."""

from pathlib import Path

from audiobook.analysis.analyse import analyse
from audiobook.analysis.characters import Character
from audiobook.read import read_text


def speakers(text: str, cast: tuple[Character, ...] = ()) -> list[str | None]:
    """The speakers of a chapter given inline, as a text file would give it."""
    chapter = read_text("Title\n\n" + text, Path("c.txt")).chapters[0]
    return [s.speaker for s in analyse(chapter, cast).segments if s.is_speech]


INTRO = (
    "Sasuke and Sakura met Naruto at the gate. Sakura waved as she smiled. Sasuke nodded as he "
    "looked away. Naruto grinned as he ran up.\n\n"
)


def sample_gold() -> dict[int, tuple[str | None, str]]:
    """The hand-read speakers of the sample: offset -> (speaker or None for someone unnamed, text)."""
    rows = (Path(__file__).parent / "data" / "sample_speakers.tsv").read_text(encoding="utf-8").splitlines()
    gold = {}
    for row in rows:
        if not row.startswith("#"):
            offset, speaker, start = row.split("\t", 2)
            gold[int(offset)] = (None if speaker == "-" else speaker, start)
    return gold
