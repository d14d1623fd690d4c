"""A seeded generator of hostile import files (the reliability campaign of issue 14).

Each case is a valid seed file of one format, then a mutation: a hostile value put in a field
(deep nesting, huge integers, lone surrogates, NUL, bidi-only text, noncharacters, markup and
escape sequences), bytes flipped, inserted or cut, line ends changed. Same seed, same cases.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

TEXT = "استهدف هجوم صاروخي قاعدة التاجي، وهو ثالث هجوم على أهداف لواشنطن."

# (file name, content) of each format's seed; brat adds its .txt beside the .ann.
SEEDS: dict[str, list[tuple[str, str]]] = {
    "txt": [("a.txt", TEXT + "\nسطر ثان\n")],
    "jsonl": [
        (
            "a.jsonl",
            '{"id":"d1","title":"قاعدة","text":"' + TEXT + '","meta":{"source":"x","n":[1,2]},'
            '"status":"done","spans":[{"start":0,"end":6,"label":"EVENT","text":"استهدف",'
            '"annotator":"layla"}]}\n{"text":"نص ثان","id":"d2"}\n'
            # frames (a CLAIM about an EVENT), a relation, attributes and notes
            '{"id":"d3","text":"' + TEXT + ' ثالث","spans":[{"id":"T1","start":7,"end":11,'
            '"label":"EVENT","attributes":{"type":"attack","negated":true},"note":"ملاحظة"},'
            '{"id":"T2","start":19,"end":31,"label":"PLACE"},{"id":3,"start":0,"end":6,'
            '"label":"CLAIM"}],"frames":[{"id":"F1","trigger":"T1","type":"EVENT","args":'
            '[{"role":"location","span":"T2"}],"attributes":{"type":"attack"},"note":"ن"},'
            '{"id":"F2","trigger":3,"args":[{"role":"about","frame":"F1"}]}],'
            '"relations":[{"head":"T1","tail":"T2","type":"same_as"}],"note":"وثيقة"}\n',
        )
    ],
    "csv": [("a.csv", 'id,title,text,extra\n1,عنوان,"' + TEXT + '",x\n2,,"نص ثان",y\n')],
    "prodigy": [
        (
            "a.prodigy.jsonl",
            '{"text":"' + TEXT + '","meta":{"id":"p1"},"spans":[{"start":0,"end":6,'
            '"label":"EVENT"},{"start":19,"end":31,"label":"PLACE"}],"relations":[{"head":0,'
            '"child":4,"head_span":{"start":0,"end":6,"token_start":0,"token_end":0,'
            '"label":"EVENT"},"child_span":{"start":19,"end":31,"token_start":3,"token_end":4,'
            '"label":"PLACE"},"label":"at"}],"answer":"accept"}\n',
        )
    ],
    "doccano": [
        (
            "a.doccano.jsonl",
            '{"id":7,"text":"' + TEXT + '","label":[[0,6,"EVENT"],[19,31,"PLACE"]]}\n'
            '{"id":8,"text":"' + TEXT + ' ب","entities":[{"id":1,"label":"EVENT",'
            '"start_offset":7,"end_offset":11},{"id":2,"label":"PLACE","start_offset":19,'
            '"end_offset":31}],"relations":[{"id":1,"from_id":1,"to_id":2,"type":"at"}]}\n',
        )
    ],
    "hf": [
        (
            "a.hf.jsonl",
            '{"id":"h1","tokens":["استهدف","هجوم","صاروخي"],'
            '"ner_tags":["B-EVENT","I-EVENT","O"]}\n',
        )
    ],
    "conll": [("a.conll", "-DOCSTART- O\n\nاستهدف B-EVENT\nهجوم I-EVENT\nقاعدة O\n\nنص O\n")],
    "brat": [
        ("a.txt", TEXT + "\n"),
        (
            "a.ann",
            "T1\tEVENT 0 6\tاستهدف\nT2\tPLACE 19 31\tقاعدة التاجي\n#1\tNote T1\tx\n"
            "E1\tEVENT:T1 Place:T2\nE2\tCLAIM:T1 About:E1\nR1\tIn Arg1:T1 Arg2:T2\n"
            "*\tEquiv T1 T2\nA1\tNegated E1\nM2\tCertainty T2 High\n#2\tAnnotatorNotes E2\tن\n",
        ),
    ],
}

# JSON-escaped hostile values (they go inside a JSON string) ...
_HOSTILE_STRINGS = [
    "x\\ud800",
    "\\udfff",
    "a\\u0000b",
    "\\u200f\\u200e\\u202b",
    "\\ufdd0\\ufdd1",
    "<b>T</b><img src=x>",
    "\\u001b[2J",
    "\\r\\n",
    "",
    " ",
    "\\ufeff",
]
# ... and raw JSON values that replace a whole value.
_HOSTILE_VALUES = [
    "[" * 5000 + "]" * 5000,
    '{"a":' * 3000 + "1" + "}" * 3000,
    "1" * 4400,
    "-" + "9" * 5000,
    "1e999999",
    "NaN",
    "null",
    "true",
    "[]",
    "{}",
    "-1",
    "99999999999999999999999",
]


@dataclass
class Case:
    fmt: str
    files: list[tuple[str, bytes]]
    mutation: str

    @property
    def main(self) -> str:
        """The file to import (brat: the .ann)."""
        return self.files[-1][0]


def _json_mutation(rng: random.Random, text: str) -> tuple[str, str]:
    """Put a hostile value into a random string or value of a JSON seed."""
    quotes = [i for i, ch in enumerate(text) if ch == '"']
    if rng.random() < 0.5 and len(quotes) >= 2:
        # a string's content: between an opening quote and the next one
        k = rng.randrange(0, len(quotes) - 1)
        a, b = quotes[k] + 1, quotes[k + 1]
        value = rng.choice(_HOSTILE_STRINGS)
        return text[:a] + value + text[b:], f"string {value[:20]!r}"
    colons = [i for i, ch in enumerate(text) if ch == ":"]
    if not colons:
        return text, "none"
    at = rng.choice(colons) + 1
    end = at
    depth = 0
    # the value after the colon: up to the next , or } at this depth (good enough for seeds)
    while end < len(text):
        ch = text[end]
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            if depth == 0:
                break
            depth -= 1
        elif ch == "," and depth == 0:
            break
        elif ch == '"':
            end = text.index('"', end + 1)
        end += 1
    value = rng.choice(_HOSTILE_VALUES)
    return text[:at] + value + text[end:], f"value {value[:20]!r}"


def _text_mutation(rng: random.Random, text: str) -> tuple[str, str]:
    choice = rng.randrange(6)
    if choice == 0:
        return text.replace("\n", "\r\n"), "CRLF"
    if choice == 1:
        at = rng.randrange(len(text) + 1)
        value = rng.choice(["\r", "\x00", "\ufdd0", "\u200f\u200f", "\x1b[2J", "\t", '"', "\\"])
        return text[:at] + value + text[at:], f"insert {value!r}"
    if choice == 2:
        digits = [i for i, ch in enumerate(text) if ch.isdigit()]
        if digits:
            at = rng.choice(digits)
            big = rng.choice(["1" * 4400, "100", "2", "0", "999999999999"])
            return text[:at] + big + text[at + 1 :], f"number {big[:12]}"
    if choice == 3:
        return "\u200f\u200e\n" * rng.randrange(1, 4), "bidi only"
    if choice == 4:
        return text[: rng.randrange(len(text) + 1)], "truncated"
    lines = text.splitlines(keepends=True)
    rng.shuffle(lines)
    return "".join(lines) * rng.randrange(1, 3), "lines shuffled"


def _byte_mutation(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    buf = bytearray(data)
    for _ in range(rng.randrange(1, 6)):
        op = rng.randrange(3)
        at = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            at = min(at, len(buf) - 1)
            buf[at] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[at:at] = bytes([rng.randrange(256)])
        elif buf:
            del buf[at : at + rng.randrange(1, 8)]
    return bytes(buf), "bytes"


def cases(n: int, seed: int = 14) -> Iterator[Case]:
    """``n`` mutated files, cycling through the formats."""
    rng = random.Random(seed)
    names = sorted(SEEDS)
    for i in range(n):
        fmt = names[i % len(names)]
        files = [(name, text) for name, text in SEEDS[fmt]]
        k = len(files) - 1 if fmt != "brat" else rng.randrange(2)  # brat: mutate .txt or .ann
        name, text = files[k]
        r = rng.random()
        if r < 0.45 and fmt in ("jsonl", "prodigy", "doccano", "hf"):
            text, how = _json_mutation(rng, text)
            data = text.encode("utf-8", "surrogatepass")
        elif r < 0.8:
            text, how = _text_mutation(rng, text)
            data = text.encode("utf-8", "surrogatepass")
        else:
            data, how = _byte_mutation(rng, text.encode("utf-8"))
        out = [(nm, tx.encode("utf-8")) for nm, tx in files]
        out[k] = (name, data)
        yield Case(fmt, out, f"{name}: {how}")
