"""Find quoted speech and thoughts inside one paragraph.

Quotes never cross a paragraph: an unclosed quote runs to the end of its paragraph, so one stray
mark cannot flip every later quote of the chapter. A quotation that goes on over several
paragraphs opens each of them again, so each paragraph is found on its own.
"""

from __future__ import annotations

import regex

from audiobook.analysis.tags import _NAME, SPEECH_VERBS, tag_after

DOUBLE_MARKS = '"“”„«»'
SINGLE_MARKS = "'‘’"
QUOTE_MARKS = DOUBLE_MARKS + SINGLE_MARKS
_OPEN_CONTEXT = ' \t\r\n([{—–-"“«„‘'
_CLOSE_CONTEXT = " \t\r\n)]},.;:!?—–-…\"”»’'"
_TERMINAL = ".!?…—–-~"
# Words that start with an apostrophe and are not an opening quote mark.
_ELISION = regex.compile(
    r"(?i)(?:em|tis|twas|twere|twill|cause|cos|coz|bout|til|till|nuff|round|cept|n|s|ere|un|ow|"
    r"ello|alf|ave|im|er|is|ad|eard|ome|oo|kay|sup|member|fraid|ya|yer|d|ll|re|ve|t|\d\d?s?)\b"
)
# Besides speech verbs, words after which a short quote is speech: `and then "No."`, `like "Go"`.
_SPEECH_BEFORE = {"went", "goes", "go", "like", "then", "mention", "mentioned"}
# Words that name rather than speak: `what we called "seein' folks."`, `the title "Night Rain"`.
_NAMING = set(
    "call calls called calling named termed dubbed titled entitled title word words phrase term".split()
)
# Small words that stay lower case inside a Title Case name.
_MINOR = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "as", "from"}
_ITALIC = regex.compile(
    r"(?<![\p{L}\p{N}*_])(?P<mark>\*{1,2}|_{1,2})(?=\S)(?P<inner>[^\n\r*_]+?)(?<=\S)(?P=mark)(?![\p{L}\p{N}*_])"
)
_LETTER = regex.compile(r"[\p{L}\p{N}]")
# A stage direction set in brackets inside a quote: `(looking towards Mr. Woodhouse)`, `(with a
# smile)`, `(to Emma)`. It is about the speaker, so it has no first or second person in it.
_STAGE_DIRECTION = regex.compile(
    r"""\(\s*(?:(?i:(?!\p{L}*thing\b)\p{L}+ing|with\s+(?:a|an|some)|in\s+(?:a|an))|[Tt]o\s+\p{Lu}\p{L}*)\b
    (?![^()]*\b(?i:I|me|my|we|us|our|you|your)\b)[^()]{0,160}\)""",
    regex.VERBOSE,
)


_SINGLE_MARK = regex.compile("['‘]")
_DOUBLE_MARK = regex.compile(f"[{regex.escape(DOUBLE_MARKS)}]")


def quote_style(text: str) -> str:
    """`double` when double marks carry the dialogue, else `single` (UK style)."""
    doubles = sum(text.count(c) for c in DOUBLE_MARKS)
    singles = sum(1 for m in _SINGLE_MARK.finditer(text) if _is_single_opener(text, m.start(), len(text)))
    return "double" if doubles >= 2 and doubles >= 0.25 * singles else "single"


