// possible_outcomes and missing (ARCHITECTURE section 3) checked against brute force.
//
// The engine answers "which outcomes can some completion of the unknown facts give" and "which
// unknown facts can change that" by walking decision diagrams built at compile time. This test
// answers the same questions independently: it parses the outcome conditions from the rule text
// with its own small parser, evaluates them in plain two-valued logic on every completion of the
// unknown facts (first true outcome wins, else `otherwise`), and compares with the engine for
// every subset of unknown facts (and, for each subset, every or a seeded sample of the values of
// the known facts).
//
// Domains enumerated: yes/no facts {no, yes}; option facts every option; integer facts every value
// of their (small) declared range; date facts the values c-1, c and c+1 for every constant c the
// rules compare them with, plus one date far before and one far after (the truth of a comparison
// with constants is constant between consecutive constants, so these hit every region).
//
// Assumptions (docs/semantics.md): a fact may declare values to assume when the referral does not
// give it, each under an optional condition; the first that applies gives the fact's value (a
// fixed value, or another fact's, itself read the same way). A completion fills in the values of
// the unknown facts; an unknown fact with an assumption that applies in that completion reads as
// the assumed value there. known(x) may not decide an outcome (the checker refuses it, E314).
//
// missing: an unknown fact is missing exactly when no assumption of it applies in any completion,
// and giving it some value, with the other unknowns free, gives a possible-outcome list different
// from the one without it. So a determined review never lists a missing fact. An unknown fact with
// an assumption that applies in some completion is not missing: where giving it a value could
// change the possible outcomes, the engine lists it among the assumptions, could_change true.
#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "threshold/threshold.h"

namespace threshold {
namespace {

// ---------------------------------------------------------------------------------------------
// Rule set description (rendered to rule text for the engine, parsed back by the brute force)
// ---------------------------------------------------------------------------------------------

struct AssumeSpec {
  std::string value;  // a value of the fact's type, or another fact's name
  std::string when;   // empty: always
};

struct FactSpec {
  enum Kind { kBool, kEnum, kInt, kDate };
  std::string name;
  Kind kind = kBool;
  int64_t lo = 0, hi = 0;            // kInt
  std::vector<std::string> options;  // kEnum
  std::vector<AssumeSpec> assume;    // in order
};

struct NamedExpr {
  std::string id;
  std::string expr;
};

struct RuleSetSpec {
  std::string label;
  std::vector<FactSpec> facts;
  std::vector<NamedExpr> conditions;  // top-level named conditions (may name earlier ones)
  std::vector<NamedExpr> outcomes;    // in order; the `otherwise` outcome is added after them
  std::string otherwise = "none";
};

FactSpec Bool(std::string name) { return {std::move(name), FactSpec::kBool, 0, 0, {}, {}}; }
FactSpec Int(std::string name, int64_t lo, int64_t hi) { return {std::move(name), FactSpec::kInt, lo, hi, {}, {}}; }
FactSpec Date_(std::string name) { return {std::move(name), FactSpec::kDate, 0, 0, {}, {}}; }
FactSpec Enum(std::string name, std::vector<std::string> options) {
  return {std::move(name), FactSpec::kEnum, 0, 0, std::move(options), {}};
}
FactSpec Assuming(FactSpec fact, std::vector<AssumeSpec> assume) {
  fact.assume = std::move(assume);
  return fact;
}

std::string RenderPack(const RuleSetSpec& spec) {
  std::ostringstream out;
  out << "pack brute \"Brute force\" version \"1\"\n\n";
  out << "fact screening_date: date\n  question \"When?\"\n\n";
  for (const FactSpec& f : spec.facts) {
    out << "fact " << f.name << ": ";
    switch (f.kind) {
      case FactSpec::kBool: out << "yes/no"; break;
      case FactSpec::kInt: out << "integer " << f.lo << " to " << f.hi; break;
      case FactSpec::kDate: out << "date"; break;
      case FactSpec::kEnum: {
        out << "one of {";
        for (size_t i = 0; i < f.options.size(); ++i) {
          out << (i ? ", " : " ") << f.options[i] << " \"" << f.options[i] << "\"";
        }
        out << " }";
        break;
      }
    }
    out << "\n  question \"What is " << f.name << "?\"\n";
    for (const AssumeSpec& a : f.assume) {
      out << "  assume " << a.value;
      if (!a.when.empty()) out << " if " << a.when;
      out << " because \"assumed\"\n    cite practice \"test\" \"" << f.name << "\"\n";
    }
    out << "\n";
  }
  for (const NamedExpr& c : spec.conditions) {
    out << "condition " << c.id << " \"" << c.id << "\"\n  if " << c.expr
        << "\n  cite practice \"test\" \"" << c.id << "\"\n\n";
  }
  out << "review r \"R\" decided by \"test\" dated by screening_date\n"
      << "  cite practice \"test\" \"r\"\n"
      << "  rules s \"S\" in force from 2000-01-01\n"
      << "    cite practice \"test\" \"s\"\n";
  for (const NamedExpr& o : spec.outcomes) {
    out << "    outcome " << o.id << " \"" << o.id << "\" if " << o.expr << "\n"
        << "      cite practice \"test\" \"" << o.id << "\"\n";
  }
  out << "    otherwise " << spec.otherwise << " \"" << spec.otherwise << "\"\n"
      << "      cite practice \"test\" \"" << spec.otherwise << "\"\n"
      << "  end\nend\n";
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// An independent parser and two-valued evaluator for the expression language (docs/language.md
// section 2, "Expressions"; precedence, loosest first: or, and, not, comparison).
// ---------------------------------------------------------------------------------------------

struct Expr {
  enum Kind { kFactTrue, kCompare, kIn, kKnown, kNot, kAnd, kOr, kCondition };
  Kind kind = kFactTrue;
  int fact = -1;
  int condition = -1;
  std::string op;
  std::vector<int64_t> values;
  std::vector<std::unique_ptr<Expr>> children;
};

int64_t DaysOf(const std::string& iso) {
  std::optional<Date> d = Date::Parse(iso);
  if (!d) throw std::runtime_error("bad date " + iso);
  return d->days();
}

class MiniParser {
 public:
  MiniParser(const std::vector<FactSpec>& facts, const std::vector<std::string>& conditions,
             const std::string& text)
      : facts_(facts), conditions_(conditions) {
    Tokenize(text);
  }

  std::unique_ptr<Expr> ParseAll() {
    auto e = ParseOr();
    if (pos_ != tokens_.size()) throw std::runtime_error("trailing token " + tokens_[pos_]);
    return e;
  }

 private:
  void Tokenize(const std::string& s) {
    size_t i = 0;
    while (i < s.size()) {
      char c = s[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
      } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        size_t j = i;
        while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' || s[j] == '.')) ++j;
        tokens_.push_back(s.substr(i, j - i));
        i = j;
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        size_t j = i;
        while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '-')) ++j;
        tokens_.push_back(s.substr(i, j - i));
        i = j;
      } else if ((c == '<' || c == '>' || c == '!') && i + 1 < s.size() && s[i + 1] == '=') {
        tokens_.push_back(s.substr(i, 2));
        i += 2;
      } else {
        tokens_.push_back(std::string(1, c));
        ++i;
      }
    }
  }

