"""Who says each quoted line: a sieve of small named rules, each with a measured confidence.

The modules, in the order a chapter passes through them:

- `cast`, `lexicon`: the characters and their names; the word lists the rules look words up in.
- `context`: what every rule looks at (the text, the cast, the names mentioned in narration).
- `turns`: a chapter's speech paragraphs as the turns of conversations.
- `mentions`: the speech tag next to a quote (`said Elizabeth`, `he cried`, `Emma continued:`).
- `names`, `anaphora`, `people`, `narrator`: which character a tag's name, pronoun or description
  is, and who `I` is in a story told in the first person.
- `conversation`: untagged lines, by action beats, the one addressed, turn-taking and alternation.
- `sieve`: `attribute()`, the passes in order (`PASSES`).
- `confidence`, `rule_confidence`: how likely a line is right, by a model of the rule and where
  the line sits, fitted by `benchmarks/attribution.py --calibrate`.
"""
