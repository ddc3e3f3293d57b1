"""The sample chapter, attributed: its main lines and a hand reading of all of them."""

from pathlib import Path

from inline import sample_gold

from audiobook.analysis.analyse import analyse


def test_sample_main_lines(sample: Path) -> None:
    analysis = analyse(sample)
    text = analysis.chapter.text
    said = {text[s.start : s.end]: s.speaker for s in analysis.segments if s.is_speech}
    assert said['"Good morning Tsunade."'] == "Sarutobi"
    assert said['"Sakura!"'] == "Sasuke"
    assert said["'That's the best I'm gonna do here.'"] == "Sakura"
    assert said['"You aren\'t really an agent are you?"'] == "Sasuke"


def test_sample_attribution_against_a_hand_reading(sample: Path) -> None:
    analysis = analyse(sample)
    text = analysis.chapter.text
    gold = sample_gold()
    speech = [s for s in analysis.segments if s.is_speech]
    assert [s.start for s in speech] == sorted(gold)  # every quoted line and thought, no other
    assert all(text[s.start : s.start + len(gold[s.start][1])] == gold[s.start][1] for s in speech)
    right = sum(s.speaker == gold[s.start][0] for s in speech)
    print(f"sample attribution: {right} of {len(speech)} = {right / len(speech):.1%}")
    # Issue 4's target is 95%; measured 107 of 110 (97.3%). This floor is the target.
    assert right >= 105  # 95%
