// Screens one case with the built-in rules through the installed library.
#include <iostream>

#include <threshold/threshold.h>

int main() {
  threshold::CompileResult compiled = threshold::Rules::Builtin();
  if (!compiled.ok()) {
    std::cerr << compiled.FormatDiagnostics();
    return 1;
  }
  threshold::DecodeResult decoded =
      compiled.rules->Decode(R"({"subject": {"age": 17}, "incident_date": "2025-03-01"})");
  if (!decoded.ok()) return 1;
  threshold::Screening screening = compiled.rules->Screen(*decoded.facts, {});
  for (const threshold::ReviewResult& review : screening.reviews) {
    std::cout << review.id << ": " << (review.determined() ? review.outcome_id : "undetermined") << "\n";
  }
  return 0;
}
