"""brat standoff beyond text-bound (T) lines: events (E), relations (R), equivalences (*),
attributes and modifications (A, M), notes (#) and normalizations (N).

Reading turns them into the record's frames, relations, attributes and notes (``brat.py`` parses
the T lines and calls ``Links.resolve``); writing turns those back into lines (``LinkWriter``) and
collects what ``annotation.conf`` declares (``Usage``). The conventions are described in the
docstring of ``brat.py``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import AnnotatorError, InputError
from ..model import (
    ArgRecord,
    AttributeDef,
    DocRecord,
    FrameRecord,
    RelationRecord,
    RelationType,
    RoleDef,
    SpanRecord,
)
from ._shared import Warn

# The id of relations read from (and written to) ``*`` lines: brat writes ``*`` in the id column.
SYMMETRIC_ID = "*"
# The target and type of the ``#`` line that holds a note on the whole document (our convention:
# brat has no document notes).
DOCUMENT_TARGET = "*"
DOCUMENT_NOTE = "DocumentNote"
SPAN_NOTE = "AnnotatorNotes"
ANY = "<ANY>"


def _bad(ann_name: str, lineno: int, ident: str, expected: str, found: str) -> InputError:
    return InputError(ann_name, lineno, f"{ident}: expected '{expected}' but found {found!r}")


def _ref(item: str) -> tuple[str, str]:
    """``Role:ID`` -> (role, id); the id never holds a colon, a role might."""
    role, colon, ident = item.rpartition(":")
    return (role, ident) if colon and role and ident else ("", "")


@dataclass
class Links:
    """The non-T lines of one ``.ann`` file, as parsed (ids not yet checked)."""

    # (line, id, type, trigger, [(role, id)])
    events: list[tuple[int, str, str, str, list[tuple[str, str]]]] = field(default_factory=list)
    # (line, id, type, (name, id), (name, id))
    relations: list[tuple[int, str, str, tuple[str, str], tuple[str, str]]] = field(
        default_factory=list
    )
    equivs: list[tuple[int, str, list[str]]] = field(default_factory=list)  # (line, type, ids)
    # (line, id, name, target, value or None for a flag)
    attributes: list[tuple[int, str, str, str, str | None]] = field(default_factory=list)
    notes: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, type, target, text
    normalizations: int = 0
    unknown: int = 0

    def parse(self, line: str, lineno: int, ann_name: str) -> None:
        """One line that is not a T line."""
        parts = line.split("\t")
        ident = parts[0].strip()
        kind = ident[:1]
        if not kind or kind not in "ER*AM#" or len(parts) < 2:
            if kind == "N" and len(parts) >= 2:
                self.normalizations += 1
            else:
                self.unknown += 1
            return
        fields = parts[1].split()
        if kind == "E":
            etype, trigger = _ref(fields[0]) if fields else ("", "")
            args = [_ref(f) for f in fields[1:]]
            if not trigger or any(not r for r, _i in args):
                raise _bad(ann_name, lineno, ident, "TYPE:TRIGGER ROLE:ID ...", parts[1])
            self.events.append((lineno, ident, etype, trigger, args))
        elif kind == "R":
            ends = [_ref(f) for f in fields[1:]]
            if len(fields) != 3 or not all(r for r, _i in ends):
                raise _bad(ann_name, lineno, ident, "TYPE Arg1:ID Arg2:ID", parts[1])
            self.relations.append((lineno, ident, fields[0], ends[0], ends[1]))
        elif kind == "*":
            if len(fields) < 2:
                raise _bad(ann_name, lineno, ident, "TYPE ID ID ...", parts[1])
            self.equivs.append((lineno, fields[0], fields[1:]))
        elif kind in "AM":
            if len(fields) not in (2, 3):
                raise _bad(ann_name, lineno, ident, "NAME TARGET [VALUE]", parts[1])
            value = fields[2] if len(fields) == 3 else None
            self.attributes.append((lineno, ident, fields[0], fields[1], value))
        else:  # "#"
            if len(fields) != 2:
                raise _bad(ann_name, lineno, ident, "TYPE TARGET<TAB>TEXT", parts[1])
            text = "\t".join(parts[2:])
            self.notes.append((lineno, fields[0], fields[1], text))

    def resolve(
        self,
        spans: dict[str, SpanRecord],
        split: dict[str, str],
        ann_name: str,
        warn: Warn | None,
    ) -> tuple[list[FrameRecord], list[RelationRecord], str | None]:
        """Frames, relations and the document note; attributes and notes go on ``spans``.

        ``spans`` maps every T id of the file to the span it became (the first piece of a
        discontinuous one); ``split`` maps the T ids of discontinuous annotations to their
        "T2 (line 4)" description, to report what points at them.
        """
        frames: dict[str, FrameRecord] = {}
        event_lines: dict[str, int] = {}
        for lineno, eid, _etype, _trigger, _args in self.events:
            if eid in event_lines or eid in spans:
                raise InputError(ann_name, lineno, f"{eid}: this id is used twice in the file")
            event_lines[eid] = lineno
        not_kept: list[str] = []
        pointed_at_split: dict[str, None] = {}

        def span_id(ref: str) -> str:
            if ref in split:
                pointed_at_split[split[ref]] = None
            sp = spans[ref]
            assert sp.id is not None  # every span something can point at has its id
            return sp.id

        def missing(lineno: int, who: str, ref: str) -> InputError:
            return InputError(ann_name, lineno, f"{who}: {ref} is not an annotation of the file")

        for lineno, eid, etype, trigger, args in self.events:
            if trigger not in spans:
                if trigger in event_lines:
                    raise InputError(
                        ann_name, lineno, f"{eid}: the trigger {trigger} is an event, not text"
                    )
                raise missing(lineno, eid, trigger)
            frame = FrameRecord(eid, span_id(trigger), etype)
            for role, ref in args:
                if ref in spans:
                    frame.args.append(ArgRecord(role, span=span_id(ref)))
                elif ref in event_lines:
                    frame.args.append(ArgRecord(role, frame=ref))
                else:
                    raise missing(lineno, eid, f"{role}:{ref}")
            frames[eid] = frame

        relations: list[RelationRecord] = []
        relation_ids: dict[str, int] = {}
        renamed = []
        for lineno, rid, rtype, (n1, a), (n2, b) in self.relations:
            if rid in relation_ids or rid in spans or rid in frames:
                raise InputError(ann_name, lineno, f"{rid}: this id is used twice in the file")
            relation_ids[rid] = lineno
            for ref in (a, b):
                if ref not in spans and ref not in frames:
                    raise missing(lineno, rid, ref)
            if a in frames or b in frames:
                not_kept.append(f"{rid} (line {lineno}): a relation of an event")
                continue
            if (n1, n2) != ("Arg1", "Arg2"):
                renamed.append(f"{rid} (line {lineno})")
            relations.append(RelationRecord(span_id(a), span_id(b), rtype, rid))
        relations.extend(self._equivalences(spans, frames, span_id, missing, not_kept))

        note: str | None = None
        for lineno, aid, name, target, value in self.attributes:
            owner = spans.get(target) or frames.get(target)
            if owner is None:
                if target in relation_ids:
                    not_kept.append(f"{aid} (line {lineno}): an attribute of relation {target}")
                    continue
                raise missing(lineno, aid, target)
            if target in split:
                pointed_at_split[split[target]] = None
            owner.attributes[name] = True if value is None else value
        for lineno, ntype, target, text in self.notes:
            if target == DOCUMENT_TARGET:
                note = text if note is None else f"{note}\n{text}"
                continue
            holder = spans.get(target) or frames.get(target)
            if holder is None:
                if target in relation_ids:
                    not_kept.append(f"a note (line {lineno}) on relation {target}")
                    continue
                raise missing(lineno, f"the note ({ntype})", target)
            if target in split:
                pointed_at_split[split[target]] = None
            holder.note = text if holder.note is None else f"{holder.note}\n{text}"

        if warn is not None:
            _report(warn, ann_name, self, not_kept, renamed, list(pointed_at_split))
        return list(frames.values()), relations, note

    def _equivalences(
        self,
        spans: dict[str, SpanRecord],
        frames: dict[str, FrameRecord],
        span_id: Callable[[str], str],
        missing: Callable[[int, str, str], InputError],
        not_kept: list[str],
    ) -> list[RelationRecord]:
        """``*`` lines as symmetric relations, one chain per connected group of each type:
        the members in the order they first appear, a relation between each two neighbours.
        Reading several lines of one group, or one line, gives the same relations; the writer
        writes the group back as one line."""
        groups: dict[str, list[list[str]]] = {}
        for lineno, etype, ids in self.equivs:
            members: list[str] = []
            for ref in ids:
                if ref in frames:
                    not_kept.append(f"* {etype} (line {lineno}): an equivalence of events")
                    members = []
                    break
                if ref not in spans:
                    raise missing(lineno, f"* {etype}", ref)
                sid = span_id(ref)
                if sid not in members:
                    members.append(sid)
            if len(members) < 2:
                continue
            merged = [g for g in groups.setdefault(etype, []) if not set(g).isdisjoint(members)]
            if not merged:
                groups[etype].append(members)
                continue
            first = merged[0]
            for g in merged[1:]:
                first.extend(m for m in g if m not in first)
                groups[etype].remove(g)
            first.extend(m for m in members if m not in first)
        out: list[RelationRecord] = []
        for etype, chains in groups.items():
            for chain in chains:
                out.extend(
                    RelationRecord(a, b, etype, SYMMETRIC_ID) for a, b in itertools.pairwise(chain)
                )
        return out


def _report(
    warn: Warn,
    ann_name: str,
    links: Links,
    not_kept: list[str],
    renamed: list[str],
    split: list[str],
) -> None:
    def some(items: list[str]) -> str:
        return ", ".join(items[:5]) + (" ..." if len(items) > 5 else "")

    if split:
        warn(
            f"{ann_name}: events, relations, attributes or notes point at discontinuous "
            f"annotation(s) {some(split)}: they now point at its first piece"
        )
    if not_kept:
        warn(f"{ann_name}: {len(not_kept)} line(s) not kept: {some(not_kept)}")
    if renamed:
        warn(
            f"{ann_name}: relation argument names other than Arg1/Arg2 are not kept (the first "
            f"is the head, the second the tail): {some(renamed)}"
        )
    if links.normalizations:
        warn(f"{ann_name}: {links.normalizations} normalization (N) line(s) not kept")
    if links.unknown:
        warn(f"{ann_name}: {links.unknown} line(s) of unknown kind ignored")


# --------------------------------------------------------------------------------- writing


def _name(value: str) -> str:
    """A type, role, attribute or value as one brat token."""
    return re.sub(r"\s+", "_", value) or "_"


def assign_ids(ids: Sequence[str | None], prefix: str, what: str, where: str) -> list[str]:
    """brat ids for records with ``ids``: kept when they all have brat's form (``T3``), with
    the records without one numbered after the highest; else ``T1``, ``T2``... in order."""
    given = [i for i in ids if i is not None]
    seen: set[str] = set()
    for i in given:
        if i in seen:
            raise AnnotatorError(f"{where}: {what} id {i!r} appears twice; export stopped")
        seen.add(i)
    pattern = re.compile(rf"{prefix}\d{{1,18}}")
    if all(pattern.fullmatch(i) for i in given):
        top = max((int(i[1:]) for i in given), default=0)
        out: list[str] = []
        for given_id in ids:
            if given_id is None:
                top += 1
            out.append(f"{prefix}{top}" if given_id is None else given_id)
        return out
    return [f"{prefix}{k}" for k in range(1, len(ids) + 1)]


@dataclass
class Usage:
    """What ``annotation.conf`` declares: the definitions given, plus what the records use."""

    labels: dict[str, None] = field(default_factory=dict)
    # frame type -> role -> fillers
    events: dict[str, dict[str, dict[str, None]]] = field(default_factory=dict)
    # relation type -> (heads, tails, symmetric)
    relations: dict[str, tuple[dict[str, None], dict[str, None], bool]] = field(
        default_factory=dict
    )
    # attribute name -> (targets, values); no values: a flag
    attributes: dict[str, tuple[dict[str, None], dict[str, None]]] = field(default_factory=dict)
    defined_symmetric: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def from_definitions(
        cls,
        labels: Sequence[str] | None,
        roles: Sequence[RoleDef] | None,
        relation_types: Sequence[RelationType] | None,
        attributes: Sequence[AttributeDef] | None,
    ) -> Usage:
        use = cls(labels=dict.fromkeys(_name(x) for x in labels or []))

        def filler(name: str) -> str:
            return ANY if name == "*" else _name(name.removeprefix("frame:"))

        for r in sorted(roles or [], key=lambda r: r.order):
            fillers = use.events.setdefault(_name(r.frame_type), {}).setdefault(_name(r.name), {})
            fillers.update(dict.fromkeys(filler(f) for f in r.fillers or (ANY,)))
        for t in sorted(relation_types or [], key=lambda t: t.order):
            use.defined_symmetric[t.name] = t.symmetric
            use.relations[_name(t.name)] = (
                dict.fromkeys(filler(x) for x in t.heads or (ANY,)),
                dict.fromkeys(filler(x) for x in t.tails or (ANY,)),
                t.symmetric,
            )
        for a in sorted(attributes or [], key=lambda a: a.order):
            use.attributes[_name(a.name)] = (
                dict.fromkeys(filler(x) for x in a.targets or (ANY,)),
                dict.fromkeys(_name(v.name) for v in a.values),
            )
        return use

    def is_symmetric(self, rel: RelationRecord) -> bool:
        """A defined type says; an undefined one is symmetric when read from a ``*`` line."""
        return self.defined_symmetric.get(rel.type, rel.id == SYMMETRIC_ID)

    def conf(self) -> str:
        events = set(self.events)
        lines = ["[entities]\n", *(f"{lab}\n" for lab in self.labels if lab not in events)]
        lines.append("\n[relations]\n")
        for name, (heads, tails, symmetric) in self.relations.items():
            extra = ", <REL-TYPE>:symmetric-transitive" if symmetric else ""
            lines.append(f"{name}\tArg1:{'|'.join(heads)}, Arg2:{'|'.join(tails)}{extra}\n")
        lines.append("\n[events]\n")
        for etype, roles in self.events.items():
            args = ", ".join(f"{role}:{'|'.join(fillers)}" for role, fillers in roles.items())
            lines.append(f"{etype}\t{args}\n" if args else f"{etype}\n")
        lines.append("\n[attributes]\n")
        for name, (targets, values) in self.attributes.items():
            value = f", Value:{'|'.join(values)}" if values else ""
            lines.append(f"{name}\tArg:{'|'.join(targets)}{value}\n")
        return "".join(lines)


def _declare(types: dict[str, None], name: str) -> None:
    """Add ``name`` to what a role, relation end or attribute allows, unless it allows any."""
    if ANY not in types:
        types.setdefault(name, None)


def _where(rec: DocRecord, index: int) -> str:
    return f"document {rec.external_id!r}" if rec.external_id else f"document {index}"


def link_lines(
    rec: DocRecord, index: int, tids: list[str], labels: list[str], use: Usage
) -> tuple[list[str], dict[str, int]]:
    """The E, R, *, A and # lines of ``rec`` whose spans got the brat ids ``tids`` (their
    labels as written: ``labels``), and counts for the report."""
    if not (rec.frames or rec.relations or rec.note is not None) and not any(
        sp.attributes or sp.note is not None for sp in rec.spans
    ):
        return [], {}  # spans only (the usual export): nothing to write here
    where = _where(rec, index)
    by_span: dict[str, int] = {}
    for k, sp in enumerate(rec.spans):
        if sp.id is not None:
            by_span[sp.id] = k
    eids = assign_ids([f.id for f in rec.frames], "E", "frame", where)
    by_frame = {f.id: k for k, f in enumerate(rec.frames)}

    def span_ref(ref: str, who: str) -> int:
        if ref not in by_span:
            raise AnnotatorError(f"{where}: {who} points at span {ref!r}, which it does not have")
        return by_span[ref]

    out: list[str] = []
    for f, eid in zip(rec.frames, eids, strict=True):
        who = f"frame {f.id}"
        ftype = _name(f.type)
        t = span_ref(f.trigger, who)
        roles = use.events.setdefault(ftype, {})
        args = []
        for arg in f.args:
            role = _name(arg.role)
            if arg.frame is not None:
                if arg.frame not in by_frame:
                    raise AnnotatorError(f"{where}: {who} points at frame {arg.frame!r}, missing")
                k = by_frame[arg.frame]
                args.append(f"{role}:{eids[k]}")
                filler = _name(rec.frames[k].type)
            else:
                k = span_ref(arg.span or "", who)
                args.append(f"{role}:{tids[k]}")
                filler = labels[k]
            _declare(roles.setdefault(role, {}), filler)
        out.append(f"{eid}\t{' '.join([f'{ftype}:{tids[t]}', *args])}\n")

    directed = [r for r in rec.relations if not use.is_symmetric(r)]
    rids = assign_ids([r.id for r in directed], "R", "relation", where)
    groups: dict[str, list[list[int]]] = {}
    for r in rec.relations:
        who = f"relation {r.id or r.type}"
        h, t = span_ref(r.head, who), span_ref(r.tail, who)
        rtype = _name(r.type)
        if r.type not in use.defined_symmetric:  # derive the declaration from the use
            heads, tails, _sym = use.relations.setdefault(rtype, ({}, {}, use.is_symmetric(r)))
            heads.setdefault(labels[h], None)
            tails.setdefault(labels[t], None)
        if not use.is_symmetric(r) or h == t:
            continue
        # connected groups, each kept in the order its members first appear
        chains = groups.setdefault(rtype, [])
        touching = [c for c in chains if h in c or t in c]
        if not touching:
            chains.append([h, t])
            continue
        first = touching[0]
        for c in touching[1:]:
            first.extend(m for m in c if m not in first)
            chains.remove(c)
        first.extend(m for m in (h, t) if m not in first)
    for r, rid in zip(directed, rids, strict=True):
        h, t = by_span[r.head], by_span[r.tail]
        out.append(f"{rid}\t{_name(r.type)} Arg1:{tids[h]} Arg2:{tids[t]}\n")
    for rtype, chains in groups.items():
        out.extend(f"*\t{rtype} {' '.join(tids[k] for k in chain)}\n" for chain in chains)

    owners: list[tuple[str, str, dict[str, Any], str | None]] = [
        (tids[k], labels[k], sp.attributes, sp.note) for k, sp in enumerate(rec.spans)
    ]
    owners += [
        (eid, _name(f.type), f.attributes, f.note) for f, eid in zip(rec.frames, eids, strict=False)
    ]
    n_attr = n_note = 0
    notes: list[str] = []
    for target, kind, attrs, note in owners:
        for name, value in attrs.items():
            if value is None or value is False:
                continue
            n_attr += 1
            aname = _name(name)
            targets, values = use.attributes.setdefault(aname, ({}, {}))
            _declare(targets, kind)
            if value is True:
                out.append(f"A{n_attr}\t{aname} {target}\n")
            else:
                values.setdefault(_name(str(value)), None)
                out.append(f"A{n_attr}\t{aname} {target} {_name(str(value))}\n")
        if note is not None:
            notes += [f"{SPAN_NOTE} {target}\t{line}" for line in note.split("\n")]
            n_note += 1
    if rec.note is not None:
        notes += [f"{DOCUMENT_NOTE} {DOCUMENT_TARGET}\t{line}" for line in rec.note.split("\n")]
        n_note += 1
    out.extend(f"#{k}\t{line}\n" for k, line in enumerate(notes, 1))
    counts = {
        "frames": len(rec.frames),
        "relations": len(rec.relations),
        "attributes": n_attr,
        "notes": n_note,
    }
    return out, counts