  const std::string& Peek() const {
    static const std::string kEnd;
    return pos_ < tokens_.size() ? tokens_[pos_] : kEnd;
  }
  std::string Take() {
    if (pos_ >= tokens_.size()) throw std::runtime_error("unexpected end");
    return tokens_[pos_++];
  }
  void Expect(const std::string& t) {
    if (Take() != t) throw std::runtime_error("expected " + t);
  }

  int FactIndex(const std::string& name) const {
    for (size_t i = 0; i < facts_.size(); ++i) {
      if (facts_[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }

  std::unique_ptr<Expr> Binary(Expr::Kind kind, std::unique_ptr<Expr> a, std::unique_ptr<Expr> b) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->children.push_back(std::move(a));
    e->children.push_back(std::move(b));
    return e;
  }

  std::unique_ptr<Expr> ParseOr() {
    auto left = ParseAnd();
    while (Peek() == "or") {
      Take();
      left = Binary(Expr::kOr, std::move(left), ParseAnd());
    }
    return left;
  }
  std::unique_ptr<Expr> ParseAnd() {
    auto left = ParseNot();
    while (Peek() == "and") {
      Take();
      left = Binary(Expr::kAnd, std::move(left), ParseNot());
    }
    return left;
  }
  std::unique_ptr<Expr> ParseNot() {
    if (Peek() == "not") {
      Take();
      auto e = std::make_unique<Expr>();
      e->kind = Expr::kNot;
      e->children.push_back(ParseNot());
      return e;
    }
    return ParseComparison();
  }

  int64_t ValueOf(int fact, const std::string& token) const {
    const FactSpec& f = facts_[fact];
    switch (f.kind) {
      case FactSpec::kBool:
        if (token == "yes" || token == "true") return 1;
        if (token == "no" || token == "false") return 0;
        break;
      case FactSpec::kInt: return std::stoll(token);
      case FactSpec::kDate: return DaysOf(token);
      case FactSpec::kEnum: {
        auto it = std::find(f.options.begin(), f.options.end(), token);
        if (it != f.options.end()) return it - f.options.begin();
        break;
      }
    }
    throw std::runtime_error("bad value " + token + " for " + f.name);
  }

  std::unique_ptr<Expr> ParseComparison() {
    // operand
    std::unique_ptr<Expr> grouped;
    std::string name;
    if (Peek() == "(") {
      Take();
      grouped = ParseOr();
      Expect(")");
    } else if (Peek() == "known") {
      Take();
      Expect("(");
      auto e = std::make_unique<Expr>();
      e->kind = Expr::kKnown;
      e->fact = FactIndex(Take());
      Expect(")");
      if (e->fact < 0) throw std::runtime_error("known() of an unknown fact");
      return e;
    } else {
      name = Take();
    }
    const std::string& next = Peek();
    bool is_compare = next == "=" || next == "!=" || next == "<" || next == "<=" || next == ">" ||
                      next == ">=" || next == "is" || next == "in";
    if (!is_compare) {
      if (grouped) return grouped;
      auto e = std::make_unique<Expr>();
      int fact = FactIndex(name);
      if (fact >= 0) {
        e->kind = Expr::kFactTrue;
        e->fact = fact;
        return e;
      }
      auto it = std::find(conditions_.begin(), conditions_.end(), name);
      if (it == conditions_.end()) throw std::runtime_error("unknown name " + name);
      e->kind = Expr::kCondition;
      e->condition = static_cast<int>(it - conditions_.begin());
      return e;
    }
    if (grouped) throw std::runtime_error("comparison of a group");
    int fact = FactIndex(name);
    if (fact < 0) throw std::runtime_error("comparison of a non-fact " + name);
    auto e = std::make_unique<Expr>();
    e->fact = fact;
    std::string op = Take();
    if (op == "in") {
      e->kind = Expr::kIn;
      Expect("{");
      while (true) {
        e->values.push_back(ValueOf(fact, Take()));
        std::string sep = Take();
        if (sep == "}") break;
        if (sep != ",") throw std::runtime_error("bad set");
      }
      return e;
    }
    if (op == "is") {
      op = "=";
      if (Peek() == "not") {
        Take();
        op = "!=";
      }
    }
    e->kind = Expr::kCompare;
    e->op = op;
    e->values.push_back(ValueOf(fact, Take()));
    return e;
  }

  const std::vector<FactSpec>& facts_;
  const std::vector<std::string>& conditions_;
  std::vector<std::string> tokens_;
  size_t pos_ = 0;
};

// One completion: every fact has a value and a known bit.
struct World {
  std::vector<int64_t> value;
  std::vector<bool> known;
};

class BruteForce {
 public:
  explicit BruteForce(const RuleSetSpec& spec) : spec_(spec) {
    std::vector<std::string> names;
    for (const NamedExpr& c : spec.conditions) {
      conditions_.push_back(MiniParser(spec.facts, names, c.expr).ParseAll());
      names.push_back(c.id);  // a condition may name only earlier ones here
    }
    for (const NamedExpr& o : spec.outcomes) {
      outcomes_.push_back(MiniParser(spec.facts, names, o.expr).ParseAll());
    }
    // Assumptions: a fixed value, or another fact's; and the condition, if any.
    assume_.resize(spec.facts.size());
    for (size_t f = 0; f < spec.facts.size(); ++f) {
      for (const AssumeSpec& a : spec.facts[f].assume) {
        Assumed parsed;
        for (size_t g = 0; g < spec.facts.size(); ++g) {
          if (spec.facts[g].name == a.value && !(spec.facts[f].kind == FactSpec::kEnum &&
                                                  std::count(spec.facts[f].options.begin(),
                                                             spec.facts[f].options.end(), a.value))) {
            parsed.fact = static_cast<int>(g);
          }
        }
        if (parsed.fact < 0) {
          // A fixed value: parse "f = VALUE" to reuse the mini parser's value reading.
          auto e = MiniParser(spec.facts, names, spec.facts[f].name + " = " + a.value).ParseAll();
          parsed.value = e->values.at(0);
        }
        if (!a.when.empty()) parsed.when = MiniParser(spec.facts, names, a.when).ParseAll();
        assume_[f].push_back(std::move(parsed));
      }
    }
    // Domains.
    std::vector<std::set<int64_t>> constants(spec.facts.size());
    std::function<void(const Expr&)> collect = [&](const Expr& e) {
      if (e.kind == Expr::kCompare || e.kind == Expr::kIn) {
        for (int64_t v : e.values) constants[e.fact].insert(v);
      }
      for (const auto& c : e.children) collect(*c);
    };
    for (const auto& c : conditions_) collect(*c);
    for (const auto& o : outcomes_) collect(*o);
    for (size_t f = 0; f < assume_.size(); ++f) {
      for (const Assumed& a : assume_[f]) {
        if (a.when) collect(*a.when);
        if (a.fact < 0) constants[f].insert(a.value);
      }
    }
    // A fact assumed to equal another is compared at the other's constants too, and back.
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t f = 0; f < assume_.size(); ++f) {
        for (const Assumed& a : assume_[f]) {
          if (a.fact < 0) continue;
          for (int64_t c : std::vector<int64_t>(constants[f].begin(), constants[f].end())) {
            changed = constants[a.fact].insert(c).second || changed;
          }
          for (int64_t c : std::vector<int64_t>(constants[a.fact].begin(), constants[a.fact].end())) {
            changed = constants[f].insert(c).second || changed;
          }
        }
      }
    }
    for (size_t f = 0; f < spec.facts.size(); ++f) {
      const FactSpec& fact = spec.facts[f];
      std::vector<int64_t> domain;
      switch (fact.kind) {
        case FactSpec::kBool: domain = {0, 1}; break;
        case FactSpec::kEnum:
          for (size_t i = 0; i < fact.options.size(); ++i) domain.push_back(static_cast<int64_t>(i));
          break;
        case FactSpec::kInt:
          for (int64_t v = fact.lo; v <= fact.hi; ++v) domain.push_back(v);
          break;
        case FactSpec::kDate: {
          std::set<int64_t> values = {DaysOf("1950-01-01"), DaysOf("2090-12-31")};
          for (int64_t c : constants[f]) {
            values.insert(c - 1);
            values.insert(c);
            values.insert(c + 1);
          }
          domain.assign(values.begin(), values.end());
          break;
        }
      }
      domains_.push_back(std::move(domain));
    }
    BuildTable();
  }

