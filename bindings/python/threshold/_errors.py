"""The exceptions the threshold package raises.

Every error carries a stable code, and where it applies a JSON Pointer into the case record or a
file, line and column in a rule file. Messages name fields, never their values: case records hold
sensitive personal data.

    ThresholdError            base class: .code, .pointer, .file, .line, .column, .message
    +-- RuleError             rules that do not compile: .diagnostics (list of Diagnostic)
    +-- CaseError             a case record that cannot be screened: .errors, .case_id
    +-- OptionsError          a bad option: as_of, rule_sets, why_not, threads, a review, ...

A wrongly typed argument that is not an option (a path, rule sources, the cases of screen_many)
raises TypeError, naming the argument, never its value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Optional

__all__ = ["ThresholdError", "RuleError", "CaseError", "OptionsError", "Diagnostic", "DiagnosticNote"]


class ThresholdError(Exception):
    """Base class of every error the package raises about rules, records or options."""

    code: Optional[str]
    pointer: Optional[str]
    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    message: str

    def __init__(self, message: str, *, code: Optional[str] = None, pointer: Optional[str] = None,
                 file: Optional[str] = None, line: Optional[int] = None, column: Optional[int] = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.pointer = pointer
        self.file = file
        self.line = line
        self.column = column


@dataclass(frozen=True)
class DiagnosticNote:
    """Extra located information attached to a diagnostic."""

    file: str
    line: int
    column: int
    message: str


@dataclass(frozen=True)
class Diagnostic:
    """An error or warning found in rule files, with its place (line and column are 1-based)."""

    severity: str  # "error", "warning" or "note"
    code: str  # stable, e.g. "E201"; catalogued in docs/diagnostics.md
    message: str
    file: str
    line: int
    column: int
    notes: List[DiagnosticNote] = field(default_factory=list)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}: " if self.file else ""
        return f"{where}{self.severity}: {self.message} [{self.code}]"

    @classmethod
    def _from_dict(cls, d: dict) -> "Diagnostic":
        notes = [DiagnosticNote(**n) for n in d.get("notes", [])]
        return cls(severity=d["severity"], code=d["code"], message=d["message"], file=d["file"],
                   line=d["line"], column=d["column"], notes=notes)


class RuleError(ThresholdError):
    """Rules that could not be compiled.

    ``str(error)`` is the rendered diagnostics (``file:line:col: error: message [code]`` with the
    source line and a caret); ``.diagnostics`` lists them as data; ``.code``, ``.file``, ``.line``
    and ``.column`` are those of the first error.
    """

    diagnostics: List[Diagnostic]

    def __init__(self, message: str, *, diagnostics: List[Any] = ()):
        items = [d if isinstance(d, Diagnostic) else Diagnostic._from_dict(d) for d in diagnostics]
        first = next((d for d in items if d.severity == "error"), items[0] if items else None)
        super().__init__(message, code=first.code if first else None, file=first.file if first else None,
                         line=first.line if first else None, column=first.column if first else None)
        self.diagnostics = items


class CaseError(ThresholdError, ValueError):
    """A case record that could not be screened.

    ``.code`` (E4xx, see docs/diagnostics.md), ``.pointer`` (JSON Pointer of the field, "" for the
    whole record) and ``.message`` describe the first problem; ``.errors`` lists every one as
    ``{"code", "pointer", "message"}``; ``.case_id`` echoes the record's case_id when it had one.
    """

    errors: List[dict]
    case_id: Optional[str]

    def __init__(self, message: str, *, code: str, pointer: str = "", errors: Optional[List[dict]] = None,
                 case_id: Optional[str] = None):
        super().__init__(message, code=code, pointer=pointer)
        self.errors = list(errors) if errors is not None else [
            {"code": code, "pointer": pointer, "message": message}]
        self.case_id = case_id

    def __str__(self) -> str:
        where = self.pointer or "record"
        more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        return f"{where}: {self.message} [{self.code}]{more}"


class OptionsError(ThresholdError, ValueError):
    """An option the rules cannot honour, or one of the wrong type: an invalid as_of date, an
    unknown review or rule set, a why_not, threads or unknown_columns that is not what it must be,
    or a DataFrame with two columns of one name. ``.pointer`` says which (e.g. "/rule_sets/dhr",
    "/threads"); the message names the option and the type it must have, never its value."""

    def __init__(self, message: str, *, pointer: str = "", code: str = "options"):
        super().__init__(message, code=code, pointer=pointer)

    def __str__(self) -> str:
        return f"{self.pointer}: {self.message}" if self.pointer else self.message
