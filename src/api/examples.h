// Runs the examples written in rule files and measures which outcomes they reach. Used by
// `threshold test` and the test suite. Stage: evaluate (over the compiled examples).
#ifndef THRESHOLD_API_EXAMPLES_H_
#define THRESHOLD_API_EXAMPLES_H_

#include <string>
#include <vector>

#include "threshold/rules.h"

namespace threshold::internal {

struct ExampleFailure {
  std::string file;
  int line = 0;
  std::string example;
  std::string message;
};

struct ExampleReport {
  int passed = 0;  // examples whose every expectation held
  int failed = 0;
  std::vector<ExampleFailure> failures;
  // Outcomes no example reaches, as "review/rule_set/outcome".
  std::vector<std::string> uncovered;
  int outcomes = 0;  // outcomes in all rule sets
};

ExampleReport RunExamples(const Rules& rules);

}  // namespace threshold::internal

#endif  // THRESHOLD_API_EXAMPLES_H_