  const std::vector<std::vector<int64_t>>& domains() const { return domains_; }

  // The outcomes some referral can give: every value and every known-ness of every fact (what the
  // compiler's unreachable-outcome check, E304, is about).
  uint64_t AnyReferral() const {
    uint64_t reachable = 0;
    for (uint8_t outcome : table_) reachable |= uint64_t{1} << outcome;
    return reachable;
  }
  size_t table_size() const { return table_.size(); }

  // The first true outcome in a completion (the otherwise outcome when none holds).
  int OutcomeOf(const World& w) const {
    for (size_t k = 0; k < outcomes_.size(); ++k) {
      if (Eval(*outcomes_[k], w)) return static_cast<int>(k);
    }
    return static_cast<int>(outcomes_.size());
  }

  struct Answer {
    uint64_t possible = 0;
    std::set<int> missing;               // fact indices
    std::set<int> assumed_could_change;  // unknown facts some assumption of which may apply, and which could
                                         // change the possible outcomes
  };

  // Whether some assumption of fact f applies in some completion of the unknown facts (`fixed` as
  // for Reachable, with f itself unknown).
  bool MayBeAssumed(int f, const std::vector<int>& fixed) const {
    if (assume_[f].empty()) return false;
    bool found = false;
    ForEachCompletion(fixed, [&](const World& w) {
      for (const Assumed& a : assume_[f]) {
        if (!a.when || Eval(*a.when, w)) {
          found = true;
          break;
        }
      }
    });
    return found;
  }

  // `given[f]`: the domain index of a known fact's value, or -1 when it is unknown.
  Answer Solve(const std::vector<int>& given) const {
    const size_t n = spec_.facts.size();
    // A fact's state is 2 * value index + known bit. A given fact is fixed at (value, 1). An
    // unknown fact's value is free and its known bit stays 0: a completion fills in values only,
    // and known(x) answers for the referral as given.
    std::vector<int> fixed(n, -1);
    std::vector<int> unknown;
    for (size_t f = 0; f < n; ++f) {
      if (given[f] >= 0) {
        fixed[f] = 2 * given[f] + 1;
      } else {
        unknown.push_back(static_cast<int>(f));
      }
    }
    Answer answer;
    answer.possible = Reachable(fixed);
    // Giving the unknown fact f the value v (so it is given, and no assumption of it applies), with
    // the other unknowns free: does it change the possible outcomes? Missing when no assumption of
    // f can apply; otherwise an assumption that could change the outcome.
    for (int f : unknown) {
      bool changes = false;
      for (size_t v = 0; v < domains_[f].size(); ++v) {
        fixed[f] = static_cast<int>(2 * v + 1);
        if (Reachable(fixed) != answer.possible) changes = true;
      }
      fixed[f] = -1;
      if (!changes) continue;
      if (MayBeAssumed(f, fixed)) {
        answer.assumed_could_change.insert(f);
      } else {
        answer.missing.insert(f);
      }
    }
    return answer;
  }

  // Calls `visit` with every completion: facts with fixed[f] >= 0 in that state, the others with
  // every value and the known bit 0.
  template <typename Visit>
  void ForEachCompletion(const std::vector<int>& fixed, Visit&& visit) const {
    const size_t n = spec_.facts.size();
    std::vector<int> state(n), free_facts;
    for (size_t f = 0; f < n; ++f) {
      state[f] = fixed[f] >= 0 ? fixed[f] : 0;
      if (fixed[f] < 0) free_facts.push_back(static_cast<int>(f));
    }
    World w{std::vector<int64_t>(n), std::vector<bool>(n)};
    while (true) {
      for (size_t f = 0; f < n; ++f) {
        w.value[f] = domains_[f][state[f] / 2];
        w.known[f] = state[f] % 2 == 1;
      }
      visit(w);
      size_t u = 0;
      for (; u < free_facts.size(); ++u) {
        int f = free_facts[u];
        state[f] += 2;
        if (state[f] < static_cast<int>(2 * domains_[f].size())) break;
        state[f] = 0;
      }
      if (u == free_facts.size()) break;
    }
  }

