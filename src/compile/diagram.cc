// Building decision diagrams (hash-consed, ordered by variable) and walking them. Stage: compile
// and evaluate.
#include "compile/diagram.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <set>

namespace threshold::internal {

uint64_t Diagram::Reachable(const int8_t* cells, uint64_t* scratch) const {
  auto leaves_of = [&](int32_t ref) -> uint64_t {
    return ref < 0 ? uint64_t{1} << (-ref - 1) : scratch[ref];
  };
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = nodes[i];
    int cell = cells[node.var];
    if (cell >= 0) {
      scratch[i] = leaves_of(children[node.first_child + cell]);
    } else {
      uint64_t reachable = 0;
      for (uint32_t c = 0; c < node.cell_count; ++c) reachable |= leaves_of(children[node.first_child + c]);
      scratch[i] = reachable;
    }
  }
  return leaves_of(root);
}

namespace {

void MarkKnown(uint64_t* met_known, uint32_t var) {
  if (met_known && (var & 1)) met_known[var / 128] |= uint64_t{1} << ((var / 2) % 64);
}

uint64_t Search(const Diagram& d, int32_t ref, const int8_t* cells, uint64_t* memo, uint32_t* stamps,
                uint32_t stamp, uint64_t* met, uint64_t* met_known) {
  if (ref < 0) return uint64_t{1} << (-ref - 1);
  if (stamps[ref] == stamp) return memo[ref];
  const Diagram::Node& node = d.nodes[ref];
  int cell = cells[node.var];
  uint64_t leaves = 0;
  if (cell >= 0) {
    MarkKnown(met_known, node.var);
    leaves = Search(d, d.children[node.first_child + cell], cells, memo, stamps, stamp, met, met_known);
  } else {
    if (met) met[node.var / 128] |= uint64_t{1} << ((node.var / 2) % 64);
    for (uint32_t c = 0; c < node.cell_count; ++c) {
      leaves |= Search(d, d.children[node.first_child + c], cells, memo, stamps, stamp, met, met_known);
    }
  }
  stamps[ref] = stamp;
  memo[ref] = leaves;
  return leaves;
}

}  // namespace

uint64_t Diagram::ReachableFrom(const int8_t* cells, uint64_t* memo, uint32_t* stamps, uint32_t stamp,
                                uint64_t* met, uint64_t* met_known) const {
  int32_t ref = root;
  // The common case: every variable on the path is known.
  while (ref >= 0) {
    const Node& node = nodes[ref];
    int cell = cells[node.var];
    if (cell < 0) return Search(*this, ref, cells, memo, stamps, stamp, met, met_known);
    MarkKnown(met_known, node.var);
    ref = children[node.first_child + cell];
  }
  return uint64_t{1} << (-ref - 1);
}

DiagramBuilder::DiagramBuilder(const Model& model) : model_(model) {}

uint32_t DiagramBuilder::CellCount(uint32_t var) const {
  return var % 2 == 1 ? 2 : static_cast<uint32_t>(model_.facts[var / 2].CellCount());
}

uint32_t DiagramBuilder::VarOf(Ref r) const {
  return r < kLeaves ? std::numeric_limits<uint32_t>::max() : nodes_[r - kLeaves].var;
}

DiagramBuilder::Ref DiagramBuilder::Cofactor(Ref r, uint32_t var, uint32_t cell) const {
  if (r < kLeaves || nodes_[r - kLeaves].var != var) return r;
  return nodes_[r - kLeaves].children[cell];
}

DiagramBuilder::Ref DiagramBuilder::Make(uint32_t var, std::vector<Ref> children) {
  if (std::all_of(children.begin(), children.end(), [&](Ref c) { return c == children[0]; })) {
    return children[0];
  }
  std::vector<uint32_t> key;
  key.reserve(children.size() + 1);
  key.push_back(var);
  key.insert(key.end(), children.begin(), children.end());
  auto it = unique_.find(key);
  if (it != unique_.end()) return it->second;
  Ref ref = kLeaves + static_cast<Ref>(nodes_.size());
  nodes_.push_back({var, std::move(children)});
  unique_.emplace(std::move(key), ref);
  return ref;
}

