"""Turn pieces of NewsFANE_Gold_2014_170K.txt into the space-separated CoNLL of this folder.

    python bench/data/convert_newsfane.py RAW [OUT]     # OUT defaults to stdout

RAW is the source text as served, pieces concatenated in order (the 16,000-character pieces of
the public-code index cut lines in half; concatenated, the halves join up again): one
``token<TAB>TAG`` a line, a line holding only a tab between sentences. Any run of whitespace
separates token and tag, so tabs turned into spaces on the way do no harm.

OUT has one ``token TAG`` a line and an empty line between sentences. The last sentence is kept
only if a sentence break follows it: the end of the last piece cuts a sentence off, and that
cut sentence is left out. A line that is not ``token TAG`` with a BIO tag (``O``, ``B-X``,
``I-X``) anywhere before that point is an error. Prints the number of sentences, tokens and
entities (BIO chunks, counted like seqeval: a B- or an I- after O or after another label starts
one) to stderr.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

TAG = re.compile(r"^(O|[BI]-\S+)$")


def sentences(text: str) -> list[list[tuple[str, str]]]:
    """Complete sentences of the raw text: (token, tag) pairs; the trailing cut one dropped."""
    done: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    lines = text.split("\n")
    for n, line in enumerate(lines, 1):
        fields = line.split()
        if not fields:
            if cur:
                done.append(cur)
                cur = []
            continue
        if len(fields) != 2 or not TAG.match(fields[1]):
            if n == len(lines):  # the last line, cut off in the middle: part of the cut sentence
                break
            raise ValueError(f"line {n}: not 'token TAG': {line!r}")
        cur.append((fields[0], fields[1]))
    return done  # whatever is in cur has no break after it: the cut sentence


def count_entities(sents: list[list[tuple[str, str]]]) -> int:
    n = 0
    for sent in sents:
        prev = "O"
        for _, tag in sent:
            if tag.startswith("B-") or (tag.startswith("I-") and prev[2:] != tag[2:]):
                n += 1
            prev = tag
    return n


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    sents = sentences(Path(argv[0]).read_text(encoding="utf-8"))
    out = "\n\n".join("\n".join(f"{tok} {tag}" for tok, tag in s) for s in sents) + "\n"
    if len(argv) == 2:
        Path(argv[1]).write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    labels = {tag[2:] for s in sents for _, tag in s if tag != "O"}
    print(
        f"{len(sents)} sentences, {sum(map(len, sents))} tokens, "
        f"{count_entities(sents)} entities, {len(labels)} labels",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