  // The outcomes of every completion: facts with fixed[f] >= 0 are in that state, the others take
  // every value with the known bit 0.
  uint64_t Reachable(const std::vector<int>& fixed) const {
    const size_t n = spec_.facts.size();
    std::vector<int> state(n), free_facts;
    for (size_t f = 0; f < n; ++f) {
      if (fixed[f] >= 0) {
        state[f] = fixed[f];
      } else {
        state[f] = 0;  // value index 0, not known
        free_facts.push_back(static_cast<int>(f));
      }
    }
    uint64_t reachable = 0;
    while (true) {
      size_t index = 0;
      for (size_t f = 0; f < n; ++f) index = index * (2 * domains_[f].size()) + state[f];
      reachable |= uint64_t{1} << table_[index];
      size_t u = 0;
      for (; u < free_facts.size(); ++u) {
        int f = free_facts[u];
        state[f] += 2;  // next value, still not known
        if (state[f] < static_cast<int>(2 * domains_[f].size())) break;
        state[f] = 0;
      }
      if (u == free_facts.size()) break;
    }
    return reachable;
  }

 private:
  // The value a rule reads for fact f: the fact's own where given; where not, the first assumption
  // that applies (its condition read the same way); else the completion's value.
  int64_t Effective(int f, const World& w) const {
    if (w.known[f]) return w.value[f];
    for (const Assumed& a : assume_[f]) {
      if (a.when && !Eval(*a.when, w)) continue;
      return a.fact >= 0 ? Effective(a.fact, w) : a.value;
    }
    return w.value[f];
  }

  bool Eval(const Expr& e, const World& w) const {
    switch (e.kind) {
      case Expr::kFactTrue: return Effective(e.fact, w) == 1;
      case Expr::kKnown: return w.known[e.fact];
      case Expr::kNot: return !Eval(*e.children[0], w);
      case Expr::kAnd: return Eval(*e.children[0], w) && Eval(*e.children[1], w);
      case Expr::kOr: return Eval(*e.children[0], w) || Eval(*e.children[1], w);
      case Expr::kCondition: return Eval(*conditions_[e.condition], w);
      case Expr::kIn:
        return std::find(e.values.begin(), e.values.end(), Effective(e.fact, w)) != e.values.end();
      case Expr::kCompare: {
        int64_t v = Effective(e.fact, w), c = e.values[0];
        if (e.op == "=") return v == c;
        if (e.op == "!=") return v != c;
        if (e.op == "<") return v < c;
        if (e.op == "<=") return v <= c;
        if (e.op == ">") return v > c;
        if (e.op == ">=") return v >= c;
        throw std::runtime_error("bad op " + e.op);
      }
    }
    return false;
  }

  // The outcome of every (value, known) state of every fact, indexed in mixed radix.
  void BuildTable() {
    const size_t n = spec_.facts.size();
    size_t size = 1;
    for (const auto& d : domains_) size *= 2 * d.size();
    if (size > (size_t{1} << 22)) throw std::runtime_error("brute force table too large");
    table_.resize(size);
    std::vector<int> state(n, 0);
    World w{std::vector<int64_t>(n), std::vector<bool>(n)};
    for (size_t index = 0; index < size; ++index) {
      // Decode index (most significant first, as Solve encodes).
      size_t rest = index;
      for (size_t i = n; i-- > 0;) {
        size_t radix = 2 * domains_[i].size();
        state[i] = static_cast<int>(rest % radix);
        rest /= radix;
      }
      for (size_t f = 0; f < n; ++f) {
        w.value[f] = domains_[f][state[f] / 2];
        w.known[f] = state[f] % 2 == 1;
      }
      table_[index] = static_cast<uint8_t>(OutcomeOf(w));
    }
  }

  struct Assumed {
    int fact = -1;       // the value is this fact's, or
    int64_t value = 0;   // this fixed value
    std::unique_ptr<Expr> when;
  };

  const RuleSetSpec& spec_;
  std::vector<std::vector<Assumed>> assume_;
  std::vector<std::unique_ptr<Expr>> conditions_;
  std::vector<std::unique_ptr<Expr>> outcomes_;
  std::vector<std::vector<int64_t>> domains_;
  std::vector<uint8_t> table_;
};

// ---------------------------------------------------------------------------------------------
// Comparison with the engine
// ---------------------------------------------------------------------------------------------

std::vector<std::string> OutcomeIds(const RuleSetSpec& spec) {
  std::vector<std::string> ids;
  for (const NamedExpr& o : spec.outcomes) ids.push_back(o.id);
  ids.push_back(spec.otherwise);
  return ids;
}

