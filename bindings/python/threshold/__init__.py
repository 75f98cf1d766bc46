"""Threshold: screens safeguarding referrals in England against the statutory review criteria.

The compiled rules and the screening run in C++ (the native module ``threshold._threshold``); this
package is the thin Python layer over it::

    import threshold

    rules = threshold.Rules.builtin()
    result = rules.screen({"subject": {"age": 84, "in_area": True, "care_and_support_needs": True},
                           "incident": {"died": True}, "death_from_abuse_or_neglect": "suspected"},
                          as_of="2025-10-01")
    result["reviews"]["sar"]["possible_outcomes"]      # ['mandatory', 'discretionary']
    result                                             # in Jupyter: a table with the reasons

    frame = rules.screen_many(df)                      # a pandas DataFrame in, one row per case out

A result is the result contract (docs/result.md), the same object ``threshold screen`` writes.
Case records hold sensitive personal data: nothing here prints, logs or stores them, and no error
message quotes a fact's value.
"""

from __future__ import annotations

import contextlib as _contextlib
import datetime as _datetime
import gc as _gc
import os as _os
import sys as _sys
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

from . import _checks
from . import _threshold as _native
from ._display import Graph, Result
from ._errors import CaseError, Diagnostic, DiagnosticNote, OptionsError, RuleError, ThresholdError

__all__ = [
    "Rules",
    "Result",
    "Graph",
    "ThresholdError",
    "RuleError",
    "CaseError",
    "OptionsError",
    "Diagnostic",
    "DiagnosticNote",
    "__version__",
]

__version__: str = _native.__version__

DateLike = Union[str, _datetime.date, None]
RuleSets = Union[Mapping[str, str], Iterable[Any], None]


