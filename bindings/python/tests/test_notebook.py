"""The example notebook (examples/notebooks/screening.ipynb) runs from top to bottom with the
installed package, and shows what it promises: the screening of 10,000 synthetic referrals, the
outcome tables, the plot, one case's explanation and its decision graph. The committed copy keeps
its outputs (with the plot), so that it reads without being run."""

import shutil

import pytest

from conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")
pytest.importorskip("pandas")

NOTEBOOK = ROOT / "examples" / "notebooks" / "screening.ipynb"


def _outputs(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            yield from cell.get("outputs", [])


def _text(output):
    if output.get("output_type") == "stream":
        return output.get("text", "")
    return output.get("data", {}).get("text/plain", "")


def _check(notebook):
    outputs = list(_outputs(notebook))
    assert not [o for o in outputs if o.get("output_type") == "error"]
    texts = "\n".join(_text(o) for o in outputs)
    assert "Screened 10,000 referrals" in texts
    assert "could not be screened" in texts
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("threshold-result" in h for h in html), "the case's explanation as an HTML table"
    assert any("undetermined" in h and "<table" in h for h in html), "the outcome tables"
    assert any("image/png" in o.get("data", {}) for o in outputs), "the plot"
    graphs = [o for o in outputs if "digraph" in o.get("data", {}).get("text/plain", "")]
    assert graphs, "the decision graph"
    return graphs


def test_committed_notebook_has_its_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    graphs = _check(notebook)
    assert any("image/svg+xml" in o["data"] for o in graphs)


def test_notebook_executes(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    graphs = _check(notebook)
    if shutil.which("dot"):
        assert any("image/svg+xml" in o["data"] for o in graphs)