nlohmann::json RecordFor(const RuleSetSpec& spec, const BruteForce& brute, const std::vector<int>& given) {
  nlohmann::json record = nlohmann::json::object();
  for (size_t f = 0; f < spec.facts.size(); ++f) {
    if (given[f] < 0) continue;
    const FactSpec& fact = spec.facts[f];
    int64_t v = brute.domains()[f][given[f]];
    switch (fact.kind) {
      case FactSpec::kBool: record[fact.name] = v == 1; break;
      case FactSpec::kInt: record[fact.name] = v; break;
      case FactSpec::kEnum: record[fact.name] = fact.options[v]; break;
      case FactSpec::kDate: record[fact.name] = Date::FromDays(static_cast<int32_t>(v)).ToString(); break;
    }
  }
  return record;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

struct CheckStats {
  int screenings = 0;
  int mismatches = 0;
};

// Compares the engine with the brute force on every subset of unknown facts; for each subset,
// every assignment of the known facts when there are at most `max_assignments`, otherwise a
// seeded random sample of that many.
CheckStats CheckExhaustively(const RuleSetSpec& spec, const Rules& rules, int max_assignments = 48,
                             uint32_t seed = 12345) {
  BruteForce brute(spec);
  const size_t n = spec.facts.size();
  const std::vector<std::string> ids = OutcomeIds(spec);
  std::mt19937 rng(seed);
  CheckStats stats;
  ScreenOptions options;
  options.as_of = Date::FromYmd(2025, 1, 1);
  ScreenOptions fast_options = options;
  fast_options.reasons = false;
  fast_options.relevance = false;
  Screening screening;
  for (uint32_t unknown_mask = 0; unknown_mask < (1u << n); ++unknown_mask) {
    std::vector<int> known_facts;
    uint64_t combos = 1;
    for (size_t f = 0; f < n; ++f) {
      if (!((unknown_mask >> f) & 1)) {
        known_facts.push_back(static_cast<int>(f));
        combos *= brute.domains()[f].size();
      }
    }
    std::vector<std::vector<int>> assignments;
    if (combos <= static_cast<uint64_t>(max_assignments)) {
      for (uint64_t c = 0; c < combos; ++c) {
        std::vector<int> given(n, -1);
        uint64_t rest = c;
        for (int f : known_facts) {
          given[f] = static_cast<int>(rest % brute.domains()[f].size());
          rest /= brute.domains()[f].size();
        }
        assignments.push_back(given);
      }
    } else {
      for (int k = 0; k < max_assignments; ++k) {
        std::vector<int> given(n, -1);
        for (int f : known_facts) {
          given[f] = static_cast<int>(rng() % brute.domains()[f].size());
        }
        assignments.push_back(given);
      }
    }
    for (const std::vector<int>& given : assignments) {
      BruteForce::Answer expected = brute.Solve(given);
      nlohmann::json record = RecordFor(spec, brute, given);
      DecodeResult decoded = rules.DecodeValue(record);
      if (!decoded.ok()) {
        ADD_FAILURE() << spec.label << ": record did not decode: " << record.dump() << " "
                      << decoded.errors[0].message;
        ++stats.mismatches;
        continue;
      }
      // Into reused storage, as batch screening does.
      rules.Screen(*decoded.facts, options, screening);
      ++stats.screenings;
      const ReviewResult& review = screening.reviews.at(0);
      // The outcomes-only path (no reasons, no relevance) must find the same possible outcomes.
      Screening fast = rules.Screen(*decoded.facts, fast_options);
      std::vector<std::string> fast_possible(fast.reviews.at(0).possible_outcomes.begin(),
                                             fast.reviews.at(0).possible_outcomes.end());

      std::vector<std::string> expected_possible;
      for (size_t k = 0; k < ids.size(); ++k) {
        if ((expected.possible >> k) & 1) expected_possible.push_back(ids[k]);
      }
      std::vector<std::string> actual_possible(review.possible_outcomes.begin(), review.possible_outcomes.end());

      std::vector<std::string> expected_missing;
      for (int f : expected.missing) expected_missing.push_back(spec.facts[f].name);
      std::sort(expected_missing.begin(), expected_missing.end());
      std::vector<std::string> actual_missing;
      for (const MissingFact& m : review.missing) actual_missing.emplace_back(m.fact);
      std::sort(actual_missing.begin(), actual_missing.end());
      // Assumptions that could change the outcome: exactly the brute force's.
      std::vector<std::string> expected_assumed, actual_assumed;
      for (int f : expected.assumed_could_change) expected_assumed.push_back(spec.facts[f].name);
      std::sort(expected_assumed.begin(), expected_assumed.end());
      for (const AssumptionResult& a : review.assumptions) {
        if (a.kind == AssumptionResult::Kind::kDeclared && a.could_change) actual_assumed.emplace_back(a.fact);
      }
      std::sort(actual_assumed.begin(), actual_assumed.end());
      // The property the semantics promise: a determined result lists no missing fact.
      EXPECT_TRUE(expected_possible.size() != 1 || expected_missing.empty()) << record.dump();

      bool determined_ok = review.determined() == (expected_possible.size() == 1) &&
                           (!review.determined() || review.outcome_id == expected_possible[0]);
      if (expected_possible != actual_possible || expected_missing != actual_missing || !determined_ok ||
          fast_possible != expected_possible || expected_assumed != actual_assumed) {
        ++stats.mismatches;
        if (stats.mismatches <= 5) {
          ADD_FAILURE() << spec.label << ": case " << record.dump() << "\n  possible: brute force "
                        << Join(expected_possible) << ", engine " << Join(actual_possible)
                        << "\n  missing:  brute force " << Join(expected_missing) << ", engine "
                        << Join(actual_missing) << "\n  assumed, could change: brute force "
                        << Join(expected_assumed) << ", engine " << Join(actual_assumed)
                        << "\n  possible without reasons and relevance: "
                        << Join(fast_possible) << "\n  determined: engine " << review.determined()
                        << " outcome '" << review.outcome_id << "'";
        }
      }
    }
  }
  return stats;
}

CompileResult CompileSpec(const RuleSetSpec& spec) {
  return Rules::Compile({{"brute.rules", RenderPack(spec)}});
}

void CheckSpec(const RuleSetSpec& spec, int max_assignments = 48) {
  SCOPED_TRACE(spec.label);
  CompileResult compiled = CompileSpec(spec);
  ASSERT_TRUE(compiled.ok()) << compiled.FormatDiagnostics() << "\n" << RenderPack(spec);
  CheckStats stats = CheckExhaustively(spec, *compiled.rules, max_assignments);
  EXPECT_EQ(stats.mismatches, 0) << spec.label << ": " << stats.mismatches << " of " << stats.screenings
                                 << " screenings differ from the brute force";
  EXPECT_GT(stats.screenings, 0);
}

// Screens one record against a spec and returns (possible, missing sorted).
std::pair<std::vector<std::string>, std::vector<std::string>> ScreenSpec(const Rules& rules,
                                                                          const nlohmann::json& record) {
  DecodeResult decoded = rules.DecodeValue(record);
  EXPECT_TRUE(decoded.ok()) << record.dump();
  if (!decoded.ok()) return {};
  ScreenOptions options;
  options.as_of = Date::FromYmd(2025, 1, 1);
  Screening s = rules.Screen(*decoded.facts, options);
  std::vector<std::string> possible(s.reviews[0].possible_outcomes.begin(), s.reviews[0].possible_outcomes.end());
  std::vector<std::string> missing;
  for (const MissingFact& m : s.reviews[0].missing) missing.emplace_back(m.fact);
  std::sort(missing.begin(), missing.end());
  return {possible, missing};
}

using Strings = std::vector<std::string>;

// ---------------------------------------------------------------------------------------------
// Hand-written tricky rule sets
// ---------------------------------------------------------------------------------------------

// `x or not x` is always true, though Kleene logic calls it unknown when x is unknown; `x and
// not x` is always false.
RuleSetSpec Tautology() {
  return {"tautology",
          {Bool("x"), Bool("y"), Bool("z")},
          {},
          {{"always_if_y", "(x or not x) and y"}, {"never_unless_z", "x and not x or z"}},
          "none"};
}

// The same integer fact constrained twice, and an equality hole inside a band.
RuleSetSpec AgeBand() {
  return {"age_band",
          {Int("age", 0, 30), Bool("resident")},
          {{"teen", "age >= 16 and age < 18"}},
          {{"young_adult", "age >= 16 and age < 18 and resident"},
           {"sixteen_or_seventeen", "teen"},
           {"band", "age > 10 and age <= 12 and not (age = 11)"},
           {"adult", "age >= 18 and age != 25"}},
          "other"};
}

// Overlapping outcomes and an option fact tested with `in` and `is`.
RuleSetSpec Overlap() {
  return {"overlap",
          {Bool("p"), Bool("q"), Enum("colour", {"red", "green", "blue"})},
          {},
          {{"first", "p and colour in {red, green}"},
           {"second", "p or q"},
           {"third", "colour is blue or colour is not green and q"}},
          "none"};
}

// Assumptions: a fixed value; one that applies only where another fact (itself assumed) holds; and
// a date assumed to be another date (compared, through the assumption, at its constants).
RuleSetSpec Assumptions() {
  return {"assumptions",
          {Assuming(Bool("unborn"), {{"no", ""}}),
           Enum("location", {"here", "elsewhere"}),
           Assuming(Bool("present"), {{"yes", "location is here"}}),
           Date_("aware"),
           Assuming(Date_("incident"), {{"aware", ""}}),
           Bool("w")},
          {},
          {{"child", "not unborn and present and w"},
           {"early", "incident < 2015-04-01"},
           {"unborn_route", "unborn and w"}},
          "none"};
}

// A fact read only by a later outcome in a branch that can never matter: h is read by `b`, but
// only where g holds, and there `a` has already won.
RuleSetSpec Shadowed() {
  return {"shadowed",
          {Bool("g"), Bool("h"), Bool("w")},
          {},
          {{"a", "g"}, {"b", "(not g or (g and h)) and w"}},
          "c"};
}

// Dates compared with constants (split at them), and a condition equal to one fact although it
// names two: (x and y) or (x and not y) is x.
RuleSetSpec DatesAndAbsorption() {
  return {"dates",
          {Date_("event_date"), Bool("x"), Bool("y")},
          {{"in_window", "event_date >= 2015-04-01 and event_date <= 2018-06-28"}},
          {{"before", "event_date < 2015-04-01 and (x and y or x and not y)"},
           {"window", "in_window and not (x and y)"},
           {"exactly", "event_date = 2020-02-29"}},
          "after"};
}

TEST(RelevanceBruteForce, Tautology) { CheckSpec(Tautology()); }
TEST(RelevanceBruteForce, SameFactConstrainedTwice) { CheckSpec(AgeBand(), 64); }
TEST(RelevanceBruteForce, OverlappingOutcomesAndEnums) { CheckSpec(Overlap()); }
TEST(RelevanceBruteForce, Assumptions) { CheckSpec(Assumptions(), 64); }
TEST(RelevanceBruteForce, FactThatCanNeverMatter) { CheckSpec(Shadowed()); }
TEST(RelevanceBruteForce, DatesAndAbsorption) { CheckSpec(DatesAndAbsorption()); }

// Spot checks with the expected answers written out by hand, so that the brute force itself is
// checked too.
TEST(RelevanceBruteForce, HandCheckedAnswers) {
  {
    CompileResult c = CompileSpec(Tautology());
    ASSERT_TRUE(c.ok()) << c.FormatDiagnostics();
    // x unknown, y yes: (x or not x) and y is true whatever x is. Kleene alone would say unknown.
    auto [possible, missing] = ScreenSpec(*c.rules, {{"y", true}});
    EXPECT_EQ(possible, Strings({"always_if_y"}));
    EXPECT_EQ(missing, Strings{});
    // y no: `x and not x` is false, so only z decides; x never matters.
    std::tie(possible, missing) = ScreenSpec(*c.rules, {{"y", false}});
    EXPECT_EQ(possible, Strings({"never_unless_z", "none"}));
    EXPECT_EQ(missing, Strings({"z"}));
  }
  {
    CompileResult c = CompileSpec(AgeBand());
    ASSERT_TRUE(c.ok()) << c.FormatDiagnostics();
    auto [possible, missing] = ScreenSpec(*c.rules, nlohmann::json::object());
    EXPECT_EQ(possible, Strings({"young_adult", "sixteen_or_seventeen", "band", "adult", "other"}));
    EXPECT_EQ(missing, Strings({"age", "resident"}));
    std::tie(possible, missing) = ScreenSpec(*c.rules, {{"age", 17}});
    EXPECT_EQ(possible, Strings({"young_adult", "sixteen_or_seventeen"}));
    EXPECT_EQ(missing, Strings({"resident"}));
    // age 25: not adult (the hole), not a band: resident cannot matter.
    std::tie(possible, missing) = ScreenSpec(*c.rules, {{"age", 25}});
    EXPECT_EQ(possible, Strings({"other"}));
    std::tie(possible, missing) = ScreenSpec(*c.rules, {{"resident", false}});
    EXPECT_EQ(possible, Strings({"sixteen_or_seventeen", "band", "adult", "other"}));
    EXPECT_EQ(missing, Strings({"age"}));
  }
  {
    CompileResult c = CompileSpec(Shadowed());
    ASSERT_TRUE(c.ok()) << c.FormatDiagnostics();
    auto [possible, missing] = ScreenSpec(*c.rules, nlohmann::json::object());
    EXPECT_EQ(possible, Strings({"a", "b", "c"}));
    EXPECT_EQ(missing, Strings({"g", "w"}));  // never h
    std::tie(possible, missing) = ScreenSpec(*c.rules, {{"g", false}});
    EXPECT_EQ(possible, Strings({"b", "c"}));
    EXPECT_EQ(missing, Strings({"w"}));
  }
  {
    CompileResult c = CompileSpec(Overlap());
    ASSERT_TRUE(c.ok()) << c.FormatDiagnostics();
    // p yes: first if colour in {red, green}, else second: q cannot matter.
    auto [possible, missing] = ScreenSpec(*c.rules, {{"p", true}});
    EXPECT_EQ(possible, Strings({"first", "second"}));
    EXPECT_EQ(missing, Strings({"colour"}));
    // colour green, p no: second iff q; `third` needs blue or (not green and q): unreachable.
    std::tie(possible, missing) = ScreenSpec(*c.rules, {{"p", false}, {"colour", "green"}});
    EXPECT_EQ(possible, Strings({"second", "none"}));
    EXPECT_EQ(missing, Strings({"q"}));
  }
}

// Assumptions, checked by hand. The unknown `unborn` is assumed no and `present` is assumed yes
// where the location is here; `incident` is assumed to be `aware`.
TEST(RelevanceBruteForce, AssumptionsCheckedByHand) {
  CompileResult c = CompileSpec(Assumptions());
  ASSERT_TRUE(c.ok()) << c.FormatDiagnostics() << RenderPack(Assumptions());
  ScreenOptions options;
  options.as_of = Date::FromYmd(2025, 1, 1);
  auto screen = [&](const nlohmann::json& record) {
    DecodeResult decoded = c.rules->DecodeValue(record);
    EXPECT_TRUE(decoded.ok()) << record.dump();
    return c.rules->Screen(*decoded.facts, options);
  };
  auto facts_of = [](const ReviewResult& review, bool could_change) {
    Strings out;
    for (const AssumptionResult& a : review.assumptions) {
      if (a.kind == AssumptionResult::Kind::kDeclared && a.could_change == could_change) out.emplace_back(a.fact);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  // Located here, w yes: `child`, on the assumptions that the person is born and present; each
  // could change the outcome. `child` is tried first, so the incident date cannot matter and the
  // answer never reads it.
  Screening s = screen({{"location", "here"}, {"w", true}, {"aware", "2020-01-01"}});
  ASSERT_EQ(s.reviews[0].possible_outcomes.size(), 1u);
  EXPECT_EQ(s.reviews[0].possible_outcomes[0], "child");
  EXPECT_TRUE(s.reviews[0].missing.empty());
  EXPECT_EQ(facts_of(s.reviews[0], true), Strings({"present", "unborn"}));
  for (const AssumptionResult& a : s.reviews[0].assumptions) {
    if (a.fact == "present") {
      EXPECT_EQ(a.when, "location is here");
      EXPECT_FALSE(a.conditional);  // the location is given: it applies for certain
      EXPECT_EQ(a.value, "yes");
    }
    if (a.fact == "unborn") {
      EXPECT_EQ(a.value, "no");
    }
  }
  // w no: `none`, on the assumption that the incident came on the date of awareness (2020); an
  // incident before 2015 would give `early`.
  s = screen({{"location", "here"}, {"w", false}, {"aware", "2020-01-01"}});
  EXPECT_EQ(s.reviews[0].possible_outcomes, std::vector<std::string_view>({"none"}));
  EXPECT_EQ(facts_of(s.reviews[0], true), Strings({"incident"}));
  for (const AssumptionResult& a : s.reviews[0].assumptions) {
    if (a.fact == "incident") {
      EXPECT_EQ(a.value_of, "aware");
    }
  }
  // Located elsewhere: `present` has no assumption that applies, so it is missing.
  s = screen({{"location", "elsewhere"}, {"w", true}, {"aware", "2020-01-01"}});
  Strings missing;
  for (const MissingFact& m : s.reviews[0].missing) missing.emplace_back(m.fact);
  EXPECT_EQ(missing, Strings({"present"}));
  // Location unknown: `present` may be assumed (where the location is here), so it is not missing
  // but an assumption, conditional, and the location is missing.
  s = screen({{"w", true}, {"aware", "2020-01-01"}});
  missing.clear();
  for (const MissingFact& m : s.reviews[0].missing) missing.emplace_back(m.fact);
  EXPECT_EQ(missing, Strings({"location"}));
  for (const AssumptionResult& a : s.reviews[0].assumptions) {
    if (a.fact == "present") {
      EXPECT_TRUE(a.conditional);
    }
  }
  // The incident given before 2015 overrides the assumption.
  s = screen({{"location", "here"}, {"w", true}, {"aware", "2020-01-01"}, {"incident", "2014-01-01"},
              {"unborn", true}});
  EXPECT_EQ(s.reviews[0].possible_outcomes, std::vector<std::string_view>({"early"}));
  CheckSpec(Assumptions(), 64);
}

// known(x) describes the referral, not the case: an outcome may not turn on it (E314), directly
// or through a condition it names, and neither may an assumption.
TEST(RelevanceBruteForce, KnownMayNotDecideAnOutcome) {
  RuleSetSpec direct{"known_direct", {Bool("m"), Bool("n")}, {}, {{"was_given", "known(m) and n"}}, "none"};
  CompileResult c = CompileSpec(direct);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.diagnostics.at(0).code, "E314") << c.FormatDiagnostics();
  RuleSetSpec through{"known_through", {Bool("m"), Bool("n")}, {{"asked", "known(m)"}}, {{"was_given", "asked and n"}}, "none"};
  c = CompileSpec(through);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.diagnostics.at(0).code, "E314");
  EXPECT_NE(c.diagnostics.at(0).message.find("'asked'"), std::string::npos) << c.diagnostics.at(0).message;
  RuleSetSpec in_assumption{"known_assumption",
                            {Bool("m"), Assuming(Bool("n"), {{"yes", "known(m)"}})}, {}, {{"was_given", "n"}}, "none"};
  c = CompileSpec(in_assumption);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.diagnostics.at(0).code, "E314");
}

