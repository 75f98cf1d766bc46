"""How results and graphs show in Jupyter: an HTML table per result, SVG (or DOT text) per graph."""

import shutil

import pytest

from threshold._display import result_html

CASE = {"case_id": "c-<1>", "aware_date": "2025-09-15", "incident_date": "2025-09-11",
        "subject": {"age": 84, "in_area": True, "care_and_support_needs": True},
        "incident": {"died": True}, "death_from_abuse_or_neglect": "suspected"}


def test_result_html_shows_each_review(rules):
    result = rules.screen(CASE, as_of="2025-10-01")
    html = result._repr_html_()
    assert html.count("<details") == len(rules.reviews)
    for review_id, review in result["reviews"].items():
        assert f"({review_id})" in html
        for reason in review["reasons"]:
            assert reason["condition"] in html
        for missing in review["missing"]:
            assert missing in html
        for deadline in review["deadlines"]:
            assert deadline["id"] in html
    assert "undetermined" in html  # the SAR
    assert "Care Act 2014" in html  # citations
    assert "Ask next" in html
    assert "c-&lt;1&gt;" in html and "c-<1>" not in html  # escaped


def test_error_result_html(rules):
    results = rules.screen_many([{"case_id": "bad", "subject": {"age": 1234}}], as_of="2025-10-01")
    html = results[0]._repr_html_()
    assert "was not screened" in html and "/subject/age" in html and "E402" in html
    assert "1234" not in html


def test_deadlines_in_html(rules):
    child = {"case_id": "child", "aware_date": "2025-10-06", "incident_date": "2025-10-04",
             "subject": {"age": 3, "in_area": True, "normally_resident_in_area": True},
             "incident": {"died": True, "location": "in_area"}, "abuse_or_neglect": "suspected"}
    result = rules.screen(child, as_of="2025-10-10")
    deadlines = result["reviews"]["cspr"]["deadlines"]
    assert deadlines, "a notification deadline"
    html = result_html(result)
    for deadline in deadlines:
        if deadline["due"]:
            assert deadline["due"] in html


def test_graph_display(rules):
    graph = rules.graph("cspr", CASE, as_of="2025-10-01")
    bundle = graph._repr_mimebundle_()
    assert bundle["text/plain"].startswith("digraph")
    if shutil.which("dot"):
        assert bundle["image/svg+xml"].lstrip().startswith("<?xml") or "<svg" in bundle["image/svg+xml"]
        assert graph.svg() is graph.svg()  # rendered once
    else:
        assert "image/svg+xml" not in bundle
        with pytest.raises(RuntimeError):
            graph.svg()
    assert "cspr" in repr(graph)


def test_graph_without_dot(rules, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    graph = rules.graph("sar")
    assert set(graph._repr_mimebundle_()) == {"text/plain"}
