"""Checks of the arguments the package's functions take, and the one way it calls the native module.

Case records hold sensitive personal data, so no error may quote one. pybind11's own TypeError for an
argument it cannot convert lists the value of every argument of the call ("Invoked with: ..."): the
whole record, the list of records, the DataFrame's columns. So every argument is checked here first,
with an error that names the argument and the type it must have, never its value; and should an
argument still get through to pybind11, ``native_call`` raises the error again without that text.
"""

from __future__ import annotations

import datetime as _datetime
import operator as _operator
from typing import Any, Callable, Dict, Iterable, Mapping, Optional, TypeVar

from ._errors import OptionsError

__all__ = ["native_call", "as_of", "rule_sets", "flag", "threads", "unknown_columns", "name", "optional_name",
           "type_name"]

T = TypeVar("T")

# The most threads a call may ask for (the native module takes a C int).
_MOST_THREADS = 2**31 - 1


def type_name(value: Any) -> str:
    """The name of a value's type with its article ("an int", "a pandas.core.series.Series"), for a
    message: a type says nothing about the case."""
    cls = type(value)
    module = getattr(cls, "__module__", "")
    qualname = getattr(cls, "__qualname__", cls.__name__)
    name = qualname if module in ("builtins", "", None) else f"{module}.{qualname}"
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def native_call(what: str, function: Callable[..., T], *args: Any) -> T:
    """Calls a function of the native module. A TypeError from pybind11 (an argument it could not
    convert) quotes every argument, so it is replaced by one that does not; it is raised after the
    handler, so that the original is not kept as the new one's ``__context__`` either."""
    try:
        return function(*args)
    except TypeError:
        pass
    raise TypeError(f"{what}: an argument has a type the native module cannot take "
                    "(the details are not shown: they would quote the case)")


def _is_text(value: Any) -> bool:
    """A str that can be written as UTF-8 (no lone surrogates)."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def as_of(value: Any) -> Optional[str]:
    """The screening date as "YYYY-MM-DD" text (the native module checks it is a real date)."""
    if value is None:
        return None
    if isinstance(value, str):
        if not _is_text(value):
            raise OptionsError("as_of must be a date or a string written YYYY-MM-DD", pointer="/as_of")
        return value
    if isinstance(value, _datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, _datetime.date):
        return value.isoformat()
    if type(value).__name__ == "datetime64":
        return str(value)[:10]
    raise OptionsError(f"as_of must be a date or a string written YYYY-MM-DD, not {type_name(value)}",
                       pointer="/as_of")


def rule_sets(value: Any) -> Optional[Dict[str, str]]:
    """{review id: rule set id} from a mapping or (review, rule set) pairs."""
    if value is None:
        return None
    message = "rule_sets maps review ids to rule set ids (strings), e.g. {'dhr': 'dardr_2024'}"
    if isinstance(value, (str, bytes, bytearray)):
        raise OptionsError(message, pointer="/rule_sets")
    try:
        items: Iterable[Any] = value.items() if isinstance(value, Mapping) else iter(value)
    except TypeError:
        raise OptionsError(f"{message}, not {type_name(value)}", pointer="/rule_sets") from None
    out: Dict[str, str] = {}
    for item in items:
        try:
            review, rule_set = item
        except (TypeError, ValueError):
            raise OptionsError(message, pointer="/rule_sets") from None
        if not _is_text(review) or not _is_text(rule_set):
            raise OptionsError(message, pointer="/rule_sets")
        out[review] = rule_set
    return out


def flag(argument: str, value: Any) -> bool:
    """A switch: True or False (a numpy bool counts)."""
    if isinstance(value, bool):
        return value
    if type(value).__module__ == "numpy" and type(value).__name__ in ("bool_", "bool"):
        return bool(value)
    raise OptionsError(f"{argument} must be True or False, not {type_name(value)}", pointer=f"/{argument}")


def threads(value: Any) -> int:
    """A thread count: a whole number, 0 (one per core) or more."""
    message = "threads must be a whole number, 0 (one thread per core) or more"
    if isinstance(value, bool):
        raise OptionsError(f"{message}, not a bool", pointer="/threads")
    try:
        count = _operator.index(value)
    except TypeError:
        raise OptionsError(f"{message}, not {type_name(value)}", pointer="/threads") from None
    if count < 0 or count > _MOST_THREADS:
        raise OptionsError(f"{message} (at most {_MOST_THREADS})", pointer="/threads")
    return count


def detail(value: Any) -> str:
    if not isinstance(value, str) or value not in ("summary", "full"):
        raise OptionsError('detail is "summary" or "full"', pointer="/detail")
    return value


def unknown_columns(value: Any) -> str:
    if not isinstance(value, str) or value not in ("raise", "ignore"):
        raise OptionsError('unknown_columns is "raise" or "ignore"', pointer="/unknown_columns")
    return value


def name(argument: str, value: Any, pointer: str) -> str:
    """An id given as an option: a review, a rule set."""
    if isinstance(value, str) and not _is_text(value):
        raise OptionsError(f"{argument} must be an id such as 'sar' (this str is not valid Unicode)", pointer=pointer)
    if not isinstance(value, str):
        raise OptionsError(f"{argument} must be a str (an id such as 'sar'), not {type_name(value)}",
                           pointer=pointer)
    return value


def optional_name(argument: str, value: Any, pointer: str) -> Optional[str]:
    return None if value is None else name(argument, value, pointer)