def find_doubles(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of double-quoted speech in text[start:end], marks included."""
    marks = [m.start() for m in _DOUBLE_MARK.finditer(text, start, end)]
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for n, pos in enumerate(marks):
        role = _double_role(text, pos, start, end)
        remaining = len(marks) - n
        if open_at is None:
            if role == "close" and (text[pos] != '"' or remaining % 2 == 1):
                # A closing mark with no opener: the opener was left out at the paragraph start.
                if not spans:
                    spans.append((start, pos + 1))
                continue
            open_at = pos
        elif role == "open" and (text[pos] != '"' or remaining % 2 == 0):
            spans.append((open_at, _rstrip(text, open_at, pos)))
            open_at = pos
        else:
            spans.append((open_at, pos + 1))
            open_at = None
    if open_at is not None:
        spans.append((open_at, end))
    return [s for s in spans if s[1] > s[0]]


def find_singles(text: str, start: int, end: int, *, to_end: bool) -> list[tuple[int, int]]:
    """Spans of single-quoted text in text[start:end], telling quotes from apostrophes.

    With `to_end`, a quote that never closes runs to `end`; without it, it is taken for an
    apostrophe and dropped.
    """
    spans: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        opener = _next_single_opener(text, pos, end)
        if opener is None:
            break
        close = _single_closer(text, opener, end)
        if close is None:
            if to_end:
                spans.append((opener, end))
                break
            pos = opener + 1
            continue
        spans.append((opener, close + 1))
        pos = close + 1
    return spans


def find_italic_thoughts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of `*italic*` or `_italic_` text in text[start:end] that read as a thought.

    A whole sentence in italics is a thought (`*That's the best I can do.*`); stressed words
    (`she _was_ there`), foreign phrases and titles inside a sentence, and one-word sounds
    (`*Crack!*`) are not.
    """
    spans = []
    for match in _ITALIC.finditer(text, start, end):
        inner = match.group("inner").strip()
        before = text[start : match.start()].rstrip()
        sentence_start = not before or before[-1] in _TERMINAL + "\"”'’)"
        after = text[match.end() : match.end() + 1]
        sentence_end = inner[-1] in _TERMINAL or after in tuple(_TERMINAL)
        sentence_end = sentence_end or (inner[-1] == "," and thought_tag_follows(text, match.end()))
        if sentence_start and sentence_end and inner[0].isupper() and len(inner.split()) >= 2:
            spans.append(match.span())
    return spans


def thought_tag_follows(text: str, pos: int) -> bool:
    """Whether a thought's tag follows at `pos` (`he thought`, `thought Sasuke`, `Sakura
    wondered`): what comes before it is a thought, even one that ends on a comma."""
    return _THOUGHT_TAG.match(text, pos) is not None


_THOUGHT_VERB = r"(?:thought|thinks|wondered|wonders|mused|muses|reflected|realized|realised)"
_THOUGHT_TAG = regex.compile(
    rf"\s*(?:(?:he|she|I|they|we|{_NAME})\s+(?:\p{{Ll}}+ly\s+)?{_THOUGHT_VERB}|{_THOUGHT_VERB}\s+(?:he|she|I|{_NAME}))\b"
)


def stage_directions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Bracketed stage directions inside the quote text[start:end], which the narrator reads."""
    return [m.span() for m in _STAGE_DIRECTION.finditer(text, start, end)]


def is_thought(text: str, start: int, end: int) -> bool:
    """A single-quoted span reads as a thought, not a scare quote: a sentence or several words."""
    inner = text[start + 1 : end - 1].strip()
    if not inner:
        return False
    return inner[-1] in _TERMINAL or len(inner.split()) >= 4 or thought_tag_follows(text, end)


def is_scare_quote(text: str, start: int, end: int, para_start: int, para_end: int) -> bool:
    """A short quote inside a sentence of narration: a title, a term or a scare quote.

    `knitting "cotton warp" quilts`, `the grain "elevator" at the north end`: a few words, no
    question or exclamation, right after a word that is not a speech verb (`said "No."` stays
    speech).
    """
    inner = text[start + 1 : end - 1].strip()
    cry = any(c in inner for c in "!?")
    if not _LETTER.search(inner) and not cry or _is_heading(inner):
        return True
    before = text[para_start:start].rstrip()
    if not before or not (before[-1].isalnum() or before[-1] == "("):
        return False
    clause = regex.split(r"[.!?;:]", before[-60:])[-1]
    words = [w.lower() for w in regex.findall(r"\p{L}+", clause) if not w.endswith("ly")]
    if words and words[-1] in _NAMING:
        return len(inner.split()) <= 8 and not cry
    if _is_title_case(inner):
        return True
    if len(inner.split()) > 4 or cry or inner[-1] in ",—–-" and tag_after(text, end, para_end):
        return False
    if not words:
        return True
    if words[-1] in _SPEECH_BEFORE:
        return False
    return words[-1] not in SPEECH_VERBS and not _object_of_speech(inner, words)


def _object_of_speech(inner: str, words: list[str]) -> bool:
    """`uttered a rapid "I know."`, `returned an indifferent "No."`: a speech verb, an article and
    perhaps an adjective, then what was said, starting as a sentence does."""
    if not inner[0].isupper():
        return False
    for back in (2, 3):
        if len(words) >= back and words[-back] in SPEECH_VERBS:
            return words[-back + 1] in ("a", "an")
    return False


_NOT_LETTER = regex.compile(r"\P{L}")
_NOT_HEADING = regex.compile(r"[!?,;]|--|[-—–]$")


def _is_heading(inner: str) -> bool:
    """`FIVE GUINEAS REWARD`, `CAROLINE BINGLEY.`: capitals only, no question, cry or stammer."""
    letters = _NOT_LETTER.sub("", inner)
    return len(letters) >= 4 and letters.isupper() and not _NOT_HEADING.search(inner)


def _is_title_case(inner: str) -> bool:
    """`Some Aspects of the Democratic State`: two to ten words, each capitalised but the small ones."""
    words = regex.findall(r"[\p{L}\p{N}'’-]+", inner)
    if not 2 <= len(words) <= 10 or inner[-1] in "!?,":
        return False
    return words[0][0].isupper() and all(w[0].isupper() or w.lower() in _MINOR for w in words[1:])


def _double_role(text: str, pos: int, start: int, end: int) -> str:
    """`open`, `close` or `either`, from the mark itself and what is around it."""
    char = text[pos]
    if char in "“„«":
        return "open"
    if char in "”»":
        return "close"
    before = text[pos - 1] if pos > start else " "
    after = text[pos + 1] if pos + 1 < end else " "
    if before in _OPEN_CONTEXT and not after.isspace():
        return "open"
    if not before.isspace() and after in _CLOSE_CONTEXT:
        return "close"
    return "either"


def _is_single_opener(text: str, pos: int, end: int) -> bool:
    """A ' or ‘ at the start of a word that is not an elision such as 'em or 'tis."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < end else " "
    if before not in _OPEN_CONTEXT or not _LETTER.match(after) and after not in "….-—":
        return False
    return not _ELISION.match(text, pos + 1, end)


def _next_single_opener(text: str, pos: int, end: int) -> int | None:
    for i in range(pos, end):
        if text[i] in "'‘" and _is_single_opener(text, i, end):
            return i
    return None


def _single_closer(text: str, opener: int, end: int) -> int | None:
    """The mark that closes the quote opened at `opener`, or None.

    A mark after punctuation closes at once. A mark after a letter (`the twins' room`) may be a
    possessive, so it closes only if no mark after punctuation comes before the next opener.
    """
    after_letter: int | None = None
    for i in range(opener + 1, end):
        char = text[i]
        if char in "'‘" and _is_single_opener(text, i, end) and text[i - 1].isspace():
            break
        if char not in "'’":
            continue
        after = text[i + 1] if i + 1 < end else " "
        before = text[i - 1]
        if _LETTER.match(after) or before.isspace():
            continue
        if before in _TERMINAL or before in ',;:"”)':
            return i
        if after_letter is None:
            after_letter = i
    return after_letter


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