class Rules:
    """A compiled rule pack: compile once, screen many cases.

    Immutable and safe to share between threads. Get one with :meth:`builtin` (the England rules
    compiled into the library), :meth:`load` (a directory of ``*.rules`` files and its calendar)
    or :meth:`compile` (sources in memory). Rules that do not compile raise :class:`RuleError`.
    """

    __slots__ = ("_native",)
    _builtin: Optional["Rules"] = None

    def __init__(self, native: "_native.Rules"):
        if not isinstance(native, _native.Rules):
            raise TypeError("use Rules.builtin(), Rules.load(path) or Rules.compile(sources)")
        self._native = native

    # -- getting rules ---------------------------------------------------------------------------

    @classmethod
    def builtin(cls) -> "Rules":
        """The built-in England rule pack (compiled once per process and shared)."""
        if Rules._builtin is None:
            Rules._builtin = cls(_checks.native_call("Rules.builtin", _native.Rules.builtin))
        return Rules._builtin

    @classmethod
    def load(cls, path: Union[str, bytes, "_os.PathLike[str]"]) -> "Rules":
        """Compiles every ``*.rules`` and ``*.txt`` file of the directory ``path``."""
        if not isinstance(path, (str, bytes, _os.PathLike)):
            raise TypeError(f"Rules.load: path must be a str or os.PathLike (a directory), not "
                            f"{_checks.type_name(path)}")
        try:
            directory = _os.fsencode(path)  # the file system's own bytes, whatever the name holds
        except (TypeError, UnicodeError):
            raise TypeError("Rules.load: path must be a str or os.PathLike naming a directory") from None
        return cls(_checks.native_call("Rules.load", _native.Rules.load, directory))

    @classmethod
    def compile(cls, sources: Union[Mapping[str, str], Iterable[Any]]) -> "Rules":
        """Compiles rule sources held in memory: ``{file name: text}`` (or (name, text) pairs).
        One of them must be the calendar file the pack declares."""
        message = "Rules.compile: sources maps file names (str) to rule text (str)"
        if isinstance(sources, (str, bytes, bytearray)):
            raise TypeError(message)
        try:
            items = list(sources.items() if isinstance(sources, Mapping) else sources)
        except TypeError:
            raise TypeError(f"{message}, not {_checks.type_name(sources)}") from None
        pairs = []
        for item in items:
            try:
                name, text = item
            except (TypeError, ValueError):
                raise TypeError(message) from None
            if not isinstance(name, str) or not isinstance(text, str):
                raise TypeError(message)
            pairs.append((name, text))
        return cls(_checks.native_call("Rules.compile", _native.Rules.compile, pairs))

    # -- what the rules are ----------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The rule pack's name, e.g. "england"."""
        return self._native.name

    @property
    def title(self) -> str:
        return self._native.title

    @property
    def version(self) -> str:
        """The rule pack's version, e.g. "2026.12.1"."""
        return self._native.version

    @property
    def digest(self) -> str:
        """"sha256:<hex>" over the rule sources: identifies the exact rules a screening used."""
        return self._native.digest

    @property
    def reviews(self) -> List[str]:
        """The review ids, in declaration order (e.g. ["cspr", "sar", "dhr"])."""
        return list(self._native.reviews)

    @property
    def facts(self) -> List[Dict[str, Any]]:
        """The declared facts: path, pointer, type, question, help, sensitivity, derived, and
        min/max (integers) or options/labels (enums)."""
        return self._native.facts

    @property
    def warnings(self) -> List[Diagnostic]:
        """Warnings found while compiling (usable rules have no errors)."""
        return [Diagnostic._from_dict(d) for d in self._native.diagnostics]

    def __repr__(self) -> str:
        return f"<threshold.Rules {self.name} {self.version} ({self.digest[:15]}...)>"

    # -- screening -------------------------------------------------------------------------------

    def screen(self, record: Any, *, as_of: DateLike = None, rule_sets: RuleSets = None,
               why_not: bool = True) -> Result:
        """Screens one case record against every review.

        ``record`` is a dict (nested, as in the case record, or with dotted keys such as
        "subject.age"), a pandas Series, or JSON text (str or bytes). None, NaN, pandas.NA and NaT
        mean unknown; dates may be "YYYY-MM-DD" strings or date/datetime/Timestamp objects.
        ``as_of`` is the screening date (default today); ``rule_sets`` forces a rule set per review,
        e.g. ``{"dhr": "dardr_2024"}``; ``why_not`` adds what would change each outcome. Returns the
        result contract (docs/result.md) as a dict, which shows as a table in Jupyter. Raises
        :class:`CaseError` for a record that cannot be read and :class:`OptionsError` for a bad
        option.
        """
        options = (_checks.as_of(as_of), _checks.rule_sets(rule_sets), _checks.flag("why_not", why_not))
        return Result(_checks.native_call("Rules.screen", self._native.screen, _record(record), *options))

    def screen_many(self, cases: Any, *, as_of: DateLike = None, rule_sets: RuleSets = None,
                    threads: int = 0, unknown_columns: str = "raise") -> Any:
        """Screens many cases on every core (``threads=0``), with the GIL released.

        A pandas DataFrame gives a DataFrame with the same index: one row per case and, per review,
        ``<review>.outcome`` (None while undetermined), ``.possible`` (tuple of outcomes),
        ``.missing`` (tuple of fact paths, most decisive first), ``.deadlines`` ({id: "YYYY-MM-DD"
        or None}), ``.flags`` (tuple of flag ids) and ``.rule_set``; then ``next_question``,
        ``error`` (None, or the row's problems as text) and ``errors`` (as dicts). A row's facts
        come from columns named by fact path ("subject.age") or holding nested dicts ("subject"),
        and ``case_id``. A column that names no fact raises :class:`CaseError` (E405) unless
        ``unknown_columns="ignore"``.

        Any other iterable of records (dicts, JSON texts, bytes) gives a list of :class:`Result`,
        with an error object (``{"case_id", "error", "errors"}``, as the command line writes) in
        place of each record that cannot be read (None, a number, text that is not JSON, ...):
        a bad record never stops the others.
        """
        options = (_checks.as_of(as_of), _checks.rule_sets(rule_sets))
        count = _checks.threads(threads)
        unknown = _checks.unknown_columns(unknown_columns)
        pandas = _sys.modules.get("pandas")
        if pandas is not None and isinstance(cases, pandas.DataFrame):
            from ._frame import screen_frame

            with _no_gc():
                return screen_frame(self._native, cases, *options, count, unknown)
        message = ("Rules.screen_many: cases must be a pandas DataFrame or an iterable of records (dicts or "
                   "JSON texts)")
        if isinstance(cases, (str, bytes, bytearray, Mapping)) or (
                pandas is not None and isinstance(cases, pandas.Series)):
            raise TypeError(f"{message}, not {_checks.type_name(cases)}")
        try:
            iterator = iter(cases)
        except TypeError:
            raise TypeError(f"{message}, not {_checks.type_name(cases)}") from None
        records = [_record(r) for r in iterator]
        with _no_gc():
            return _checks.native_call("Rules.screen_many", self._native.screen_records, records, *options, True,
                                       count, Result)

    def explain(self, record: Any, *, as_of: DateLike = None, rule_sets: RuleSets = None,
                detail: str = "summary") -> str:
        """The screening note for one case, as text (the same note as ``threshold screen --format
        text``). ``detail="summary"`` leads with the decision: per review one sentence with its
        deadlines, or the outcomes still possible and the facts they turn on; then what a person must
        decide, what was assumed, the advice, and for live reviews the test clause by clause.
        ``detail="full"`` gives every review's clauses and counterfactuals with every citation."""
        options = (_checks.as_of(as_of), _checks.rule_sets(rule_sets), _checks.detail(detail))
        return _checks.native_call("Rules.explain", self._native.explain, _record(record), *options)

    def questions(self, record: Any, *, as_of: DateLike = None, rule_sets: RuleSets = None) -> List[Dict[str, Any]]:
        """The facts still missing across every review, as questions ranked most useful first:
        ``{"fact", "question", "type", "reviews", "why", "help"?, "options"?}`` (as
        ``threshold questions --format json``)."""
        options = (_checks.as_of(as_of), _checks.rule_sets(rule_sets))
        return _checks.native_call("Rules.questions", self._native.questions, _record(record), *options)

    def schema(self) -> Dict[str, Any]:
        """The JSON Schema (draft 2020-12) of the case record, for forms."""
        return self._native.schema()

    def graph(self, regime: str, case: Any = None, *, rule_set: Optional[str] = None, as_of: DateLike = None,
              rule_sets: RuleSets = None) -> Graph:
        """The decision logic of one review (``regime``: "cspr", "sar" or "dhr") as a Graphviz
        graph: outcomes, the conditions they read, the facts, with citations. With a ``case``, the
        path that case took is coloured. Shows as SVG in Jupyter when Graphviz's ``dot`` is
        installed, else as DOT text; ``str(graph)`` is the DOT text."""
        review = _checks.name("regime", regime, "/review")
        chosen = _checks.optional_name("rule_set", rule_set, "/rule_set")
        options = (_checks.as_of(as_of), _checks.rule_sets(rule_sets))
        record = None if case is None else _record(case)
        dot = _checks.native_call("Rules.graph", self._native.graph, review, chosen or "", record, *options)
        return Graph(dot)


# -- argument normalisation ----------------------------------------------------------------------


@_contextlib.contextmanager
def _no_gc():
    """Pauses the cyclic garbage collector while a batch's output is built: the output is a few
    objects per case, none of them in a cycle, and collecting repeatedly while they are made costs
    more than making them."""
    enabled = _gc.isenabled()
    _gc.disable()
    try:
        yield
    finally:
        if enabled:
            _gc.enable()


def _record(record: Any) -> Any:
    """A record as the native module takes it: a dict, JSON text (str or bytes), or any other value,
    which it writes as JSON for the library to read or refuse (None, a number or a list is not a
    record: E406, as on the command line). A mapping that cannot be read is passed on as it is, and
    refused as a record that is not a JSON object (E406): its own error could quote it."""
    if isinstance(record, (dict, str, bytes)):
        return record
    if isinstance(record, (bytearray, memoryview)):
        return bytes(record)
    pandas = _sys.modules.get("pandas")
    try:
        if isinstance(record, Mapping):
            return dict(record)
        if pandas is not None and isinstance(record, pandas.Series):  # a row of a DataFrame
            return record.to_dict()
    except Exception:  # noqa: BLE001
        pass
    return record
