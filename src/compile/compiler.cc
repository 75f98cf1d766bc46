// Compile: checked model -> Program. Builds one decision diagram per condition, per rule set's
// ordered outcome list (first true outcome wins), per flag and per advisory, and the key tree
// the case decoder walks. Stage: compile.
#include <algorithm>
#include <bit>

#include "compile/program.h"

namespace threshold::internal {

std::string ChangeValueText(const Program& program, const FactChange& change) {
  auto it = program.fact_by_path.find(change.fact);
  if (it == program.fact_by_path.end()) return std::string(change.value);
  const FactDecl& fact = program.model.facts[it->second];
  if (fact.type != FactType::kEnum || std::popcount(change.values_mask) < 2) return std::string(change.value);
  std::string out;
  int left = std::popcount(change.values_mask);
  for (size_t c = 0; c < fact.labels.size(); ++c) {
    if (!((change.values_mask >> c) & 1)) continue;
    --left;
    if (!out.empty()) out += left == 0 ? " or " : ", ";
    out += fact.labels[c];
  }
  return out;
}

bool CompileModel(Model model, Program& program, std::vector<Diagnostic>& diagnostics) {
  program.model = std::move(model);
  const Model& m = program.model;
  DiagramBuilder builder(m);
  bool ok = true;

  auto track = [&](Diagram diagram) {
    program.max_diagram_nodes = std::max(program.max_diagram_nodes, diagram.nodes.size());
    return diagram;
  };

  for (const ConditionDecl& condition : m.conditions) {
    program.conditions.push_back(track(builder.Export(builder.Boolean(condition.root))));
    std::vector<int> facts;
    std::vector<int> stack = {condition.root};
    while (!stack.empty()) {
      const ExprNode& node = m.nodes[stack.back()];
      stack.pop_back();
      if ((node.kind == ExprNode::Kind::kAtom || node.kind == ExprNode::Kind::kKnown) &&
          std::find(facts.begin(), facts.end(), node.fact) == facts.end()) {
        facts.push_back(node.fact);
      }
      if (node.kind != ExprNode::Kind::kCondition) {
        stack.insert(stack.end(), node.children.begin(), node.children.end());
      }
    }
    program.condition_facts.push_back(std::move(facts));
  }
  for (const FactDecl& fact : m.facts) {
    std::vector<Diagram> applies;
    for (const AssumptionDecl& assumption : fact.assumptions) {
      applies.push_back(track(builder.Export(assumption.when >= 0 ? builder.Boolean(assumption.when)
                                                                   : DiagramBuilder::kTrue)));
    }
    program.assumption_applies.push_back(std::move(applies));
  }
  for (const ReviewDecl& review : m.reviews) {
    std::vector<CompiledRuleSet> sets;
    for (const RuleSetDecl& set : review.rule_sets) {
      CompiledRuleSet compiled;
      // First hit: if g0 then 0 else if g1 then 1 ... else the otherwise outcome.
      DiagramBuilder::Ref chain = builder.Leaf(static_cast<int>(set.outcomes.size()) - 1);
      for (int k = static_cast<int>(set.outcomes.size()) - 1; k >= 0; --k) {
        if (set.outcomes[k].root < 0) {
          chain = builder.Leaf(k);
          continue;
        }
        chain = builder.IfThenElse(builder.Boolean(set.outcomes[k].root), builder.Leaf(k), chain);
      }
      compiled.outcomes = track(builder.Export(chain));
      uint64_t reachable = compiled.outcomes.Reachable(
          std::vector<int8_t>(2 * m.facts.size(), -1).data(),
          std::vector<uint64_t>(compiled.outcomes.nodes.size() + 1).data());
      for (size_t k = 0; k < set.outcomes.size(); ++k) {
        if (!((reachable >> k) & 1)) {
          ok = false;
          Diagnostic diagnostic;
          diagnostic.code = "E304";
          diagnostic.message = "outcome '" + set.outcomes[k].id +
                               "' can never be reached: the outcomes before it already cover "
                               "every case in which its condition holds";
          diagnostic.where = set.outcomes[k].where;
          diagnostics.push_back(std::move(diagnostic));
        }
      }
      // Reason orders and clause maps, so screening only looks them up.
      for (size_t k = 0; k < set.outcomes.size(); ++k) {
        std::vector<std::pair<int, int>> order;
        auto visit = [&](auto&& self, int c, int depth) -> void {
          for (const auto& seen : order) {
            if (seen.first == c) return;
          }
          order.emplace_back(c, depth);
          for (int sub : m.conditions[c].references) self(self, sub, depth + 1);
        };
        for (size_t j = 0; j <= k; ++j) {
          for (int c : set.outcomes[j].conditions) visit(visit, c, 0);
        }
        compiled.reasons.push_back(std::move(order));
        // The clause a fact decides for outcome k: depth first from k's own test, then the others'.
        std::vector<int> search;
        auto collect = [&](auto&& self, int c) -> void {
          if (std::find(search.begin(), search.end(), c) != search.end()) return;
          search.push_back(c);
          for (int sub : m.conditions[c].references) self(self, sub);
        };
        for (int c : set.outcomes[k].conditions) collect(collect, c);
        for (const OutcomeDecl& other : set.outcomes) {
          for (int c : other.conditions) collect(collect, c);
        }
        std::vector<int> clause(m.facts.size(), -1);
        for (int c : search) {
          for (int f : program.condition_facts[c]) {
            if (clause[f] < 0) clause[f] = c;
          }
        }
        compiled.clauses.push_back(std::move(clause));
      }
      for (const RaiseDecl& flag : set.flags) {
        compiled.flags.push_back(track(builder.Export(builder.Boolean(flag.root))));
      }
      for (const RaiseDecl& advisory : set.advisories) {
        compiled.advisories.push_back(track(builder.Export(builder.Boolean(advisory.root))));
      }
      sets.push_back(std::move(compiled));
    }
    program.reviews.push_back(std::move(sets));
  }

  for (const FactDecl& fact : m.facts) {
    std::vector<std::string> cells;
    for (int c = 0; c < fact.CellCount(); ++c) cells.push_back(fact.DescribeCell(c));
    program.cell_text.push_back(std::move(cells));
    std::vector<std::string> ranges;
    if (fact.type == FactType::kInt || fact.type == FactType::kDate) {
      int count = fact.CellCount();
      ranges.resize(static_cast<size_t>(count) * count);
      for (int first = 0; first < count; ++first) {
        for (int last = first; last < count; ++last) ranges[first * count + last] = fact.DescribeCells(first, last);
      }
    }
    program.range_text.push_back(std::move(ranges));
    static constexpr const char* kTypes[] = {"boolean", "integer", "date", "text", "enum"};
    FactInfo info;
    info.path = fact.path;
    info.pointer = fact.pointer;
    info.type = kTypes[static_cast<int>(fact.type)];
    info.min = fact.min;
    info.max = fact.max;
    info.options = fact.options;
    info.labels = fact.labels;
    info.question = fact.question;
    info.help = fact.help;
    info.sensitivity = static_cast<int>(fact.sensitivity);
    info.derived = fact.derive_from >= 0 || !fact.implied_by.empty();
    program.fact_info.push_back(std::move(info));
  }

  program.record_keys.emplace_back();
  for (size_t f = 0; f < m.facts.size(); ++f) {
    int at = 0;
    for (const std::string& key : m.facts[f].keys) {
      int member = program.record_keys[at].Find(key);
      if (member < 0) {
        int next = static_cast<int>(program.record_keys.size());
        program.record_keys[at].members.emplace_back(key, next);
        program.record_keys.emplace_back();
        at = next;
      } else {
        at = member;
      }
    }
    program.record_keys[at].fact = static_cast<int>(f);
    program.fact_by_path.emplace(m.facts[f].path, static_cast<int>(f));
  }
  return ok;
}

}  // namespace threshold::internal
