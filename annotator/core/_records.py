"""``dataclass(frozen=..., slots=True)`` for the records of ``model.py``, with the methods written
out ahead of time (``_model_records.py``, written by ``scripts/generate_model_records.py``).

``dataclasses`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and, for a
frozen class, ``__setattr__`` and ``__delattr__`` as source text and compiles it, on every start:
model.py's 20 classes took 105 compilations, 7 of the 9 ms its import cost every command
(issue 15). Here the same methods come compiled from the generated module's bytecode cache.
A class whose fields no longer match what was generated (a field added, a default changed and
``generate()`` not run) gets the real ``dataclasses.dataclass``: right, only slower;
tests/test_records.py checks that none does and that each class behaves as the real
dataclass would (signature, repr, equality, hash, frozen errors, slots, pickling, copying).

Type checkers see ``dataclasses.dataclass`` itself (model.py imports it under TYPE_CHECKING).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# model class name -> (the class as written, frozen): what tests compare against real dataclasses
ORIGINALS: dict[str, tuple[type, bool]] = {}
# classes that fell back to dataclasses.dataclass (the generated module is out of date)
FELL_BACK: list[str] = []


class Factory:
    """``field(default_factory=...)`` as a class attribute, until the decorator reads it."""

    __slots__ = ("factory",)

    def __init__(self, factory: Callable[[], Any]) -> None:
        self.factory = factory


def field(*, default_factory: Callable[[], Any]) -> Any:
    return Factory(default_factory)


def spec(cls: type, frozen: bool) -> tuple[Any, ...]:
    """What the generated methods of ``cls`` depend on: fields, their defaults, frozen."""
    fields = []
    # the class's own annotations (inspect.get_annotations: inspect is what start-up avoids)
    for name, hint in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        if name in cls.__dict__:
            value = cls.__dict__[name]
            default: tuple[str, str] | None = (
                ("factory", value.factory.__name__)
                if isinstance(value, Factory)
                else ("default", repr(value))
            )
        else:
            default = None
        fields.append((name, str(hint), default))
    return (frozen, tuple(fields))


def real_dataclass(cls: type, frozen: bool) -> type:
    """``cls`` made by ``dataclasses.dataclass(frozen=frozen, slots=True)`` (a new class)."""
    import dataclasses

    ns = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__")}
    for name, value in list(ns.items()):
        if isinstance(value, Factory):
            ns[name] = dataclasses.field(default_factory=value.factory)
    fresh = type(cls)(cls.__name__, cls.__bases__, ns)
    fresh.__qualname__ = cls.__qualname__
    return dataclasses.dataclass(frozen=frozen, slots=True)(fresh)


def dataclass(*, frozen: bool = False, slots: bool = False) -> Callable[[type], Any]:
    if not slots:
        raise TypeError("model records are slotted")

    def wrap(cls: type) -> type:
        from . import _model_records as generated

        name = cls.__name__
        ORIGINALS[name] = (cls, frozen)
        made: Callable[[type], dict[str, Any]] | None = generated.MAKERS.get(name)
        if made is None or generated.SPECS.get(name) != spec(cls, frozen):
            FELL_BACK.append(name)
            return real_dataclass(cls, frozen)
        annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
        names = tuple(annotations)
        ns = {
            k: v
            for k, v in cls.__dict__.items()
            if k not in ("__dict__", "__weakref__") and k not in annotations
        }
        ns["__slots__"] = names
        ns["__match_args__"] = names
        if ns.get("__doc__") is None:
            ns["__doc__"] = generated.DOCS[name]
        new = type(cls)(name, cls.__bases__, ns)
        new.__qualname__ = cls.__qualname__
        methods = made(new)
        methods["__init__"].__annotations__ = {**annotations, "return": None}
        if not frozen:
            methods["__hash__"] = None  # eq without frozen: unhashable, as dataclasses makes it
        for key, fn in methods.items():
            if fn is not None:
                fn.__qualname__ = f"{cls.__qualname__}.{key}"
            setattr(new, key, fn)
        return new

    return wrap


# --------------------------------------------------------------------------------- generating
def _maker(name: str, frozen: bool, fields: list[tuple[str, tuple[str, str] | None]]) -> str:
    names = [f for f, _d in fields]
    params, body = [], []
    for f, default in fields:
        if default is None:
            params.append(f)
            value = f
        elif default[0] == "factory":
            params.append(f"{f}=FACTORY")
            value = f"{default[1]}() if {f} is FACTORY else {f}"
        else:
            params.append(f"{f}={default[1]}")
            value = f
        set_it = f"_set(self, {f!r}, {value})" if frozen else f"self.{f} = {value}"
        body.append(f"        {set_it}")
    own = "".join(f"self.{f}, " for f in names)
    other = "".join(f"other.{f}, " for f in names)
    shown = ", ".join(f"{f}={{self.{f}!r}}" for f in names)
    lines = [
        f"def _{name}(cls):",
        f"    def __init__(self, {', '.join(params)}):",
        *body,
        "",
        "    def __repr__(self):",
        f'        return self.__class__.__qualname__ + f"({shown})"',
        "",
        "    def __eq__(self, other):",
        "        if other.__class__ is self.__class__:",
        f"            return ({own}) == ({other})",
        "        return NotImplemented",
        "",
    ]
    made = ["__init__", "__repr__", "__eq__"]
    if frozen:
        lines += [
            "    def __hash__(self):",
            f"        return hash(({own}))",
            "",
            "    def __setattr__(self, name, value):",
            f"        if type(self) is cls or name in {tuple(names)!r}:",
            "            raise _frozen(f'cannot assign to field {name!r}')",
            "        super(cls, self).__setattr__(name, value)",
            "",
            "    def __delattr__(self, name):",
            f"        if type(self) is cls or name in {tuple(names)!r}:",
            "            raise _frozen(f'cannot delete field {name!r}')",
            "        super(cls, self).__delattr__(name)",
            "",
            "    def __getstate__(self):",
            f"        return [{own}]",
            "",
            "    def __setstate__(self, state):",
            f"        for name, value in zip({tuple(names)!r}, state):",
            "            _set(self, name, value)",
            "",
        ]
        made += ["__hash__", "__setattr__", "__delattr__", "__getstate__", "__setstate__"]
    lines.append("    return {" + ", ".join(f"{m!r}: {m}" for m in made) + "}")
    return "\n".join(lines)


HEADER = '''"""Generated by ``annotator.core._records.generate()`` from model.py: do not edit.
The methods ``dataclasses.dataclass(frozen=..., slots=True)`` would write for each record,
compiled once into the bytecode cache instead of at every start (see _records.py)."""

# ruff: noqa
# mypy: ignore-errors


class _Factory:
    def __repr__(self):
        return "<factory>"


FACTORY = _Factory()
_set = object.__setattr__


def _frozen(message):
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(message)
'''


def generate() -> str:
    """The source of ``_model_records.py`` for the classes of model.py as they stand (imported
    first: its decorators fill ORIGINALS)."""
    import inspect

    if not ORIGINALS:
        raise RuntimeError("import annotator.core.model first")

    parts, specs, docs, makers = [HEADER], [], [], []
    for name, (cls, frozen) in ORIGINALS.items():
        s = spec(cls, frozen)
        fields = [(f, d) for f, _hint, d in s[1]]
        for _f, d in fields:
            if d is not None and d[0] == "factory" and d[1] not in ("dict", "list"):
                raise ValueError(f"{name}: only dict and list factories are generated")
        parts.append(_maker(name, frozen, fields))
        specs.append(f"    {name!r}: {s!r},")
        ref = real_dataclass(cls, frozen)
        doc = name + str(inspect.signature(ref)).replace(" -> None", "")
        docs.append(f"    {name!r}: {doc!r},")
        makers.append(f"    {name!r}: _{name},")
    parts.append("SPECS = {\n" + "\n".join(specs) + "\n}")
    parts.append("DOCS = {\n" + "\n".join(docs) + "\n}")
    parts.append("MAKERS = {\n" + "\n".join(makers) + "\n}")
    return "\n\n\n".join(parts) + "\n"