DiagramBuilder::Ref DiagramBuilder::Not(Ref a) {
  if (a == kFalse) return kTrue;
  if (a == kTrue) return kFalse;
  auto it = not_memo_.find(a);
  if (it != not_memo_.end()) return it->second;
  uint32_t var = nodes_[a - kLeaves].var;
  std::vector<Ref> children;
  for (uint32_t c = 0; c < CellCount(var); ++c) children.push_back(Not(nodes_[a - kLeaves].children[c]));
  Ref result = Make(var, std::move(children));
  not_memo_.emplace(a, result);
  return result;
}

DiagramBuilder::Ref DiagramBuilder::Apply(bool is_and, Ref a, Ref b) {
  Ref absorbing = is_and ? kFalse : kTrue;
  Ref identity = is_and ? kTrue : kFalse;
  if (a == absorbing || b == absorbing) return absorbing;
  if (a == identity) return b;
  if (b == identity) return a;
  if (a == b) return a;
  if (a > b) std::swap(a, b);
  auto key = std::make_tuple(is_and ? 1 : 0, a, b);
  auto it = apply_memo_.find(key);
  if (it != apply_memo_.end()) return it->second;
  uint32_t var = std::min(VarOf(a), VarOf(b));
  std::vector<Ref> children;
  for (uint32_t c = 0; c < CellCount(var); ++c) {
    children.push_back(Apply(is_and, Cofactor(a, var, c), Cofactor(b, var, c)));
  }
  Ref result = Make(var, std::move(children));
  apply_memo_.emplace(key, result);
  return result;
}

DiagramBuilder::Ref DiagramBuilder::IfThenElse(Ref condition, Ref then_branch, Ref else_branch) {
  if (condition == kTrue) return then_branch;
  if (condition == kFalse) return else_branch;
  if (then_branch == else_branch) return then_branch;
  auto key = std::make_tuple(condition, then_branch, else_branch);
  auto it = ite_memo_.find(key);
  if (it != ite_memo_.end()) return it->second;
  uint32_t var = std::min({VarOf(condition), VarOf(then_branch), VarOf(else_branch)});
  std::vector<Ref> children;
  for (uint32_t c = 0; c < CellCount(var); ++c) {
    children.push_back(IfThenElse(Cofactor(condition, var, c), Cofactor(then_branch, var, c),
                                  Cofactor(else_branch, var, c)));
  }
  Ref result = Make(var, std::move(children));
  ite_memo_.emplace(key, result);
  return result;
}

DiagramBuilder::Ref DiagramBuilder::Boolean(int index) {
  const ExprNode& node = model_.nodes[index];
  switch (node.kind) {
    case ExprNode::Kind::kConst:
      return node.value ? kTrue : kFalse;
    case ExprNode::Kind::kAtom:
      return Atom(node.fact, node.op, node.values, node.mask);
    case ExprNode::Kind::kKnown:
      return Make(static_cast<uint32_t>(2 * node.fact + 1), {kFalse, kTrue});
    case ExprNode::Kind::kNot:
      return Not(Boolean(node.children[0]));
    case ExprNode::Kind::kAnd:
    case ExprNode::Kind::kOr: {
      bool is_and = node.kind == ExprNode::Kind::kAnd;
      Ref result = is_and ? kTrue : kFalse;
      for (int child : node.children) result = Apply(is_and, result, Boolean(child));
      return result;
    }
    case ExprNode::Kind::kReview: {
      // The other review's first-hit outcome list, with its outcomes in the mask as true.
      auto key = std::make_tuple(node.review, node.rule_set, node.mask);
      auto it = review_memo_.find(key);
      if (it != review_memo_.end()) return it->second;
      const RuleSetDecl& set = model_.reviews[node.review].rule_sets[node.rule_set];
      auto leaf = [&](size_t k) { return (node.mask >> k) & 1 ? kTrue : kFalse; };
      Ref chain = leaf(set.outcomes.size() - 1);
      for (size_t k = set.outcomes.size(); k-- > 0;) {
        if (set.outcomes[k].root < 0) {
          chain = leaf(k);
          continue;
        }
        chain = IfThenElse(Boolean(set.outcomes[k].root), leaf(k), chain);
      }
      review_memo_.emplace(key, chain);
      return chain;
    }
    case ExprNode::Kind::kCondition: {
      auto it = condition_memo_.find(node.condition);
      if (it != condition_memo_.end()) return it->second;
      Ref result = Boolean(model_.conditions[node.condition].root);
      condition_memo_.emplace(node.condition, result);
      return result;
    }
  }
  return kFalse;
}

