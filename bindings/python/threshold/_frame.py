"""pandas DataFrames in and out of Rules.screen_many.

The columns go to the native module one by one, as numpy arrays that it reads without a Python
call per value where the dtype allows (bool, integer, float, datetime64); object and string
columns are read value by value in C++. The output columns come back as object arrays built in
C++ from the screening results, sharing one Python object per distinct string or tuple.
"""

from __future__ import annotations

import difflib
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import pandas as pd

from ._checks import native_call
from ._errors import CaseError, OptionsError
from ._threshold import field_name_is_showable

_CASE_ID = -2
_NESTED = -1


def _column(series: pd.Series) -> Tuple[np.ndarray, Optional[np.ndarray], bool]:
    """Returns (values, missing mask or None, values are days since 1970-01-01)."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        categories = np.asarray(series.cat.categories.astype(object), dtype=object)
        if len(categories) == 0:
            return np.full(len(series), None, dtype=object), None, False
        values = categories.take(np.where(codes < 0, 0, codes))
        return values, (codes < 0) if (codes < 0).any() else None, False
    kind = getattr(dtype, "kind", "O")
    if kind == "M":
        if getattr(dtype, "tz", None) is not None:
            series = series.dt.tz_localize(None)  # the calendar date where the time was recorded
        mask = series.isna().to_numpy(dtype=bool)
        values = series.to_numpy()
        if values.dtype.kind != "M":
            values = values.astype("datetime64[ns]")
        days = values.astype("datetime64[D]").astype(np.int64)  # whatever the unit, so no overflow
        return days, mask if mask.any() else None, True
    if isinstance(dtype, np.dtype):
        if kind == "b":
            return series.to_numpy(dtype=bool), None, False
        if kind in "iu":
            if kind == "u" and dtype.itemsize == 8:
                return series.to_numpy(dtype=np.float64), None, False  # beyond int64 reads as a big number
            return series.to_numpy(dtype=np.int64), None, False
        if kind == "f":
            return series.to_numpy(dtype=np.float64), None, False
        return series.to_numpy(dtype=object), None, False
    # pandas extension dtypes (nullable boolean/Int64/Float64, strings, ...): values plus a mask.
    mask = series.isna().to_numpy(dtype=bool)
    has_missing = bool(mask.any())
    if kind == "b":
        values = series.to_numpy(dtype=bool, na_value=False)
    elif kind in "iu" and not (kind == "u" and getattr(dtype, "itemsize", 8) == 8):
        values = series.to_numpy(dtype=np.int64, na_value=0)
    elif kind in "fiu":
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        values = series.to_numpy(dtype=object)
    return values, mask if has_missing else None, False


def _unknown_column(native: Any, name: Any, known: List[str]) -> CaseError:
    """The library's E405 for a column that names no fact: what it says of the record {name: null}.
    It quotes the name, with a did-you-mean, only when the name looks like a field name
    (threshold::FieldNameIsShowable); otherwise the name (a headerless CSV's first row of data, free
    text) is withheld from the message and the pointer. A name that is not a str is never quoted."""
    errors = native_call("Rules.screen_many", native.field_errors, name) if isinstance(name, str) else []
    if not errors or errors[0]["code"] != "E405":
        errors = native_call("Rules.screen_many", native.field_errors, "")  # a name never shown
    error = errors[0]
    message = error["message"]
    if error["pointer"] and "did you mean" not in message:
        # Shown, with no suggestion: the library suggests among the names of one object, and a
        # DataFrame's dotted columns (subject.agee) are best matched against the fact paths.
        hint = difflib.get_close_matches(name, known, n=1)
        if hint:
            message += f"; did you mean '/{hint[0]}'?"
    return CaseError(message + " (a DataFrame column that names no fact; pass unknown_columns='ignore' "
                     "to leave such columns out)", code="E405", pointer=error["pointer"])


def screen_frame(native: Any, frame: pd.DataFrame, as_of: Optional[str], rule_sets: Optional[Dict[str, str]],
                 threads: int, unknown_columns: str) -> pd.DataFrame:
    if not frame.columns.is_unique:
        duplicated = frame.columns[frame.columns.duplicated()].unique().tolist()[0]
        if isinstance(duplicated, str) and field_name_is_showable(duplicated):
            message = f"the DataFrame has more than one column named {duplicated!r}"
        else:
            message = "the DataFrame has more than one column of the same name (not shown: it may hold case data)"
        raise OptionsError(message, pointer="/columns")
    facts = native.facts
    paths = {fact["path"]: index for index, fact in enumerate(facts)}
    objects = {path.split(".", 1)[0] for path in paths if "." in path}
    columns: List[Tuple[str, int, np.ndarray, Optional[np.ndarray], bool]] = []
    for name in frame.columns:
        if isinstance(name, str) and name == "case_id":
            fact = _CASE_ID
        elif isinstance(name, str) and name in paths:
            fact = paths[name]
        elif isinstance(name, str) and name in objects:
            fact = _NESTED
        else:
            if unknown_columns == "ignore":
                continue
            raise _unknown_column(native, name, list(paths) + sorted(objects) + ["case_id"])
        values, mask, days = _column(frame[name])
        columns.append((name, fact, np.ascontiguousarray(values), mask, days))
    out = native_call("Rules.screen_many", native.screen_columns, len(frame), columns, as_of, rule_sets, threads)
    return pd.DataFrame(out, index=frame.index, copy=False)
