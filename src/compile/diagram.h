// Decision diagrams over fact cells. A multi-valued decision diagram (MDD) tests one variable per
// node and has one child per cell of that variable; its leaves are outcome numbers (or 0/1 for a
// condition). Built once at compile time, a diagram answers exactly "which leaves can still be
// reached given the known facts", which is what possible_outcomes and missing need: Kleene logic
// alone cannot see that `x or not x` is always true.
//
// Variables: fact f has a value variable 2f (its cells) and a known variable 2f+1 (given or not).
// A known variable is never free when screening a case: known(x) describes the referral as given.
// Stage: compile (building) and evaluate (reachability).
#ifndef THRESHOLD_COMPILE_DIAGRAM_H_
#define THRESHOLD_COMPILE_DIAGRAM_H_

#include <cstdint>
#include <map>
#include <string>
#include <span>
#include <tuple>
#include <vector>

#include "check/model.h"

namespace threshold::internal {

// An immutable, compact diagram. Nodes are stored children-first, so one forward pass computes
// every node's reachable leaves.
struct Diagram {
  struct Node {
    uint32_t var = 0;
    uint32_t first_child = 0;  // index into children
    uint32_t cell_count = 0;
  };
  std::vector<Node> nodes;
  std::vector<int32_t> children;  // >= 0: node index; < 0: leaf -(leaf + 1)
  int32_t root = -1;
  std::vector<int> support;        // the facts the diagram tests, ascending
  std::vector<int> known_support;  // the facts whose known(x) it tests, ascending

  // The leaves reachable when each variable is fixed to `cells[var]`, or free when that is -1.
  // `scratch` must hold at least nodes.size() entries. Visits every node; no allocation.
  uint64_t Reachable(const int8_t* cells, uint64_t* scratch) const;

  // The same answer, visiting only the nodes the known cells lead to: a straight walk while every
  // variable met is known, a memoised depth-first search below the first unknown one. `memo` and
  // `stamps` must hold nodes.size() entries; `stamp` must differ from every stamp left in `stamps`
  // (callers count up). When `met` is given, the value variables found free are marked in it
  // (bit v/2), so callers know which unknown facts the answer depends on; when `met_known` is
  // given, the facts whose known(x) variable was passed are marked in it (bit f), so callers know
  // which assumptions the answer read.
  uint64_t ReachableFrom(const int8_t* cells, uint64_t* memo, uint32_t* stamps, uint32_t stamp,
                         uint64_t* met = nullptr, uint64_t* met_known = nullptr) const;
};

// Builds diagrams for one model with shared, hash-consed nodes.
class DiagramBuilder {
 public:
  using Ref = uint32_t;  // < kLeaves: a leaf; otherwise a node

  static constexpr Ref kLeaves = 64;
  static constexpr Ref kFalse = 0;
  static constexpr Ref kTrue = 1;

  explicit DiagramBuilder(const Model& model);

  Ref Leaf(int leaf) const { return static_cast<Ref>(leaf); }
  // The diagram of a resolved boolean expression (named conditions are expanded).
  Ref Boolean(int node);
  // If `condition` (boolean) then `then_branch` else `else_branch`.
  Ref IfThenElse(Ref condition, Ref then_branch, Ref else_branch);
  // Copies the part reachable from `root` into a compact Diagram.
  Diagram Export(Ref root) const;

 private:
  struct Node {
    uint32_t var;
    std::vector<Ref> children;
  };
  Ref Make(uint32_t var, std::vector<Ref> children);
  // An atom on `fact` as the rules mean it: the fact's own value where the referral gives it; where
  // it does not, the value of the first of the fact's assumptions that applies (a fixed value, or
  // another fact's, itself read the same way); where none applies, the fact is free.
  Ref Atom(int fact, const std::string& op, const std::vector<int64_t>& values, uint64_t mask);
  Ref RawAtom(int fact, uint64_t mask);
  Ref Apply(bool is_and, Ref a, Ref b);
  Ref Not(Ref a);
  uint32_t VarOf(Ref r) const;
  Ref Cofactor(Ref r, uint32_t var, uint32_t cell) const;
  uint32_t CellCount(uint32_t var) const;

  const Model& model_;
  std::vector<Node> nodes_;
  std::map<std::vector<uint32_t>, Ref> unique_;
  std::map<std::tuple<int, Ref, Ref>, Ref> apply_memo_;
  std::map<Ref, Ref> not_memo_;
  std::map<std::tuple<Ref, Ref, Ref>, Ref> ite_memo_;
  std::map<int, Ref> condition_memo_;
  std::map<std::tuple<int, int, uint64_t>, Ref> review_memo_;
  std::map<std::tuple<int, std::string, std::vector<int64_t>>, Ref> atom_memo_;
};

}  // namespace threshold::internal

#endif  // THRESHOLD_COMPILE_DIAGRAM_H_