// ---------------------------------------------------------------------------------------------
// Random rule sets from a seeded generator
// ---------------------------------------------------------------------------------------------

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  RuleSetSpec Make(const std::string& label) {
    RuleSetSpec spec;
    spec.label = label;
    // 4 or 5 facts: two or three yes/no, one option fact, one small integer, sometimes a date.
    int bools = 2 + Pick(2);
    for (int i = 0; i < bools; ++i) spec.facts.push_back(Bool("b" + std::to_string(i)));
    spec.facts.push_back(Enum("e", {"red", "green", "blue"}));
    if (spec.facts.size() < 5 && Pick(2) == 0) {
      spec.facts.push_back(Date_("dt"));
    } else if (spec.facts.size() < 5) {
      spec.facts.push_back(Int("n", 0, 6));
    }
    if (spec.facts.size() < 5 && std::none_of(spec.facts.begin(), spec.facts.end(), [](const FactSpec& f) {
          return f.kind == FactSpec::kInt;
        })) {
      spec.facts.push_back(Int("n", 0, 6));
    }
    // Zero to two assumptions, each on a fact whose condition, if any, reads only facts declared
    // before it (so that assumptions never depend on each other in a circle).
    int assumptions = Pick(3);
    for (int a = 0; a < assumptions; ++a) {
      size_t f = 1 + static_cast<size_t>(Pick(static_cast<int>(spec.facts.size()) - 1));
      FactSpec& fact = spec.facts[f];
      AssumeSpec assume;
      switch (fact.kind) {
        case FactSpec::kBool: assume.value = Pick(2) ? "yes" : "no"; break;
        case FactSpec::kEnum: assume.value = fact.options[Pick(3)]; break;
        case FactSpec::kInt: assume.value = std::to_string(Pick(7)); break;
        case FactSpec::kDate: assume.value = Pick(2) ? "2016-01-01" : "2014-01-01"; break;
      }
      if (Pick(2)) assume.when = AtomOn(spec.facts[static_cast<size_t>(Pick(static_cast<int>(f)))]);
      fact.assume.push_back(assume);
    }
    facts_ = spec.facts;
    // Zero to two named conditions, which outcomes may name.
    int named = Pick(3);
    for (int i = 0; i < named; ++i) {
      spec.conditions.push_back({"c" + std::to_string(i), Render(Tree(2), 0)});
      conditions_.push_back("c" + std::to_string(i));
    }
    int outcomes = 2 + Pick(2);  // plus otherwise: 3 or 4 outcomes
    for (int i = 0; i < outcomes; ++i) {
      spec.outcomes.push_back({"o" + std::to_string(i), Render(Tree(3), 0)});
    }
    spec.otherwise = "rest";
    return spec;
  }

 private:
  struct Node {
    enum Kind { kAtom, kNot, kAnd, kOr } kind = kAtom;
    std::string atom;
    std::vector<Node> children;
  };

  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }

  std::string Atom() {
    if (!conditions_.empty() && Pick(6) == 0) return conditions_[Pick(static_cast<int>(conditions_.size()))];
    return AtomOn(facts_[Pick(static_cast<int>(facts_.size()))]);
  }

  std::string AtomOn(const FactSpec& f) {
    static const char* kOps[] = {"=", "!=", "<", "<=", ">", ">="};
    switch (f.kind) {
      case FactSpec::kBool: {
        int form = Pick(3);
        if (form == 0) return f.name;
        return f.name + (form == 1 ? " is yes" : " = no");
      }
      case FactSpec::kEnum: {
        int form = Pick(3);
        if (form == 0) return f.name + " is " + f.options[Pick(3)];
        if (form == 1) return f.name + " is not " + f.options[Pick(3)];
        std::string a = f.options[Pick(3)], b = f.options[Pick(3)];
        return f.name + " in {" + a + (a == b ? "" : ", " + b) + "}";
      }
      case FactSpec::kInt:
        return f.name + " " + kOps[Pick(6)] + " " + std::to_string(Pick(7));
      case FactSpec::kDate: {
        static const char* kDates[] = {"2015-04-01", "2018-06-29", "2020-02-29"};
        return f.name + " " + kOps[Pick(6)] + " " + kDates[Pick(3)];
      }
    }
    return f.name;
  }

  Node Tree(int depth) {
    Node node;
    int choice = depth == 0 ? 0 : Pick(5);
    if (choice <= 1) {
      node.kind = Node::kAtom;
      node.atom = Atom();
    } else if (choice == 2) {
      node.kind = Node::kNot;
      node.children.push_back(Tree(depth - 1));
    } else {
      node.kind = choice == 3 ? Node::kAnd : Node::kOr;
      node.children.push_back(Tree(depth - 1));
      node.children.push_back(Tree(depth - 1));
    }
    return node;
  }

  // Minimal parentheses by precedence (or < and < not < comparison), plus some redundant ones.
  // `parent`: 0 top / or, 1 and, 2 not.
  std::string Render(const Node& node, int parent) {
    std::string text;
    int level = 3;
    switch (node.kind) {
      case Node::kAtom:
        text = node.atom;
        // A comparison under `not` needs no parentheses (`not n >= 3` is `not (n >= 3)`).
        level = 3;
        break;
      case Node::kNot:
        text = "not " + Render(node.children[0], 2);
        level = 2;
        break;
      case Node::kAnd:
        text = Render(node.children[0], 1) + " and " + Render(node.children[1], 1);
        level = 1;
        break;
      case Node::kOr:
        text = Render(node.children[0], 0) + " or " + Render(node.children[1], 0);
        level = 0;
        break;
    }
    // `x or y` under `and` needs parentheses; so does `and`/`or` under `not`. Left-nested `or`
    // under `or` (and `and` under `and`) does not.
    bool needed = level < parent;
    if (needed || (level < 3 && Pick(5) == 0)) return "(" + text + ")";
    return text;
  }

  std::mt19937 rng_;
  std::vector<FactSpec> facts_;
  std::vector<std::string> conditions_;
};

