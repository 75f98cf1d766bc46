// The compiled Program: the checked model plus its decision diagrams and the lookup tables the
// case decoder needs. Immutable after Compile; shared by every thread that screens with it.
// Stage: compile (output) -> evaluate (input).
#ifndef THRESHOLD_COMPILE_PROGRAM_H_
#define THRESHOLD_COMPILE_PROGRAM_H_

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "check/model.h"
#include "compile/diagram.h"
#include "threshold/facts.h"
#include "threshold/screening.h"

namespace threshold::internal {

struct CompiledRuleSet {
  Diagram outcomes;               // leaves: outcome indices
  std::vector<Diagram> flags;     // leaves: 0 / 1
  std::vector<Diagram> advisories;
  // reasons[k]: the conditions to explain when outcome k is reached (the conditions named by
  // outcomes 0..k, depth first through the conditions they name), with their depth.
  std::vector<std::vector<std::pair<int, int>>> reasons;
  // clauses[k][fact]: the condition that states the clause `fact` decides for outcome k, or -1.
  std::vector<std::vector<int>> clauses;
};

// The case record's shape as a tree of keys: an object member is either a fact or a nested
// object of further members.
struct RecordKey {
  // The members: key -> index into Program::record_keys, in declaration order. A record object has
  // a few dozen keys at most, and the decoder looks up every key of every record: a scan that
  // compares lengths first beats hashing here (measured: hashing was 17% of whole-process time).
  std::vector<std::pair<std::string, int>> members;
  int fact = -1;

  // The index of the member named `key`, or -1.
  int Find(std::string_view key) const {
    for (const auto& [name, index] : members) {
      if (name.size() == key.size() && name == key) return index;
    }
    return -1;
  }
};

struct Program {
  Model model;
  std::vector<Diagram> conditions;                    // one per condition: leaves 0 / 1
  // [fact][k]: where the fact's k-th assumption applies (leaves 0 / 1); an assumption without a
  // condition applies everywhere (a lone true leaf).
  std::vector<std::vector<Diagram>> assumption_applies;
  std::vector<std::vector<int>> condition_facts;      // facts each condition reads itself (not via others)
  std::vector<std::vector<CompiledRuleSet>> reviews;  // [review][rule set]
  std::vector<RecordKey> record_keys;                 // [0] is the record itself
  std::map<std::string, int, std::less<>> fact_by_path;  // "subject.age" -> fact
  std::vector<FactInfo> fact_info;                    // public descriptions of the facts
  std::vector<std::vector<std::string>> cell_text;    // [fact][cell]: the cell's values in words
  // [fact][first * cells + last]: cells first..last together in words (integers and dates).
  std::vector<std::vector<std::string>> range_text;
  // "sha256:..." over the sources, worked out on first use (compiling need not pay for it).
  std::vector<RuleSource> sources;
  mutable std::once_flag digest_once;
  mutable std::string digest;
  size_t max_diagram_nodes = 0;                       // scratch needed by Diagram::Reachable
};

// The values a counterfactual change allows, in words: its value text, or for an option fact with
// several options that would do, "Relative, Current intimate partner or Former intimate partner".
std::string ChangeValueText(const Program& program, const FactChange& change);

// Compiles a checked model into a Program. Reports unreachable outcomes (E304).
bool CompileModel(Model model, Program& program, std::vector<Diagnostic>& diagnostics);

}  // namespace threshold::internal

#endif  // THRESHOLD_COMPILE_PROGRAM_H_
