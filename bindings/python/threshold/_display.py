"""How results and graphs show in Jupyter: a result as an HTML table (each review's outcome,
reasons with citations, missing facts, deadlines, flags), a decision graph as SVG (rendered by
Graphviz's ``dot`` when it is installed, else shown as DOT text). Nothing here prints; the HTML is
built from the result contract alone, which holds no fact values."""

from __future__ import annotations

import html
import shutil
import subprocess
from typing import Any, Dict, List, Optional

__all__ = ["Result", "Graph"]

_STYLE = """<style>
.threshold-result table {border-collapse: collapse; margin: 0.3em 0 0.8em 0; font-size: 0.92em}
.threshold-result th, .threshold-result td {border: 1px solid #ccc; padding: 3px 6px; text-align: left;
  vertical-align: top}
.threshold-result th {background: #f3f3f3}
.threshold-result .yes {background: #c8e6c9} .threshold-result .no {background: #ffcdd2}
.threshold-result .unknown {background: #ffe0b2}
.threshold-result .cite {color: #555; font-size: 0.9em}
.threshold-result details {margin: 0.2em 0 0.6em 0}
.threshold-result summary {cursor: pointer; font-weight: bold}
</style>"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _citation(item: Dict[str, Any]) -> str:
    citations = item.get("citations") or ([item["citation"]] if item.get("citation") else [])
    parts = []
    for c in citations:
        text = f"{c.get('instrument', '')} {c.get('provision', '')}".strip()
        if c.get("note"):
            text += f" ({c['note']})"
        parts.append(_e(text))
    return "<br>".join(parts)


def _value_cell(value: Optional[bool]) -> str:
    if value is True:
        return '<td class="yes">yes</td>'
    if value is False:
        return '<td class="no">no</td>'
    return '<td class="unknown">unknown</td>'


def _outcome_text(review: Dict[str, Any]) -> str:
    if review.get("outcome") is not None:
        return f"<b>{_e(review['outcome'])}</b>"
    possible = ", ".join(review.get("possible_outcomes") or [])
    return f"<i>undetermined</i>: one of {_e(possible)}"


def _deadline_due(deadline: Dict[str, Any]) -> str:
    if deadline.get("due"):
        return _e(deadline["due"])
    if deadline.get("outside_calendar"):
        return "<i>beyond the bank-holiday calendar</i>"
    waits = ", ".join(deadline.get("waits_on") or [])
    return f"<i>needs {_e(waits)}</i>" if waits else "<i>unknown</i>"


def _review_details(rid: str, review: Dict[str, Any]) -> str:
    out: List[str] = []
    out.append(f"<details open><summary>{_e(review.get('title', rid))} ({_e(rid)}): "
               f"{_outcome_text(review)}</summary>")
    if review.get("summary"):
        out.append(f"<p>{_e(review['summary'])}</p>")
    rule_set = review.get("rule_set") or {}
    facts = [f"Decided by: {_e(review.get('decision_maker'))}."]
    if rule_set.get("id"):
        chosen = {"date": f"by {rule_set.get('dated_by', 'a date')} ({rule_set.get('date')})",
                  "as_of": f"by the screening date ({rule_set.get('date')})",
                  "explicit": "as asked"}.get(rule_set.get("chosen_by"), "")
        facts.append(f"Rules: {_e(rule_set.get('title'))} ({_e(rule_set['id'])}), chosen {_e(chosen)}.")
    elif rule_set.get("commenced"):
        facts.append(f"Not in force on {_e(rule_set.get('date'))}: commenced {_e(rule_set['commenced'])}.")
    basis = _citation(review)
    if basis:
        facts.append(f"Basis: {basis}.")
    out.append(f"<p class='cite'>{' '.join(facts)}</p>")
    reasons = review.get("reasons") or []
    if reasons:
        out.append("<table><tr><th>Condition</th><th>Holds</th><th>Test</th><th>Citation</th></tr>")
        for reason in reasons:
            indent = "&nbsp;&nbsp;&nbsp;&nbsp;" * int(reason.get("depth", 0))
            out.append(f"<tr><td>{indent}{_e(reason.get('condition'))}</td>{_value_cell(reason.get('value'))}"
                       f"<td>{_e(reason.get('text'))}</td><td class='cite'>{_citation(reason)}</td></tr>")
        out.append("</table>")
    missing = review.get("missing") or []
    if missing:
        out.append("<p><b>Missing facts</b> (most decisive first): " + ", ".join(
            f"<code>{_e(m)}</code>" for m in missing) + "</p>")
    deadlines = review.get("deadlines") or []
    if deadlines:
        out.append("<table><tr><th>Deadline</th><th>Due</th><th>What</th><th>Citation</th></tr>")
        for d in deadlines:
            out.append(f"<tr><td>{_e(d.get('id'))}</td><td>{_deadline_due(d)}</td><td>{_e(d.get('text'))}</td>"
                       f"<td class='cite'>{_citation(d)}</td></tr>")
        out.append("</table>")
    for key, heading in (("flags", "Flags: a person must decide"), ("advisories", "Advisories")):
        items = review.get(key) or []
        if items:
            out.append(f"<p><b>{heading}</b></p><ul>")
            for item in items:
                cite = _citation(item)
                out.append(f"<li>{_e(item.get('text'))}" + (f" <span class='cite'>({cite})</span>" if cite else "")
                           + "</li>")
            out.append("</ul>")
    why_not = review.get("why_not") or []
    if why_not:
        out.append("<p><b>What would change the outcome</b></p><ul>")
        for item in why_not:
            out.append(f"<li>{_e(item.get('text'))}</li>")
        out.append("</ul>")
    out.append("</details>")
    return "\n".join(out)


def result_html(result: Dict[str, Any]) -> str:
    out: List[str] = [_STYLE, "<div class='threshold-result'>"]
    case_id = result.get("case_id")
    if "error" in result and "reviews" not in result:
        out.append(f"<p><b>Case {_e(case_id or '(no case_id)')} was not screened.</b></p>")
        out.append("<table><tr><th>Field</th><th>Problem</th><th>Code</th></tr>")
        for error in result.get("errors") or [result["error"]]:
            out.append(f"<tr><td><code>{_e(error.get('pointer') or 'record')}</code></td>"
                       f"<td>{_e(error.get('message'))}</td><td>{_e(error.get('code'))}</td></tr>")
        out.append("</table></div>")
        return "\n".join(out)
    rules = result.get("rules") or {}
    out.append(f"<p><b>Case {_e(case_id or '(no case_id)')}</b>, screened as of {_e(result.get('as_of'))} "
               f"<span class='cite'>(rules {_e(rules.get('name'))} {_e(rules.get('version'))}, "
               f"engine {_e((result.get('engine') or {}).get('version'))})</span></p>")
    reviews = result.get("reviews") or {}
    out.append("<table><tr><th>Review</th><th>Outcome</th><th>Missing facts</th><th>Deadlines</th>"
               "<th>Flags</th></tr>")
    for rid, review in reviews.items():
        deadlines = "<br>".join(f"{_e(d.get('id'))}: {_deadline_due(d)}" for d in review.get("deadlines") or [])
        flags = "<br>".join(_e(f.get("id")) for f in review.get("flags") or [])
        missing = ", ".join(f"<code>{_e(m)}</code>" for m in review.get("missing") or [])
        out.append(f"<tr><td>{_e(review.get('title', rid))} ({_e(rid)})</td><td>{_outcome_text(review)}</td>"
                   f"<td>{missing}</td><td>{deadlines}</td><td>{flags}</td></tr>")
    out.append("</table>")
    question = result.get("next_question")
    if question:
        out.append(f"<p><b>Ask next:</b> {_e(question.get('question'))} <code>{_e(question.get('fact'))}</code></p>")
    for rid, review in reviews.items():
        out.append(_review_details(rid, review))
    advisories = result.get("advisories") or []
    if advisories:
        out.append("<p><b>Across reviews</b></p><ul>")
        for item in advisories:
            out.append(f"<li>{_e(item.get('text'))} <span class='cite'>({_citation(item)})</span></li>")
        out.append("</ul>")
    if result.get("warning"):
        out.append(f"<p><b>Warning:</b> {_e(result['warning'])}</p>")
    out.append("</div>")
    return "\n".join(out)


class Result(dict):
    """A screening result: the result contract (docs/result.md) as a dict, equal to the JSON
    ``threshold screen`` writes. Shows as an HTML table in Jupyter."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return result_html(self)

    @property
    def outcomes(self) -> Dict[str, Optional[str]]:
        """{review id: outcome, or None while undetermined}."""
        return {rid: review.get("outcome") for rid, review in (self.get("reviews") or {}).items()}


