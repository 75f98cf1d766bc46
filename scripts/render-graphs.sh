#!/usr/bin/env bash
# Regenerates the decision diagrams in docs/graphs/ from the built-in rules (needs Graphviz and
# a built threshold program: bash scripts/demo.sh builds one).
set -euo pipefail
cd "$(dirname "$0")/.."
program="${THRESHOLD:-build/threshold}"
mkdir -p docs/graphs
for review in cspr sar dhr cdr owhr; do
  "$program" graph --regime "$review" | dot -Tsvg -o "docs/graphs/$review.svg"
done
# One coloured by an example case, to show how a case's path is drawn.
"$program" graph --regime sar --case examples/cases/care-home-neglect-death.json |
  dot -Tsvg -o docs/graphs/sar-care-home-neglect-death.svg
echo "wrote docs/graphs/*.svg"