// Generates rule sets from a fixed seed until `wanted` of them compile, checking each exhaustively.
// A generated outcome that can never be reached is a compile error (E304); for those rule sets the
// test checks instead that the brute force agrees exactly on which outcomes are unreachable.
TEST(RelevanceBruteForce, RandomRuleSets) {
  const int wanted = 20;
  int accepted = 0, rejected_unreachable = 0, total_screenings = 0;
  for (uint32_t seed = 1; accepted < wanted && seed < 500; ++seed) {
    Generator generator(seed * 7919u);
    RuleSetSpec spec = generator.Make("random seed " + std::to_string(seed));
    SCOPED_TRACE(spec.label + "\n" + RenderPack(spec));
    CompileResult compiled = CompileSpec(spec);
    BruteForce brute(spec);
    // The outcomes some referral can reach. (Not the possible outcomes of an empty referral: there
    // the assumptions apply, while a referral that gives the facts overrides them.)
    uint64_t reachable = brute.AnyReferral();
    std::vector<std::string> ids = OutcomeIds(spec);
    if (!compiled.ok()) {
      std::set<std::string> reported;
      for (const Diagnostic& d : compiled.diagnostics) {
        ASSERT_EQ(d.code, "E304") << compiled.FormatDiagnostics();
        for (const std::string& id : ids) {
          if (d.message.find("'" + id + "'") != std::string::npos) reported.insert(id);
        }
      }
      std::set<std::string> unreachable;
      for (size_t k = 0; k < ids.size(); ++k) {
        if (!((reachable >> k) & 1)) unreachable.insert(ids[k]);
      }
      EXPECT_EQ(reported, unreachable) << "E304 disagrees with the brute force";
      ++rejected_unreachable;
      continue;
    }
    EXPECT_EQ(reachable, (uint64_t{1} << ids.size()) - 1) << "the engine compiled an unreachable outcome";
    CheckStats stats = CheckExhaustively(spec, *compiled.rules, 48, seed);
    EXPECT_EQ(stats.mismatches, 0) << stats.mismatches << " of " << stats.screenings << " screenings differ";
    total_screenings += stats.screenings;
    ++accepted;
  }
  EXPECT_EQ(accepted, wanted) << "too few generated rule sets compiled";
  RecordProperty("rejected_unreachable", rejected_unreachable);
  RecordProperty("screenings", total_screenings);
  std::printf("random rule sets: %d checked (%d screenings), %d rejected as unreachable (E304 agreed)\n",
              accepted, total_screenings, rejected_unreachable);
}

}  // namespace
}  // namespace threshold