class Graph:
    """A review's decision logic as a Graphviz graph. ``str(graph)`` (or ``.dot``) is the DOT text;
    ``svg()`` renders it with the ``dot`` program; Jupyter shows the SVG when ``dot`` is installed
    and the DOT text otherwise."""

    __slots__ = ("dot", "_svg")

    def __init__(self, dot: str):
        if not isinstance(dot, str):
            raise TypeError(f"a Graph is made from DOT text (a str), not a {type(dot).__name__}")
        self.dot = dot
        self._svg: Optional[str] = None

    def __str__(self) -> str:
        return self.dot

    def __repr__(self) -> str:
        first = self.dot.split("\n", 1)[0]
        return f"<threshold.Graph {first.rstrip(' {')}>"

    @staticmethod
    def dot_available() -> bool:
        return shutil.which("dot") is not None

    def svg(self) -> str:
        """The graph as SVG, rendered by Graphviz's ``dot``; raises RuntimeError without it."""
        if self._svg is None:
            program = shutil.which("dot")
            if program is None:
                raise RuntimeError("Graphviz's dot program is not installed")
            done = subprocess.run([program, "-Tsvg"], input=self.dot.encode("utf-8"), capture_output=True,
                                  timeout=60, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"dot failed with exit status {done.returncode}")
            self._svg = done.stdout.decode("utf-8")
        return self._svg

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Dict[str, str]:
        bundle = {"text/plain": self.dot}
        if self.dot_available():
            try:
                bundle["image/svg+xml"] = self.svg()
            except (RuntimeError, OSError, subprocess.SubprocessError):
                pass
        return bundle