DiagramBuilder::Ref DiagramBuilder::RawAtom(int fact, uint64_t mask) {
  uint32_t var = static_cast<uint32_t>(2 * fact);
  std::vector<Ref> children;
  for (uint32_t c = 0; c < CellCount(var); ++c) children.push_back((mask >> c) & 1 ? kTrue : kFalse);
  return Make(var, std::move(children));
}

DiagramBuilder::Ref DiagramBuilder::Atom(int fact, const std::string& op, const std::vector<int64_t>& values,
                                         uint64_t mask) {
  const FactDecl& decl = model_.facts[fact];
  Ref raw = RawAtom(fact, mask);
  if (decl.assumptions.empty()) return raw;
  auto key = std::make_tuple(fact, op, values);
  auto memo = atom_memo_.find(key);
  if (memo != atom_memo_.end()) return memo->second;
  // Not given: the first assumption that applies, else the fact itself (free).
  Ref chain = raw;
  for (auto it = decl.assumptions.rbegin(); it != decl.assumptions.rend(); ++it) {
    Ref assumed;
    if (it->fact >= 0) {
      const FactDecl& source = model_.facts[it->fact];
      assumed = Atom(it->fact, op, values, source.MaskOf(op, values));
    } else {
      assumed = it->cell >= 0 && ((mask >> it->cell) & 1) ? kTrue : kFalse;
    }
    Ref applies = it->when >= 0 ? Boolean(it->when) : kTrue;
    chain = IfThenElse(applies, assumed, chain);
  }
  Ref given = Make(static_cast<uint32_t>(2 * fact + 1), {kFalse, kTrue});
  Ref result = IfThenElse(given, raw, chain);
  atom_memo_.emplace(std::move(key), result);
  return result;
}

Diagram DiagramBuilder::Export(Ref root) const {
  Diagram diagram;
  std::map<Ref, int32_t> placed;
  std::set<int> support, known_support;
  // Post-order: every child is placed before its parent.
  std::function<int32_t(Ref)> place = [&](Ref r) -> int32_t {
    if (r < kLeaves) return -static_cast<int32_t>(r) - 1;
    auto it = placed.find(r);
    if (it != placed.end()) return it->second;
    const Node& node = nodes_[r - kLeaves];
    std::vector<int32_t> kids;
    for (Ref child : node.children) kids.push_back(place(child));
    Diagram::Node out;
    out.var = node.var;
    out.first_child = static_cast<uint32_t>(diagram.children.size());
    out.cell_count = static_cast<uint32_t>(kids.size());
    diagram.children.insert(diagram.children.end(), kids.begin(), kids.end());
    int32_t index = static_cast<int32_t>(diagram.nodes.size());
    diagram.nodes.push_back(out);
    support.insert(static_cast<int>(node.var / 2));
    if (node.var % 2 == 1) known_support.insert(static_cast<int>(node.var / 2));
    placed.emplace(r, index);
    return index;
  };
  diagram.root = place(root);
  diagram.support.assign(support.begin(), support.end());
  diagram.known_support.assign(known_support.begin(), known_support.end());
  return diagram;
}

}  // namespace threshold::internal
