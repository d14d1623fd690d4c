"""model.py's records are built from methods generated ahead of time (annotator/core/_records.py,
issue 15 start-up): the generated module is up to date, and every class behaves as
``dataclasses.dataclass(frozen=..., slots=True)`` makes it: signature, docstring, repr,
equality, hashing, frozen errors, slots, match args, default factories, pickling and copying."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from pathlib import Path
from typing import Any

import pytest

from annotator.core import _records, model

NAMES = sorted(_records.ORIGINALS)


def test_generated_methods_are_up_to_date() -> None:
    generated = Path(_records.__file__).with_name("_model_records.py")
    assert generated.read_text(encoding="utf-8") == _records.generate(), (
        "run: python scripts/generate_model_records.py"
    )
    assert _records.FELL_BACK == []


def test_every_model_record_is_generated() -> None:
    made = {
        name
        for name, value in vars(model).items()
        if isinstance(value, type) and value.__module__ == model.__name__
    }
    assert made == set(NAMES)
    assert len(NAMES) == 20


def _pair(name: str) -> tuple[type, type, bool]:
    cls, frozen = _records.ORIGINALS[name]
    return getattr(model, name), _records.real_dataclass(cls, frozen), frozen


def _args(cls: type, salt: str) -> list[Any]:
    # a value per positional parameter; one hashable and distinct per field
    params = inspect.signature(cls).parameters
    return [f"{salt}{i}" for i, _p in enumerate(params)]


@pytest.mark.parametrize("name", NAMES)
def test_record_behaves_as_the_dataclass(name: str) -> None:
    ours, ref, frozen = _pair(name)
    assert str(inspect.signature(ours)) == str(inspect.signature(ref))
    assert ours.__doc__ == ref.__doc__
    assert ours.__slots__ == ref.__slots__  # type: ignore[attr-defined]
    assert ours.__match_args__ == ref.__match_args__  # type: ignore[attr-defined]
    assert ours.__qualname__ == ref.__qualname__
    assert (ours.__hash__ is None) == (ref.__hash__ is None)
    assert not hasattr(ours(*_args(ours, "a")), "__dict__")
    for kind in ("a", "b"):
        mine, theirs = ours(*_args(ours, kind)), ref(*_args(ref, kind))
        assert repr(mine) == repr(theirs)
        if frozen:
            assert hash(mine) == hash(theirs)
    a1, a2, b = ours(*_args(ours, "a")), ours(*_args(ours, "a")), ours(*_args(ours, "b"))
    assert a1 == a2 and a1 != b and not (a1 != a2)
    assert a1.__eq__(ref(*_args(ref, "a"))) is NotImplemented  # another class: never equal
    # only the first positional: every default (factories give a new object each time)
    required = [p for p in inspect.signature(ref).parameters.values() if p.default is p.empty]
    minimal = [f"m{i}" for i in range(len(required))]
    assert repr(ours(*minimal)) == repr(ref(*minimal))
    keywords = {p: f"k{p}" for p in inspect.signature(ref).parameters}
    assert repr(ours(**keywords)) == repr(ref(**keywords))
    for value in (a1, ours(*minimal)):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.copy(value) == value and copy.deepcopy(value) == value
    field = ref.__match_args__[0]  # type: ignore[attr-defined]
    if frozen:
        theirs = ref(*_args(ref, "a"))
        for obj in (a1, theirs):
            with pytest.raises(
                dataclasses.FrozenInstanceError, match=f"cannot assign to field '{field}'"
            ):
                setattr(obj, field, "x")
            with pytest.raises(
                dataclasses.FrozenInstanceError, match=f"cannot delete field '{field}'"
            ):
                delattr(obj, field)
        # any other name: refused too (Python 3.11's own slotted frozen classes raise TypeError
        # here, from a super() call on the class before slots; ours says what dataclasses means)
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'other'"):
            a1.other = 1  # type: ignore[attr-defined]
        with pytest.raises((TypeError, dataclasses.FrozenInstanceError)):
            theirs.other = 1  # type: ignore[attr-defined]
    else:
        setattr(a1, field, "x")
        assert getattr(a1, field) == "x" and a1 != a2
        with pytest.raises(AttributeError):
            a1.other = 1  # type: ignore[attr-defined]


def test_default_factories_give_each_record_its_own() -> None:
    one, two = model.DocRecord("a"), model.DocRecord("b")
    one.spans.append(model.SpanRecord(0, 1, "X"))
    one.meta["k"] = 1
    assert two.spans == [] and two.meta == {}
    assert model.SpanRecord(0, 1, "X").attributes is not model.SpanRecord(0, 1, "X").attributes


def test_methods_and_properties_of_the_classes_are_kept() -> None:
    row = model.Row("notes", 1, 2, (("a", 1), ("b", None)))
    assert row.get("a") == 1 and row.get("c", 5) == 5 and row.as_dict() == {"a": 1, "b": None}
    assert model.AttributeDef("f", "", "", (), ("*",), 0).is_flag
    assert model.Definitions().frame_types() == []
    match model.Span(1, 2, 3, 4, "L", "t", "a", "c", "u"):
        case model.Span(1, 2, start, end):
            assert (start, end) == (3, 4)
        case _:
            pytest.fail("match args")


def test_an_out_of_date_class_falls_back_to_dataclasses() -> None:
    class Label:  # model.Label with one more field than was generated
        name: str
        extra: int = 0

    made = _records.dataclass(frozen=True, slots=True)(Label)
    try:
        assert _records.FELL_BACK == ["Label"]
        assert dataclasses.is_dataclass(made)
        assert repr(made("n")).endswith("Label(name='n', extra=0)")
    finally:
        _records.FELL_BACK.clear()
        _records.ORIGINALS["Label"] = (model.Label, True)
