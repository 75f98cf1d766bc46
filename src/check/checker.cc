// The checker: resolves names, types expressions, partitions fact values at the constants the
// rules use, detects reference cycles, and checks citations, outcome lists, in-force windows and
// examples. Every problem becomes a located diagnostic; checking goes on after an error so one
// run reports them all. Stage: check.
#include "check/checker.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "common/source.h"
#include "common/suggest.h"

namespace threshold::check {
namespace {

namespace ast = parse::ast;
using internal::ExprNode;
using internal::FactDecl;
using internal::FactType;
using internal::Model;

const char* TypeName(FactType type) {
  switch (type) {
    case FactType::kBool: return "yes/no";
    case FactType::kInt: return "an integer";
    case FactType::kDate: return "a date";
    case FactType::kText: return "text";
    case FactType::kEnum: return "one of a list of options";
  }
  return "";
}

// How many did-you-mean searches one check makes at most; see Checker::Hint.
constexpr int kMaxSuggestions = 200;

// How deep a condition may nest through the conditions it names (E216); see CheckDepth.
constexpr int kMaxConditionDepth = 1000;

std::optional<int64_t> ParseInteger(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Where a name is being resolved: a rule set's local conditions, then the top level.
struct Scope {
  int review = -1;
  int rule_set = -1;
};

class Checker {
 public:
  Checker(const std::vector<const ast::File*>& files, const std::vector<RuleSource>& sources,
          Model& model, std::vector<Diagnostic>& diagnostics)
      : files_(files), model_(model), diagnostics_(diagnostics) {
    for (const RuleSource& source : sources) {
      indexes_.emplace(source.name, common::SourceIndex(source.name, source.text));
      texts_.emplace(source.name, &source.text);
    }
  }

  bool Run() {
    CheckPack();
    for (const ast::File* file : files_) {
      file_ = file;
      for (const ast::Fact& fact : file->facts) DeclareFact(fact);
    }
    // Every top-level condition is declared before any rule set's, so a local condition that
    // reuses a top-level name is caught whichever file comes first.
    for (const ast::File* file : files_) {
      file_ = file;
      for (const ast::Fact& fact : file->facts) ResolveDerive(fact);
      for (const ast::Condition& condition : file->conditions) DeclareCondition(condition, {});
    }
    // Assumptions may name top-level conditions, so they come once every one is declared.
    for (const ast::File* file : files_) {
      file_ = file;
      for (const ast::Fact& fact : file->facts) ResolveAssumptions(fact);
    }
    for (const ast::File* file : files_) {
      file_ = file;
      for (const ast::Review& review : file->reviews) DeclareReview(review);
    }
    CheckDeclaredReviews();
    for (auto& [file, condition, scope, index] : pending_conditions_) {
      file_ = file;
      ResolveCondition(*condition, scope, index);
    }
    for (auto& [file, review, index] : pending_reviews_) {
      file_ = file;
      ResolveReview(*review, index);
    }
    if (!CheckCycles()) CheckDepth();
    ResolveReviewReferenceMasks();
    CheckReviewReferences();
    bool assumption_cycle = CheckAssumptionCycles();
    CheckKnownInOutcomes();
    if (!assumption_cycle) Partition();
    for (const ast::File* file : files_) {
      file_ = file;
      for (const ast::TopAdvisory& advisory : file->advisories) DeclareTopAdvisory(advisory);
    }
    for (const ast::File* file : files_) {
      file_ = file;
      for (const ast::Example& example : file->examples) DeclareExample(example);
    }
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                       if (a.where.file != b.where.file) return a.where.file < b.where.file;
                       return a.where.begin < b.where.begin;
                     });
    return errors_ == 0;
  }

 private:
  // ---- Reporting ----

  SourceSpan Span(ast::Range range) const { return SpanIn(file_->name, range); }
  SourceSpan SpanIn(const std::string& file, ast::Range range) const {
    auto it = indexes_.find(file);
    if (it == indexes_.end()) return SourceSpan{file, range.begin, range.end, 0, 0};
    return it->second.Span(range.begin, range.end);
  }

  Diagnostic& Error(const char* code, ast::Range range, std::string message) {
    ++errors_;
    Diagnostic diagnostic;
    diagnostic.code = code;
    diagnostic.message = std::move(message);
    diagnostic.where = Span(range);
    diagnostics_.push_back(std::move(diagnostic));
    return diagnostics_.back();
  }

  void Note(Diagnostic& diagnostic, const std::string& file, ast::Range range, std::string message) {
    diagnostic.notes.push_back({SpanIn(file, range), std::move(message)});
  }

  // Remembers where each id of a kind was first declared, and reports duplicates.
  bool Claim(std::map<std::string, std::pair<std::string, ast::Range>>& seen, const ast::Ident& id,
             const char* what) {
    auto [it, inserted] = seen.emplace(id.name, std::make_pair(file_->name, id.range));
    if (inserted) return true;
    Diagnostic& error =
        Error("E305", id.range, std::string("duplicate ") + what + " '" + id.name + "'");
    Note(error, it->second.first, it->second.second, "first declared here");
    return false;
  }

  void RequireCitation(const std::vector<ast::Citation>& citations, const ast::Ident& id,
                       const char* what) {
    if (citations.empty()) {
      Error("E301", id.range,
            std::string(what) + " '" + id.name + "' has no citation; add a 'cite' line naming " +
                "the statute, regulation or guidance it encodes");
    }
  }

  std::vector<Citation> Citations(const std::vector<ast::Citation>& citations) {
    std::vector<Citation> result;
    for (const ast::Citation& c : citations) {
      result.push_back({c.evidence, c.instrument, c.provision, c.note});
    }
    return result;
  }

  // "; did you mean 'x'?" for a misspelt name, or "". Each search costs an edit distance per
  // candidate, so after kMaxSuggestions of them no more are made: a file with thousands of
  // misspellings among thousands of names must not take quadratic time. `candidates` is a
  // function, so the list is not even built once the budget is spent.
  template <typename Candidates>
  std::string Hint(std::string_view name, Candidates&& candidates) {
    if (suggestions_ >= kMaxSuggestions) return "";
    ++suggestions_;
    return common::DidYouMean(name, candidates());
  }

  std::optional<Date> CheckDate(const ast::Ident& text) {
    std::optional<Date> date = Date::Parse(text.name);
    if (!date) Error("E206", text.range, "invalid date '" + text.name + "'");
    return date;
  }

  // ---- Pack and calendar ----

  void CheckPack() {
    const ast::Pack* pack = nullptr;
    const ast::File* pack_file = nullptr;
    for (const ast::File* file : files_) {
      file_ = file;
      for (const ast::Pack& candidate : file->packs) {
        if (pack) {
          Diagnostic& error = Error("E305", candidate.id.range, "more than one pack declaration");
          Note(error, pack_file->name, pack->id.range, "first declared here");
          continue;
        }
        pack = &candidate;
        pack_file = file;
      }
    }
    if (!pack) {
      ++errors_;
      Diagnostic diagnostic;
      diagnostic.code = "E308";
      diagnostic.message =
          "no pack declaration: one rule file must say 'pack NAME \"title\" version \"...\"'";
      diagnostic.where.file = files_.empty() ? std::string() : files_.front()->name;
      diagnostics_.push_back(std::move(diagnostic));
      return;
    }
    file_ = pack_file;
    pack_ = pack;
    pack_file_ = pack_file;
    model_.name = pack->id.name;
    model_.title = pack->title;
    model_.version = pack->version;
    model_.calendar_name = pack->calendar;
    if (pack->calendar.empty()) return;
    auto text = texts_.find(pack->calendar);
    if (text == texts_.end()) {
      Error("E309", pack->range, "calendar file '" + pack->calendar + "' was not found beside the rules");
      return;
    }
    std::vector<HolidayCalendar::ParseError> errors;
    model_.calendar = HolidayCalendar::Parse(*text->second, &errors);
    const common::SourceIndex& index = indexes_.at(pack->calendar);
    for (const auto& problem : errors) {
      ++errors_;
      Diagnostic diagnostic;
      diagnostic.code = "E309";
      diagnostic.message = problem.message;
      uint32_t offset = index.LineStart(problem.line) + std::max(problem.column - 1, 0);
      diagnostic.where = index.Span(offset, offset + 1);
      diagnostics_.push_back(std::move(diagnostic));
    }
  }

  // The pack says which reviews it defines, so that a rule file lost from the directory (deleted,
  // unreadable, misnamed) cannot leave a pack that checks clean with a review missing.
  void CheckDeclaredReviews() {
    if (!pack_) return;
    file_ = pack_file_;
    // Optional, so that packs written before the list existed still compile; `threshold check`
    // points out its absence.
    if (pack_->reviews.empty()) return;
    model_.declares_reviews = true;
    std::map<std::string, ast::Range> declared;
    for (const ast::Ident& id : pack_->reviews) {
      if (!declared.emplace(id.name, id.range).second) {
        Error("E305", id.range, "review '" + id.name + "' is declared twice in the pack");
      }
    }
    for (const auto& [declared_id, range] : declared) {
      // (A named copy: a lambda may not capture a structured binding before C++20's P1091 in clang 14.)
      const std::string& id = declared_id;
      bool defined = std::any_of(model_.reviews.begin(), model_.reviews.end(),
                                 [&](const internal::ReviewDecl& review) { return review.id == id; });
      if (!defined) {
        file_ = pack_file_;
        Error("E313", range, "the pack declares review '" + id + "', but no rule file defines it" +
                                 " (is a rule file missing from the directory?)");
      }
    }
    for (const auto& [review_file, review, index] : pending_reviews_) {
      if (declared.count(review->id.name)) continue;
      file_ = review_file;
      Error("E313", review->id.range,
            "review '" + review->id.name + "' is not among the reviews the pack declares; add it to the pack's 'reviews' list");
    }
  }

  // ---- Facts ----

  void DeclareFact(const ast::Fact& fact) {
    if (!Claim(fact_names_, fact.path, "fact")) return;
    ClaimFactPath(fact.path);  // a conflict is reported, and the fact still declared for checking
    FactDecl decl;
    decl.path = fact.path.name;
    size_t start = 0;
    while (true) {
      size_t dot = decl.path.find('.', start);
      decl.keys.push_back(decl.path.substr(start, dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    for (const std::string& key : decl.keys) decl.pointer += "/" + key;
    decl.question = fact.question;
    decl.help = fact.help;
    decl.citations = Citations(fact.citations);
    switch (fact.type.kind) {
      case ast::TypeSpec::Kind::kBool: decl.type = FactType::kBool; break;
      case ast::TypeSpec::Kind::kDate: decl.type = FactType::kDate; break;
      case ast::TypeSpec::Kind::kText: decl.type = FactType::kText; break;
      case ast::TypeSpec::Kind::kInt: {
        decl.type = FactType::kInt;
        auto low = ParseInteger(fact.type.low.name);
        auto high = ParseInteger(fact.type.high.name);
        if (!low) Error("E207", fact.type.low.range, "integer '" + fact.type.low.name + "' is too large");
        if (!high) Error("E207", fact.type.high.range, "integer '" + fact.type.high.name + "' is too large");
        if (low && high && *low > *high) {
          Error("E207", fact.type.range, "the range of '" + decl.path + "' is empty: " +
                                             fact.type.low.name + " is above " + fact.type.high.name);
        }
        decl.min = low.value_or(0);
        decl.max = high.value_or(0);
        break;
      }
      case ast::TypeSpec::Kind::kEnum: {
        decl.type = FactType::kEnum;
        std::map<std::string, std::pair<std::string, ast::Range>> seen;
        for (const ast::Option& option : fact.type.options) {
          if (!Claim(seen, option.id, "option")) continue;
          decl.options.push_back(option.id.name);
          decl.labels.push_back(option.label);
        }
        if (decl.options.size() > 60) {
          Error("E211", fact.type.range, "too many options (at most 60)");
        }
        break;
      }
    }
    if (!fact.sensitivity.name.empty()) {
      const std::string& level = fact.sensitivity.name;
      if (level == "low") {
        decl.sensitivity = internal::Sensitivity::kLow;
      } else if (level == "medium") {
        decl.sensitivity = internal::Sensitivity::kMedium;
      } else if (level == "high") {
        decl.sensitivity = internal::Sensitivity::kHigh;
      } else {
        Error("E208", fact.sensitivity.range,
              "unknown sensitivity '" + level + "'" +
                  common::DidYouMean(level, {"low", "medium", "high"}) +
                  (common::Suggest(level, {"low", "medium", "high"}).empty()
                       ? "; use low, medium or high"
                       : ""));
      }
    }
    fact_index_[decl.path] = static_cast<int>(model_.facts.size());
    model_.facts.push_back(std::move(decl));
  }

  // A fact cannot sit inside another: "subject" and "subject.age" would make the record's field
  // "subject" both a value and an object holding other fields.
  bool ClaimFactPath(const ast::Ident& path) {
    const std::string& name = path.name;
    auto conflict = [&](const std::string& other, const std::string& message) {
      Diagnostic& error = Error("E215", path.range, message);
      const auto& first = fact_names_.at(other);
      Note(error, first.first, first.second, "'" + other + "' is declared here");
      return false;
    };
    fact_paths_.insert(name);
    for (size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', dot + 1)) {
      std::string outer = name.substr(0, dot);
      if (fact_paths_.count(outer)) {
        return conflict(outer, "fact '" + name + "' is inside fact '" + outer + "'; a field of a case record " +
                                   "holds either a value or other fields, not both");
      }
    }
    auto inner = fact_paths_.lower_bound(name + ".");
    if (inner != fact_paths_.end() && inner->starts_with(name + ".")) {
      return conflict(*inner, "fact '" + *inner + "' is inside fact '" + name + "'; a field of a " +
                                  "case record holds either a value or other fields, not both");
    }
    return true;
  }

  int FindFact(const std::string& path) const {
    auto it = fact_index_.find(path);
    return it == fact_index_.end() ? -1 : it->second;
  }

  std::vector<std::string_view> FactNames() const {
    std::vector<std::string_view> names;
    for (const FactDecl& fact : model_.facts) names.push_back(fact.path);
    return names;
  }

  int RequireFact(const ast::Ident& path, FactType type, const char* purpose) {
    int fact = FindFact(path.name);
    if (fact < 0) {
      Error("E201", path.range, "unknown fact '" + path.name + "'" + Hint(path.name, [&] { return FactNames(); }));
      return -1;
    }
    if (model_.facts[fact].type != type) {
      Error("E203", path.range, std::string(purpose) + " must be " + TypeName(type) + ", but '" +
                                    path.name + "' is " + TypeName(model_.facts[fact].type));
      return -1;
    }
    return fact;
  }

  void ResolveDerive(const ast::Fact& fact) {
    if (!fact.derive) return;
    int self = FindFact(fact.path.name);
    if (self < 0) return;
    if (fact.derive->implied) {
      // "derive VALUE when F or G given": a value that follows from the referral giving another
      // fact (an unborn child has no age), or giving it with one of some values ("when F in
      // {...}": a remanded child is looked after), worked out when the record is decoded.
      if (model_.facts[self].type == FactType::kText) {
        Error("E209", fact.derive->range, "a text fact cannot be derived");
        return;
      }
      // The value: a fixed value of the fact's type, or another fact of the same type whose value
      // it takes ("derive incident_date when incident.died in {yes}": one date given is the date
      // of the death).
      const ast::Expr& written = fact.derive->value;
      int copy = written.kind == ast::Expr::Kind::kName ? FindFact(written.text) : -1;
      if (copy >= 0) {
        const FactDecl& source = model_.facts[copy];
        const FactDecl& target = model_.facts[self];
        bool same_type = source.type == target.type && source.min == target.min && source.max == target.max &&
                         source.options == target.options;
        if (copy == self || !same_type) {
          Error("E209", written.range,
                "'" + written.text + "' cannot give its value to '" + target.path + "': a derived value must be " +
                    "a fixed value, or another fact of the same type");
          return;
        }
        model_.facts[self].implied_copy = copy;
      } else {
        auto value = ResolveValue(self, written);
        if (!value) return;
        model_.facts[self].implied_value = *value;
      }
      for (size_t i = 0; i < fact.derive->given.size(); ++i) {
        const ast::Ident& given = fact.derive->given[i];
        int other = FindFact(given.name);
        if (other < 0) {
          Error("E201", given.range, "unknown fact '" + given.name + "'" + Hint(given.name, [&] { return FactNames(); }));
          continue;
        }
        if (other == self) {
          Error("E209", given.range, "a fact cannot be derived from itself");
          continue;
        }
        // "F in {...}": the values of F that imply it (yes/no and option facts, whose cells are
        // their values); without "in", any value of F does.
        uint64_t cells = 0;
        const internal::FactDecl& source = model_.facts[other];
        for (size_t v = 0; v < fact.derive->given_in.size(); ++v) {
          if (fact.derive->given_in_of[v] != i) continue;
          if (source.type != FactType::kBool && source.type != FactType::kEnum) {
            Error("E209", given.range, "'derive VALUE when FACT in {...}' needs a yes/no or option fact, and '" +
                                           source.path + "' is neither");
            return;
          }
          auto v_value = ResolveValue(other, fact.derive->given_in[v]);
          if (!v_value) return;
          cells |= uint64_t{1} << source.CellOf(*v_value);
        }
        model_.facts[self].implied_by.push_back(other);
        model_.facts[self].implied_cells.push_back(cells);
      }
      return;
    }
    if (model_.facts[self].type != FactType::kInt) {
      Error("E209", fact.derive->range, "only an integer fact can be derived as an age");
      return;
    }
    model_.facts[self].derive_from = RequireFact(fact.derive->from, FactType::kDate, "a date of birth");
    for (const ast::Ident& on : fact.derive->on) {
      int date = RequireFact(on, FactType::kDate, "the date an age is taken on");
      if (date >= 0) model_.facts[self].derive_on.push_back(date);
    }
    if (!fact.derive->carry_age.name.empty()) {
      int age = RequireFact(fact.derive->carry_age, FactType::kInt, "an age");
      if (age == self) {
        Error("E209", fact.derive->carry_age.range, "a fact cannot be derived from itself");
        return;
      }
      model_.facts[self].carry_age = age;
      model_.facts[self].carry_date = RequireFact(fact.derive->carry_date, FactType::kDate, "the date that age is on");
    }
  }

  // ---- Assumptions ----

  // "assume VALUE [if EXPR] because TEXT": the value is a fixed value of the fact's type or another
  // fact of the same type; the condition is read like any condition, but may not ask known(x)
  // (an assumption stands for what the law presumes about the case, not about the referral).
  void ResolveAssumptions(const ast::Fact& fact) {
    int self = FindFact(fact.path.name);
    if (self < 0 || fact.assumptions.empty()) return;
    if (model_.facts[self].type == FactType::kText) {
      Error("E315", fact.assumptions.front().range, "a text fact cannot have an assumption");
      return;
    }
    for (const ast::Assumption& written : fact.assumptions) {
      internal::AssumptionDecl decl;
      decl.because = written.because;
      decl.citations = Citations(written.citations);
      if (written.citations.empty()) {
        Error("E301", written.range,
              "the assumption for '" + fact.path.name + "' has no citation; add a 'cite' line naming the law or "
              "practice that gives the default");
      }
      const FactDecl& self_decl = model_.facts[self];
      const ast::Expr& value = written.value;
      int other = value.kind == ast::Expr::Kind::kName ? FindFact(value.text) : -1;
      bool is_option = self_decl.type == FactType::kEnum &&
                       std::find(self_decl.options.begin(), self_decl.options.end(), value.text) != self_decl.options.end();
      if (other >= 0 && !is_option) {
        const FactDecl& source = model_.facts[other];
        if (other == self) {
          Error("E315", value.range, "a fact cannot be assumed to equal itself");
          continue;
        }
        if (source.type != self_decl.type || source.options != self_decl.options) {
          Error("E315", value.range,
                "'" + fact.path.name + "' is " + TypeName(self_decl.type) + ", so it cannot be assumed to equal '" +
                    source.path + "', which is " +
                    (source.type == self_decl.type ? std::string("a list of other options") : TypeName(source.type)));
          continue;
        }
        if (self_decl.type == FactType::kInt && (source.min != self_decl.min || source.max != self_decl.max)) {
          Error("E315", value.range, "'" + source.path + "' has a different range from '" + fact.path.name + "'");
          continue;
        }
        decl.fact = other;
        decl.value_text = source.path;
      } else {
        auto constant = ResolveValue(self, value);
        if (!constant) continue;
        decl.value = *constant;
        decl.value_text = value.text;
      }
      if (written.when) {
        std::vector<int> references;
        decl.when = ResolveRoot(*written.when, {}, &references);
        if (decl.when < 0) continue;
        decl.when_text = SourceText(written.when->range);
        assumption_references_.push_back({file_->name, self, static_cast<int>(model_.facts[self].assumptions.size()),
                                          written.range, std::move(references)});
      }
      model_.facts[self].assumptions.push_back(std::move(decl));
    }
  }

  // The text of the current file between two offsets.
  std::string SourceText(ast::Range range) const {
    auto it = texts_.find(file_->name);
    if (it == texts_.end() || range.end > it->second->size() || range.begin > range.end) return "";
    std::string text = it->second->substr(range.begin, range.end - range.begin);
    // One line: rule files break long expressions over lines.
    std::string out;
    bool space = false;
    for (char c : text) {
      if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
        space = !out.empty();
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += c;
    }
    return out;
  }

  // The facts an expression reads, directly or through the conditions it names.
  void FactsRead(int node_index, std::vector<bool>& facts, std::vector<bool>& seen_conditions) const {
    const ExprNode& node = model_.nodes[node_index];
    if (node.kind == ExprNode::Kind::kAtom || node.kind == ExprNode::Kind::kKnown) facts[node.fact] = true;
    if (node.kind == ExprNode::Kind::kCondition) {
      if (seen_conditions[node.condition]) return;
      seen_conditions[node.condition] = true;
      int root = model_.conditions[node.condition].root;
      if (root >= 0) FactsRead(root, facts, seen_conditions);
      return;
    }
    for (int child : node.children) FactsRead(child, facts, seen_conditions);
  }

  // Whether an expression asks known(x), directly or through the conditions it names. `memo[c]` is
  // -1 before condition c is looked at, then the condition (c itself or one it names, however
  // deeply) whose own expression asks known(x), or -2 for none; `where` gets that condition (-1
  // when the expression itself asks).
  bool ReadsKnown(int node_index, std::vector<int>& memo, int* where) const {
    const ExprNode& node = model_.nodes[node_index];
    if (node.kind == ExprNode::Kind::kKnown) {
      *where = -1;
      return true;
    }
    if (node.kind == ExprNode::Kind::kCondition) {
      int& slot = memo[node.condition];
      if (slot == -1) {
        slot = -2;  // (cycles are reported elsewhere)
        int root = model_.conditions[node.condition].root;
        int inner = -1;
        if (root >= 0 && ReadsKnown(root, memo, &inner)) slot = inner >= 0 ? inner : node.condition;
      }
      if (slot < 0) return false;
      *where = slot;
      return true;
    }
    for (int child : node.children) {
      if (ReadsKnown(child, memo, where)) return true;
    }
    return false;
  }

  static std::string KnownSite(const internal::Model& model, int where) {
    return where >= 0 ? " in condition '" + model.conditions[where].id + "'" : std::string();
  }

  // An assumed fact's value may come from another fact or depend on a condition over others; a
  // chain of them must end. Returns true when a cycle was found (and reported).
  bool CheckAssumptionCycles() {
    size_t n = model_.facts.size();
    std::vector<std::vector<int>> edges(n);
    std::vector<bool> seen_conditions(model_.conditions.size());
    for (size_t f = 0; f < n; ++f) {
      for (const internal::AssumptionDecl& assumption : model_.facts[f].assumptions) {
        if (assumption.fact >= 0) edges[f].push_back(assumption.fact);
        if (assumption.when >= 0) {
          std::vector<bool> read(n, false);
          std::fill(seen_conditions.begin(), seen_conditions.end(), false);
          FactsRead(assumption.when, read, seen_conditions);
          for (size_t g = 0; g < n; ++g) {
            if (read[g]) edges[f].push_back(static_cast<int>(g));
          }
        }
      }
    }
    std::vector<int> state(n, 0);
    bool found = false;
    std::function<void(int, std::vector<int>&)> visit = [&](int f, std::vector<int>& path) {
      state[f] = 1;
      path.push_back(f);
      for (int g : edges[f]) {
        if (state[g] == 1) {
          if (!found) {
            std::string chain;
            auto start = std::find(path.begin(), path.end(), g);
            for (auto it = start; it != path.end(); ++it) chain += model_.facts[*it].path + " -> ";
            chain += model_.facts[g].path;
            ++errors_;
            Diagnostic diagnostic;
            diagnostic.code = "E316";
            diagnostic.message = "assumptions depend on each other in a circle: " + chain;
            diagnostics_.push_back(std::move(diagnostic));
          }
          found = true;
        } else if (state[g] == 0) {
          visit(g, path);
        }
      }
      path.pop_back();
      state[f] = 2;
    };
    for (size_t f = 0; f < n; ++f) {
      std::vector<int> path;
      if (state[f] == 0) visit(static_cast<int>(f), path);
    }
    return found;
  }

  // known(x) describes the referral, not the case: it may not decide an outcome (an unstated fact
  // would silently count as "no") nor an assumption. Flags and advisories may use it.
  void CheckKnownInOutcomes() {
    std::vector<int> memo(model_.conditions.size(), -1);
    for (const internal::ReviewDecl& review : model_.reviews) {
      for (const internal::RuleSetDecl& set : review.rule_sets) {
        for (const internal::OutcomeDecl& outcome : set.outcomes) {
          int where = -1;
          if (outcome.root < 0 || !ReadsKnown(outcome.root, memo, &where)) continue;
          ++errors_;
          Diagnostic diagnostic;
          diagnostic.code = "E314";
          diagnostic.message =
              "outcome '" + outcome.id + "' reads known(...)" + KnownSite(model_, where) +
              ": an outcome may not turn on whether the referral gives a fact (an unstated fact would count as "
              "'no'); test the fact itself, or declare an assumption at the fact";
          diagnostic.where = outcome.where;
          diagnostics_.push_back(std::move(diagnostic));
        }
      }
    }
    for (const AssumptionReferences& pending : assumption_references_) {
      const internal::AssumptionDecl& assumption = model_.facts[pending.fact].assumptions[pending.index];
      int where = -1;
      if (assumption.when < 0 || !ReadsKnown(assumption.when, memo, &where)) continue;
      ++errors_;
      Diagnostic diagnostic;
      diagnostic.code = "E314";
      diagnostic.message = "the assumption for '" + model_.facts[pending.fact].path + "' reads known(...)" +
                           KnownSite(model_, where) +
                           ": an assumption may not turn on what the referral gives";
      diagnostic.where = SpanIn(pending.file, pending.range);
      diagnostics_.push_back(std::move(diagnostic));
    }
  }

  // ---- Conditions ----

  void DeclareCondition(const ast::Condition& condition, Scope scope) {
    auto& seen = scope.rule_set < 0 ? global_condition_names_ : local_condition_names_;
    if (scope.rule_set >= 0 && global_condition_names_.count(condition.id.name)) {
      Diagnostic& error = Error("E305", condition.id.range,
                                "condition '" + condition.id.name + "' is already declared at the top level");
      const auto& first = global_condition_names_.at(condition.id.name);
      Note(error, first.first, first.second, "first declared here");
      return;
    }
    if (FindFact(condition.id.name) >= 0) {
      Error("E210", condition.id.range,
            "condition '" + condition.id.name + "' has the same name as a fact; rename it");
      return;
    }
    if (!Claim(seen, condition.id, "condition")) return;
    internal::ConditionDecl decl;
    decl.id = condition.id.name;
    decl.text = condition.text;
    decl.citations = Citations(condition.citations);
    decl.rule_set_review = scope.review;
    decl.rule_set = scope.rule_set;
    RequireCitation(condition.citations, condition.id, "condition");
    int index = static_cast<int>(model_.conditions.size());
    model_.conditions.push_back(std::move(decl));
    if (scope.rule_set < 0) {
      global_conditions_[condition.id.name] = index;
    } else {
      local_conditions_[{scope.review, scope.rule_set}][condition.id.name] = index;
    }
    condition_sites_.push_back({file_->name, condition.id.range});
    pending_conditions_.push_back({file_, &condition, scope, index});
  }

  void ResolveCondition(const ast::Condition& condition, Scope scope, int index) {
    std::vector<int> references;
    int root = ResolveRoot(condition.expr, scope, &references);
    model_.conditions[index].root = root;
    model_.conditions[index].references = references;
  }

  int FindCondition(const std::string& name, Scope scope) const {
    if (scope.rule_set >= 0) {
      auto local = local_conditions_.find({scope.review, scope.rule_set});
      if (local != local_conditions_.end()) {
        auto it = local->second.find(name);
        if (it != local->second.end()) return it->second;
      }
    }
    auto it = global_conditions_.find(name);
    return it == global_conditions_.end() ? -1 : it->second;
  }

  std::vector<std::string_view> VisibleNames(Scope scope) const {
    std::vector<std::string_view> names = FactNames();
    for (const auto& [name, index] : global_conditions_) names.push_back(name);
    auto local = local_conditions_.find({scope.review, scope.rule_set});
    if (local != local_conditions_.end()) {
      for (const auto& [name, index] : local->second) names.push_back(name);
    }
    return names;
  }

  int AddNode(ExprNode node) {
    model_.nodes.push_back(std::move(node));
    return static_cast<int>(model_.nodes.size()) - 1;
  }

  // Resolves the whole expression of a condition, outcome, flag or advisory into `references`
  // (which must start empty): see ResolveBoolean.
  int ResolveRoot(const ast::Expr& expr, Scope scope, std::vector<int>* references) {
    ++reference_round_;
    return ResolveBoolean(expr, scope, references);
  }

  // Resolves an expression that must be a condition (yes, no or unknown). Returns the node, or
  // -1 after reporting an error.
  int ResolveBoolean(const ast::Expr& expr, Scope scope, std::vector<int>* references) {
    using Kind = ast::Expr::Kind;
    switch (expr.kind) {
      case Kind::kOr:
      case Kind::kAnd:
      case Kind::kNot: {
        ExprNode node;
        node.kind = expr.kind == Kind::kOr    ? ExprNode::Kind::kOr
                    : expr.kind == Kind::kAnd ? ExprNode::Kind::kAnd
                                              : ExprNode::Kind::kNot;
        bool ok = true;
        for (const ast::Expr& child : expr.children) {
          int resolved = ResolveBoolean(child, scope, references);
          ok = ok && resolved >= 0;
          node.children.push_back(resolved);
        }
        return ok ? AddNode(std::move(node)) : -1;
      }
      case Kind::kName: {
        int condition = FindCondition(expr.text, scope);
        if (condition >= 0) {
          // Each condition once, in order of appearance, in constant time (an expression may name
          // thousands of conditions).
          if (reference_round_of_.size() <= static_cast<size_t>(condition)) {
            reference_round_of_.resize(model_.conditions.size(), 0);
          }
          if (reference_round_of_[condition] != reference_round_) {
            reference_round_of_[condition] = reference_round_;
            references->push_back(condition);
          }
          ExprNode node;
          node.kind = ExprNode::Kind::kCondition;
          node.condition = condition;
          return AddNode(std::move(node));
        }
        int fact = FindFact(expr.text);
        if (fact >= 0) {
          if (model_.facts[fact].type != FactType::kBool) {
            Error("E203", expr.range,
                  "fact '" + expr.text + "' is " + TypeName(model_.facts[fact].type) +
                      ", not yes/no; compare it with a value (for example '" + expr.text +
                      (model_.facts[fact].type == FactType::kEnum ? " in {...}'" : " >= ...'") + ")");
            return -1;
          }
          ExprNode node;
          node.kind = ExprNode::Kind::kAtom;
          node.fact = fact;
          node.op = "=";
          node.values = {1};
          return AddNode(std::move(node));
        }
        Error("E201", expr.range,
              "unknown name '" + expr.text + "'" + Hint(expr.text, [&] { return VisibleNames(scope); }));
        return -1;
      }
      case Kind::kKnown: {
        int fact = FindFact(expr.text);
        if (fact < 0) {
          Error("E201", expr.range,
                "unknown fact '" + expr.text + "'" + Hint(expr.text, [&] { return FactNames(); }));
          return -1;
        }
        ExprNode node;
        node.kind = ExprNode::Kind::kKnown;
        node.fact = fact;
        return AddNode(std::move(node));
      }
      case Kind::kLiteral: {
        if (expr.literal == ast::LiteralKind::kBool) {
          ExprNode node;
          node.kind = ExprNode::Kind::kConst;
          node.value = expr.text == "yes";
          return AddNode(std::move(node));
        }
        Error("E203", expr.range, "a value on its own is not a condition; compare a fact with it");
        return -1;
      }
      case Kind::kCompare:
        return ResolveComparison(expr, scope);
      case Kind::kIn:
        return ResolveIn(expr, scope);
      case Kind::kReview:
        return ResolveReviewReference(expr, scope);
    }
    return -1;
  }

  // "review R is OUTCOME", "review R in {A, B}", "review R is met": another review's outcome, under
  // R's rule set in force while this one is (exactly one must be), as a condition. Only inside a
  // rule set, whose dates say which of R's rule sets is meant.
  int ResolveReviewReference(const ast::Expr& expr, Scope scope) {
    auto review = std::find_if(model_.reviews.begin(), model_.reviews.end(),
                               [&](const internal::ReviewDecl& r) { return r.id == expr.text; });
    if (review == model_.reviews.end()) {
      std::vector<std::string_view> names;
      for (const auto& r : model_.reviews) names.push_back(r.id);
      Error("E317", expr.range, "unknown review '" + expr.text + "'" + Hint(expr.text, [&] { return names; }));
      return -1;
    }
    if (scope.rule_set < 0) {
      Error("E317", expr.range, "a review's outcome can be read only inside a rule set, whose dates say which of its "
                                "rule sets is meant");
      return -1;
    }
    const internal::RuleSetDecl& here = model_.reviews[scope.review].rule_sets[scope.rule_set];
    int target = -1, overlapping = 0;
    for (size_t s = 0; s < review->rule_sets.size(); ++s) {
      const internal::RuleSetDecl& there = review->rule_sets[s];
      bool overlaps;
      if (here.prospective || there.prospective) {
        overlaps = here.prospective && there.prospective;
      } else {
        overlaps = (!there.until || !here.from || *here.from <= *there.until) &&
                   (!here.until || !there.from || *there.from <= *here.until);
      }
      if (overlaps) {
        target = static_cast<int>(s);
        ++overlapping;
      }
    }
    if (overlapping != 1) {
      Error("E317", expr.range,
            "review '" + review->id + "' has " + std::to_string(overlapping) + " rule sets in force while rule set '" +
                here.id + "' is; a review's outcome can be read only where exactly one is");
      return -1;
    }
    ExprNode node;
    node.kind = ExprNode::Kind::kReview;
    node.review = static_cast<int>(review - model_.reviews.begin());
    node.rule_set = target;
    int index = AddNode(std::move(node));
    // The outcomes are resolved with the reviews, after the conditions: the mask comes then.
    std::vector<ast::Ident> outcomes;
    for (const ast::Expr& outcome : expr.children) outcomes.push_back({outcome.text, outcome.range});
    review_references_.push_back({scope.review, model_.nodes[index].review, expr.range, file_->name, index,
                                  std::move(outcomes)});
    return index;
  }

  // The outcome masks of review references, once every review's outcomes are resolved.
  void ResolveReviewReferenceMasks() {
    for (const ReviewReference& reference : review_references_) {
      ExprNode& node = model_.nodes[reference.node];
      const internal::ReviewDecl& review = model_.reviews[node.review];
      const internal::RuleSetDecl& set = review.rule_sets[node.rule_set];
      for (const ast::Ident& outcome : reference.outcomes) {
        if (outcome.name == "met") {
          for (size_t k = 0; k < set.outcomes.size(); ++k) {
            if (set.outcomes[k].met) node.mask |= uint64_t{1} << k;
          }
          continue;
        }
        auto it = std::find_if(set.outcomes.begin(), set.outcomes.end(),
                               [&](const internal::OutcomeDecl& o) { return o.id == outcome.name; });
        if (it == set.outcomes.end()) {
          std::vector<std::string_view> names;
          for (const auto& o : set.outcomes) names.push_back(o.id);
          ++errors_;
          Diagnostic diagnostic;
          diagnostic.code = "E317";
          diagnostic.message = "'" + outcome.name + "' is not an outcome of rule set '" + set.id + "' of review '" +
                               review.id + "'" + Hint(outcome.name, [&] { return names; });
          diagnostic.where = SpanIn(reference.file, outcome.range);
          diagnostics_.push_back(std::move(diagnostic));
          continue;
        }
        node.mask |= uint64_t{1} << (it - set.outcomes.begin());
      }
    }
  }

  // Reviews that read each other's outcomes may not do so in a circle.
  void CheckReviewReferences() {
    size_t n = model_.reviews.size();
    std::vector<std::vector<int>> reads(n);
    for (const ReviewReference& reference : review_references_) reads[reference.from].push_back(reference.to);
    std::vector<int> state(n, 0);
    std::function<bool(int)> visit = [&](int r) {
      state[r] = 1;
      for (int next : reads[r]) {
        if (state[next] == 1 || (state[next] == 0 && visit(next))) return true;
      }
      state[r] = 2;
      return false;
    };
    for (size_t r = 0; r < n; ++r) {
      if (state[r] != 0 || !visit(static_cast<int>(r))) continue;
      for (const ReviewReference& reference : review_references_) {
        if (state[reference.to] != 1 || state[reference.from] != 1) continue;
        ++errors_;
        Diagnostic diagnostic;
        diagnostic.code = "E317";
        diagnostic.message = "review '" + model_.reviews[reference.from].id + "' reads the outcome of review '" +
                             model_.reviews[reference.to].id + "', which reads it back: reviews may not depend on "
                             "each other in a circle";
        diagnostic.where = SpanIn(reference.file, reference.range);
        diagnostics_.push_back(std::move(diagnostic));
        return;
      }
    }
  }

  // The fact a name operand refers to, or -1.
  int FactOperand(const ast::Expr& expr) const {
    return expr.kind == ast::Expr::Kind::kName ? FindFact(expr.text) : -1;
  }

  int ResolveComparison(const ast::Expr& expr, Scope scope) {
    const ast::Expr& left = expr.children[0];
    const ast::Expr& right = expr.children[1];
    int left_fact = FactOperand(left);
    int right_fact = FactOperand(right);
    std::string op = expr.op;
    if (left_fact >= 0 && right_fact >= 0) {
      Error("E204", expr.range,
            "compare a fact with a fixed value, not with another fact ('" + left.text + "' and '" +
                right.text + "')");
      return -1;
    }
    const ast::Expr* value = &right;
    int fact = left_fact;
    if (fact < 0 && right_fact >= 0) {
      fact = right_fact;
      value = &left;
      // Flip the comparison so the fact is on the left.
      if (op == "<") op = ">";
      else if (op == ">") op = "<";
      else if (op == "<=") op = ">=";
      else if (op == ">=") op = "<=";
    }
    if (fact < 0) {
      const ast::Expr& named = left.kind == ast::Expr::Kind::kName ? left : right;
      if (named.kind == ast::Expr::Kind::kName && FindCondition(named.text, scope) < 0) {
        Error("E201", named.range,
              "unknown fact '" + named.text + "'" + Hint(named.text, [&] { return FactNames(); }));
      } else {
        Error("E204", expr.range, "a comparison needs a fact on one side and a fixed value on the other");
      }
      return -1;
    }
    const FactDecl& decl = model_.facts[fact];
    bool ordered = decl.type == FactType::kInt || decl.type == FactType::kDate;
    if (!ordered && op != "=" && op != "!=") {
      Error("E214", expr.range,
            "'" + op + "' does not apply to '" + decl.path + "', which is " + TypeName(decl.type) +
                "; use '=' or '!='");
      return -1;
    }
    auto constant = ResolveValue(fact, *value);
    if (!constant) return -1;
    ExprNode node;
    node.kind = ExprNode::Kind::kAtom;
    node.fact = fact;
    node.op = op;
    node.values = {*constant};
    return AddNode(std::move(node));
  }

  int ResolveIn(const ast::Expr& expr, Scope scope) {
    int fact = FactOperand(expr.children[0]);
    if (fact < 0) {
      const ast::Expr& tested = expr.children[0];
      if (tested.kind == ast::Expr::Kind::kName && FindCondition(tested.text, scope) < 0) {
        Error("E201", tested.range,
              "unknown fact '" + tested.text + "'" + Hint(tested.text, [&] { return FactNames(); }));
      } else {
        Error("E204", tested.range, "'in {...}' needs a fact on its left");
      }
      return -1;
    }
    ExprNode node;
    node.kind = ExprNode::Kind::kAtom;
    node.fact = fact;
    node.op = "in";
    bool ok = true;
    for (size_t i = 1; i < expr.children.size(); ++i) {
      auto constant = ResolveValue(fact, expr.children[i]);
      if (constant) {
        node.values.push_back(*constant);
      } else {
        ok = false;
      }
    }
    return ok ? AddNode(std::move(node)) : -1;
  }

  // Resolves a fixed value compared with `fact` into the fact's value space.
  std::optional<int64_t> ResolveValue(int fact, const ast::Expr& value) {
    FactDecl& decl = model_.facts[fact];
    auto mismatch = [&](const char* wanted) -> std::optional<int64_t> {
      Error("E203", value.range,
            "'" + decl.path + "' is " + TypeName(decl.type) + ", so it must be compared with " + wanted);
      return std::nullopt;
    };
    bool is_literal = value.kind == ast::Expr::Kind::kLiteral;
    switch (decl.type) {
      case FactType::kBool:
        if (is_literal && value.literal == ast::LiteralKind::kBool) return value.text == "yes" ? 1 : 0;
        return mismatch("yes or no");
      case FactType::kInt: {
        if (!is_literal || value.literal != ast::LiteralKind::kInt) return mismatch("a whole number");
        auto number = ParseInteger(value.text);
        if (!number) {
          Error("E207", value.range, "integer '" + value.text + "' is too large");
          return std::nullopt;
        }
        if (*number < decl.min || *number > decl.max) {
          Error("E207", value.range,
                value.text + " is outside the range of '" + decl.path + "' (" +
                    std::to_string(decl.min) + " to " + std::to_string(decl.max) + ")");
          return std::nullopt;
        }
        return number;
      }
      case FactType::kDate: {
        if (!is_literal || value.literal != ast::LiteralKind::kDate) return mismatch("a date (YYYY-MM-DD)");
        auto date = CheckDate(ast::Ident{value.text, value.range});
        if (!date) return std::nullopt;
        return date->days();
      }
      case FactType::kText: {
        if (!is_literal || value.literal != ast::LiteralKind::kString) return mismatch("a string");
        // Looked up in a map: a rule may list thousands of texts (too many is E211, later).
        auto [it, inserted] = text_constant_index_.try_emplace({fact, value.text}, decl.text_constants.size());
        if (inserted) decl.text_constants.push_back(value.text);
        return static_cast<int64_t>(it->second);
      }
      case FactType::kEnum: {
        if (value.kind != ast::Expr::Kind::kName) return mismatch("one of its options");
        auto it = std::find(decl.options.begin(), decl.options.end(), value.text);
        if (it == decl.options.end()) {
          std::vector<std::string_view> options(decl.options.begin(), decl.options.end());
          std::string hint = Hint(value.text, [&] { return options; });
          std::string listing;
          for (const std::string& option : decl.options) listing += (listing.empty() ? "" : ", ") + option;
          Error("E202", value.range,
                "'" + value.text + "' is not an option of '" + decl.path + "'" +
                    (hint.empty() ? " (options: " + listing + ")" : hint));
          return std::nullopt;
        }
        return it - decl.options.begin();
      }
    }
    return std::nullopt;
  }

  // ---- Reviews ----

  void DeclareReview(const ast::Review& review) {
    if (!Claim(review_names_, review.id, "review")) return;
    internal::ReviewDecl decl;
    decl.id = review.id.name;
    decl.title = review.title;
    decl.decided_by = review.decided_by;
    decl.citations = Citations(review.citations);
    RequireCitation(review.citations, review.id, "review");
    for (const ast::Ident& dated : review.dated_by) {
      int fact = RequireFact(dated, FactType::kDate, "a review's 'dated by' fact");
      if (fact >= 0) decl.dated_by.push_back(fact);
    }
    if (review.not_in_force) {
      decl.not_in_force = review.not_in_force->text;
      decl.not_in_force_citations = Citations(review.not_in_force->citations);
    }
    if (review.rule_sets.empty()) {
      Error("E311", review.id.range, "review '" + review.id.name + "' has no rule set");
    }
    int review_index = static_cast<int>(model_.reviews.size());
    std::map<std::string, std::pair<std::string, ast::Range>> rule_set_names;
    for (const ast::RuleSet& rule_set : review.rule_sets) {
      if (!Claim(rule_set_names, rule_set.id, "rule set")) continue;
      internal::RuleSetDecl set;
      set.id = rule_set.id.name;
      set.title = rule_set.title;
      set.prospective = rule_set.prospective;
      set.citations = Citations(rule_set.citations);
      RequireCitation(rule_set.citations, rule_set.id, "rule set");
      if (!rule_set.from.name.empty()) set.from = CheckDate(rule_set.from);
      if (!rule_set.until.name.empty()) set.until = CheckDate(rule_set.until);
      if (set.from && set.until && *set.until < *set.from) {
        Error("E310", rule_set.until.range, "rule set '" + set.id + "' ends before it starts");
      }
      Scope scope{review_index, static_cast<int>(decl.rule_sets.size())};
      local_condition_names_.clear();
      for (const ast::Condition& condition : rule_set.conditions) DeclareCondition(condition, scope);
      decl.rule_sets.push_back(std::move(set));
    }
    CheckWindows(review, decl);
    model_.reviews.push_back(std::move(decl));
    pending_reviews_.push_back({file_, &review, review_index});
  }

  void CheckWindows(const ast::Review& review, const internal::ReviewDecl& decl) {
    for (size_t i = 0; i < decl.rule_sets.size(); ++i) {
      for (size_t j = i + 1; j < decl.rule_sets.size(); ++j) {
        const auto& a = decl.rule_sets[i];
        const auto& b = decl.rule_sets[j];
        if (a.prospective || b.prospective || !a.from || !b.from) continue;
        bool a_before_b = a.until && *a.until < *b.from;
        bool b_before_a = b.until && *b.until < *a.from;
        if (!a_before_b && !b_before_a) {
          const ast::RuleSet* later = nullptr;
          const ast::RuleSet* earlier = nullptr;
          for (const ast::RuleSet& rs : review.rule_sets) {
            if (rs.id.name == b.id) later = &rs;
            if (rs.id.name == a.id) earlier = &rs;
          }
          if (!later || !earlier) continue;
          Diagnostic& error = Error("E306", later->from.range,
                                    "rule sets '" + a.id + "' and '" + b.id +
                                        "' are both in force on some dates; give the earlier one an 'until' date");
          Note(error, file_->name, earlier->from.range, "'" + a.id + "' starts here");
        }
      }
    }
  }

  void ResolveReview(const ast::Review& review, int review_index) {
    internal::ReviewDecl& decl = model_.reviews[review_index];
    size_t set_index = 0;
    for (const ast::RuleSet& rule_set : review.rule_sets) {
      if (set_index >= decl.rule_sets.size() || decl.rule_sets[set_index].id != rule_set.id.name) continue;
      Scope scope{review_index, static_cast<int>(set_index)};
      internal::RuleSetDecl& set = decl.rule_sets[set_index++];
      std::map<std::string, std::pair<std::string, ast::Range>> outcome_names, raise_names;
      bool seen_otherwise = false;
      for (const ast::Outcome& outcome : rule_set.outcomes) {
        if (!Claim(outcome_names, outcome.id, "outcome")) continue;
        if (outcome.id.name == "not_in_force") {
          Error("E305", outcome.id.range, "'not_in_force' is reserved for dates before a review commenced");
        }
        if (seen_otherwise) {
          Error("E303", outcome.range, "outcome '" + outcome.id.name + "' comes after 'otherwise' and can never be reached");
        }
        seen_otherwise = seen_otherwise || outcome.otherwise;
        internal::OutcomeDecl out;
        out.id = outcome.id.name;
        out.summary = outcome.summary;
        out.met = outcome.counts_as_met;
        out.citations = Citations(outcome.citations);
        out.where = Span(outcome.id.range);
        RequireCitation(outcome.citations, outcome.id, "outcome");
        if (outcome.when) {
          out.root = ResolveRoot(*outcome.when, scope, &out.conditions);
        }
        std::map<std::string, std::pair<std::string, ast::Range>> deadline_names;
        for (const ast::Deadline& deadline : outcome.deadlines) {
          if (!Claim(deadline_names, deadline.id, "deadline")) continue;
          internal::DeadlineDecl d;
          d.id = deadline.id.name;
          d.text = deadline.text;
          d.citations = Citations(deadline.citations);
          RequireCitation(deadline.citations, deadline.id, "deadline");
          d.due = ResolveDue(deadline.due);
          out.deadlines.push_back(std::move(d));
        }
        set.outcomes.push_back(std::move(out));
      }
      if (set.outcomes.size() > 63) {
        Error("E312", rule_set.id.range, "rule set '" + rule_set.id.name + "' has more than 63 outcomes");
      }
      for (const ast::Outcome& outcome : rule_set.outcomes) {
        if (outcome.deadlines.size() > 16) {
          Error("E312", outcome.id.range, "outcome '" + outcome.id.name + "' has more than 16 deadlines");
        }
      }
      if (!seen_otherwise) {
        Error("E302", rule_set.id.range,
              "rule set '" + rule_set.id.name +
                  "' has no 'otherwise' outcome; end its outcomes with 'otherwise ID \"summary\"'");
      }
      for (const ast::Raise& raise : rule_set.raises) {
        if (!Claim(raise_names, raise.id, raise.is_flag ? "flag" : "advisory")) continue;
        internal::RaiseDecl r;
        r.id = raise.id.name;
        r.text = raise.text;
        r.citations = Citations(raise.citations);
        RequireCitation(raise.citations, raise.id, raise.is_flag ? "flag" : "advisory");
        std::vector<int> references;
        r.root = ResolveRoot(raise.when, scope, &references);
        (raise.is_flag ? set.flags : set.advisories).push_back(std::move(r));
      }
    }
  }

  internal::DueNode ResolveDue(const ast::Due& due) {
    internal::DueNode node;
    switch (due.kind) {
      case ast::Due::Kind::kFact:
        node.kind = internal::DueNode::Kind::kFact;
        node.fact = RequireFact(due.text, FactType::kDate, "a due date's starting fact");
        break;
      case ast::Due::Kind::kDate:
        node.kind = internal::DueNode::Kind::kDate;
        if (auto date = CheckDate(due.text)) node.date = *date;
        break;
      case ast::Due::Kind::kAfter: {
        node.kind = internal::DueNode::Kind::kAfter;
        node.unit = due.unit == ast::Due::Unit::kWorkingDays ? internal::DueNode::Unit::kWorkingDays
                    : due.unit == ast::Due::Unit::kMonths    ? internal::DueNode::Unit::kMonths
                                                             : internal::DueNode::Unit::kDays;
        auto count = ParseInteger(due.text.name);
        if (!count || *count < 0 || *count > 10000) {
          Error("E207", due.text.range, "a period must be a whole number from 0 to 10000");
        } else {
          node.count = static_cast<int>(*count);
        }
        for (const ast::Due& child : due.children) node.children.push_back(ResolveDue(child));
        break;
      }
      case ast::Due::Kind::kElse:
        node.kind = internal::DueNode::Kind::kElse;
        for (const ast::Due& child : due.children) node.children.push_back(ResolveDue(child));
        break;
    }
    return node;
  }

  // ---- Cycles ----

  // Colour-marking depth-first search over condition references, with an explicit stack so that a
  // long chain of conditions cannot overflow the call stack. Returns whether a cycle was found.
  bool CheckCycles() {
    std::vector<int> state(model_.conditions.size(), 0);  // 0 new, 1 on stack, 2 done
    std::vector<int> stack;                                // the conditions on the current path
    std::vector<size_t> next_reference;                    // per path entry: the next reference to follow
    bool found = false;
    for (size_t root = 0; root < model_.conditions.size(); ++root) {
      if (state[root] != 0) continue;
      state[root] = 1;
      stack.assign(1, static_cast<int>(root));
      next_reference.assign(1, 0);
      while (!stack.empty()) {
        int c = stack.back();
        const std::vector<int>& references = model_.conditions[c].references;
        if (next_reference.back() == references.size()) {
          state[c] = 2;
          stack.pop_back();
          next_reference.pop_back();
          continue;
        }
        int next = references[next_reference.back()++];
        if (state[next] == 1) {
          found = true;
          ReportCycle(stack, next);
        } else if (state[next] == 0) {
          state[next] = 1;
          stack.push_back(next);
          next_reference.push_back(0);
        }
      }
    }
    return found;
  }

  void ReportCycle(const std::vector<int>& stack, int next) {
    auto start = std::find(stack.begin(), stack.end(), next);
    std::string path;
    for (auto it = start; it != stack.end(); ++it) path += model_.conditions[*it].id + " -> ";
    path += model_.conditions[next].id;
    ++errors_;
    Diagnostic diagnostic;
    diagnostic.code = "E205";
    diagnostic.message = "condition '" + model_.conditions[next].id + "' depends on itself (" + path + ")";
    const auto& site = condition_sites_[next];
    diagnostic.where = SpanIn(site.first, site.second);
    for (auto it = start + 1; it != stack.end(); ++it) {
      const auto& other = condition_sites_[*it];
      diagnostic.notes.push_back({SpanIn(other.first, other.second),
                                  "'" + model_.conditions[*it].id + "' is part of the cycle"});
    }
    diagnostics_.push_back(std::move(diagnostic));
  }

  // ---- Depth ----

  // The depth of a resolved expression with every named condition expanded: each 'and', 'or',
  // 'not' and named condition is a level. Worked out with an explicit stack and memoised per node
  // (`memo`: -1 not yet known). Needs the references to be free of cycles.
  int Depth(int root, std::vector<int>& memo) const {
    std::vector<int> stack = {root};
    while (!stack.empty()) {
      int n = stack.back();
      if (memo[n] >= 0) {
        stack.pop_back();
        continue;
      }
      const ExprNode& node = model_.nodes[n];
      bool ready = true;
      int deepest = 0;
      auto need = [&](int child) {
        if (child < 0) return;
        if (memo[child] < 0) {
          stack.push_back(child);
          ready = false;
        } else {
          deepest = std::max(deepest, memo[child]);
        }
      };
      if (node.kind == ExprNode::Kind::kCondition) {
        need(model_.conditions[node.condition].root);
      } else {
        for (int child : node.children) need(child);
      }
      if (ready) {
        memo[n] = deepest + 1;
        stack.pop_back();
      }
    }
    return memo[root];
  }

  // Screening and compiling walk a condition recursively through the conditions it names, so
  // a chain of conditions naming conditions is limited in depth (kMaxConditionDepth levels), as
  // nesting within one expression is by the parser (E104). The error is reported at each
  // condition that goes past the limit although none of the conditions it names does.
  void CheckDepth() {
    std::vector<int> memo(model_.nodes.size(), -1);
    std::vector<int> depth(model_.conditions.size(), 0);
    for (size_t c = 0; c < model_.conditions.size(); ++c) {
      if (model_.conditions[c].root >= 0) depth[c] = Depth(model_.conditions[c].root, memo);
    }
    for (size_t c = 0; c < model_.conditions.size(); ++c) {
      if (depth[c] <= kMaxConditionDepth) continue;
      const std::vector<int>& references = model_.conditions[c].references;
      if (std::any_of(references.begin(), references.end(),
                      [&](int r) { return depth[r] > kMaxConditionDepth; })) {
        continue;
      }
      ++errors_;
      Diagnostic diagnostic;
      diagnostic.code = "E216";
      diagnostic.message = "condition '" + model_.conditions[c].id + "' is nested more than " +
                           std::to_string(kMaxConditionDepth) +
                           " levels deep through the conditions it names (each 'and', 'or', 'not' and "
                           "named condition is a level); shorten the chain";
      const auto& site = condition_sites_[c];
      diagnostic.where = SpanIn(site.first, site.second);
      diagnostics_.push_back(std::move(diagnostic));
    }
  }

  // ---- Partition ----

  // Splits every integer and date fact at the constants compared with it, then gives each atom
  // the set of cells in which it holds.
  void Partition() {
    std::vector<std::set<int64_t>> splits(model_.facts.size());
    for (const ExprNode& node : model_.nodes) {
      if (node.kind != ExprNode::Kind::kAtom) continue;
      const FactDecl& fact = model_.facts[node.fact];
      if (fact.type != FactType::kInt && fact.type != FactType::kDate) continue;
      for (int64_t c : node.values) {
        if (node.op == "<" || node.op == ">=") {
          splits[node.fact].insert(c);
        } else if (node.op == "<=" || node.op == ">") {
          splits[node.fact].insert(c + 1);
        } else {
          splits[node.fact].insert(c);
          splits[node.fact].insert(c + 1);
        }
      }
    }
    // A fact assumed to equal another is compared, through the assumption, at its own constants:
    // the other fact's cells must tell them apart too (along the whole chain).
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t f = 0; f < model_.facts.size(); ++f) {
        for (const internal::AssumptionDecl& assumption : model_.facts[f].assumptions) {
          if (assumption.fact < 0) continue;
          for (int64_t split : splits[f]) changed = splits[assumption.fact].insert(split).second || changed;
        }
      }
    }
    for (size_t f = 0; f < model_.facts.size(); ++f) {
      FactDecl& fact = model_.facts[f];
      for (int64_t split : splits[f]) {
        // Integer cells are clipped to the declared range: a split at or below the minimum, or
        // above the maximum, would make an empty cell.
        if (fact.type == FactType::kInt && (split <= fact.min || split > fact.max)) continue;
        fact.splits.push_back(split);
      }
      if (fact.CellCount() > 64) {
        ++errors_;
        Diagnostic diagnostic;
        diagnostic.code = "E211";
        diagnostic.message = "fact '" + fact.path + "' is compared with too many different values (at most 63)";
        diagnostics_.push_back(std::move(diagnostic));
      }
    }
    if (errors_ > 0) return;
    for (ExprNode& node : model_.nodes) {
      if (node.kind != ExprNode::Kind::kAtom) continue;
      node.mask = model_.facts[node.fact].MaskOf(node.op, node.values);
    }
    for (FactDecl& fact : model_.facts) {
      for (internal::AssumptionDecl& assumption : fact.assumptions) {
        if (assumption.fact < 0) assumption.cell = fact.CellOf(assumption.value);
      }
    }
  }

  // ---- Cross-review advisories ----

  void DeclareTopAdvisory(const ast::TopAdvisory& advisory) {
    if (!Claim(top_advisory_names_, advisory.id, "advisory")) return;
    internal::TopAdvisoryDecl decl;
    decl.id = advisory.id.name;
    decl.text = advisory.text;
    decl.citations = Citations(advisory.citations);
    RequireCitation(advisory.citations, advisory.id, "advisory");
    if (!advisory.at_least.name.empty()) {
      auto count = ParseInteger(advisory.at_least.name);
      if (!count || *count < 1 || *count > 1000) {
        Error("E207", advisory.at_least.range, "'at least N reviews met' needs N of 1 or more");
        return;
      }
      decl.at_least = static_cast<int>(*count);
    }
    for (const ast::Ident& id : advisory.among) {
      int review = FindReview(id);
      if (review < 0) return;
      if (std::find(decl.among.begin(), decl.among.end(), review) != decl.among.end()) {
        Error("E207", id.range, "review '" + id.name + "' is listed twice after 'among'");
        return;
      }
      decl.among.push_back(review);
    }
    model_.advisories.push_back(std::move(decl));
  }

  // ---- Examples ----

  int FindReview(const ast::Ident& id) {
    for (size_t r = 0; r < model_.reviews.size(); ++r) {
      if (model_.reviews[r].id == id.name) return static_cast<int>(r);
    }
    std::vector<std::string_view> names;
    for (const auto& review : model_.reviews) names.push_back(review.id);
    Error("E307", id.range, "unknown review '" + id.name + "'" + Hint(id.name, [&] { return names; }));
    return -1;
  }

  void DeclareExample(const ast::Example& example) {
    if (!Claim(example_names_, example.id, "example")) return;
    internal::ExampleDecl decl;
    decl.id = example.id.name;
    decl.title = example.title;
    decl.where = {file_->name, Span(example.id.range).line};
    // An example never depends on the day it runs: without 'as of' it is screened as of a fixed
    // date (docs/language.md).
    decl.as_of = Date::FromYmd(2025, 6, 1);
    if (!example.as_of.name.empty()) decl.as_of = CheckDate(example.as_of);
    for (const ast::UsingRuleSet& chosen : example.using_rule_sets) {
      int review = FindReview(chosen.review);
      if (review < 0) continue;
      const auto& sets = model_.reviews[review].rule_sets;
      if (std::none_of(sets.begin(), sets.end(), [&](const auto& s) { return s.id == chosen.rule_set.name; })) {
        std::vector<std::string_view> names;
        for (const auto& s : sets) names.push_back(s.id);
        Error("E307", chosen.rule_set.range,
              "review '" + chosen.review.name + "' has no rule set '" + chosen.rule_set.name + "'" +
                  Hint(chosen.rule_set.name, [&] { return names; }));
        continue;
      }
      decl.using_rule_sets.push_back({chosen.review.name, chosen.rule_set.name});
    }
    decl.record = nlohmann::json::object();
    for (const ast::Given& given : example.given) {
      if (FindFact(given.path.name) < 0) {
        Error("E307", given.path.range,
              "unknown fact '" + given.path.name + "'" + Hint(given.path.name, [&] { return FactNames(); }));
        continue;
      }
      nlohmann::json* slot = &decl.record;
      const FactDecl& fact = model_.facts[FindFact(given.path.name)];
      bool placed = true;
      for (const std::string& key : fact.keys) {
        // A fact inside another fact (E215, reported already) finds a value where its parent
        // object would be.
        if (!slot->is_null() && !slot->is_object()) {
          placed = false;
          break;
        }
        slot = &(*slot)[key];
      }
      if (!placed) continue;
      const ast::Expr& value = given.value;
      if (value.kind == ast::Expr::Kind::kName) {
        *slot = value.text;
      } else if (value.literal == ast::LiteralKind::kBool) {
        *slot = value.text == "yes";
      } else if (value.literal == ast::LiteralKind::kInt) {
        auto number = ParseInteger(value.text);
        if (!number) {
          Error("E207", value.range, "integer '" + value.text + "' is too large");
          continue;
        }
        *slot = *number;
      } else {
        *slot = value.text;
      }
    }
    for (const ast::Expectation& expectation : example.expect) {
      internal::Expectation e;
      e.where = {file_->name, Span(expectation.range).line};
      e.review = FindReview(expectation.review);
      if (e.review < 0) continue;
      const internal::ReviewDecl& review = model_.reviews[e.review];
      for (const ast::Ident& item : expectation.items) e.items.push_back(item.name);
      switch (expectation.kind) {
        case ast::Expectation::Kind::kIs:
          e.kind = expectation.items[0].name == "undetermined" ? internal::Expectation::Kind::kUndetermined
                                                                : internal::Expectation::Kind::kIs;
          if (e.kind == internal::Expectation::Kind::kIs) CheckOutcomeNames(review, expectation.items);
          break;
        case ast::Expectation::Kind::kCouldBe:
          e.kind = internal::Expectation::Kind::kCouldBe;
          CheckOutcomeNames(review, expectation.items);
          break;
        case ast::Expectation::Kind::kNeeds:
        case ast::Expectation::Kind::kAssumes:
          e.kind = expectation.kind == ast::Expectation::Kind::kNeeds ? internal::Expectation::Kind::kNeeds
                                                                      : internal::Expectation::Kind::kAssumes;
          for (const ast::Ident& item : expectation.items) {
            if (FindFact(item.name) < 0) {
              Error("E307", item.range,
                    "unknown fact '" + item.name + "'" + Hint(item.name, [&] { return FactNames(); }));
            }
          }
          break;
        case ast::Expectation::Kind::kFlags:
        case ast::Expectation::Kind::kAdvises: {
          bool flag_kind = expectation.kind == ast::Expectation::Kind::kFlags;
          e.kind = flag_kind ? internal::Expectation::Kind::kFlags : internal::Expectation::Kind::kAdvises;
          e.only = expectation.only;
          std::vector<std::string_view> names;
          for (const auto& set : review.rule_sets) {
            for (const auto& raise : flag_kind ? set.flags : set.advisories) names.push_back(raise.id);
          }
          for (const ast::Ident& item : expectation.items) {
            if (std::find(names.begin(), names.end(), item.name) == names.end()) {
              Error("E307", item.range,
                    "review '" + review.id + "' has no " + (flag_kind ? "flag" : "advisory") + " '" + item.name +
                        "'" + Hint(item.name, [&] { return names; }));
            }
          }
          break;
        }
        case ast::Expectation::Kind::kDeadline: {
          e.kind = internal::Expectation::Kind::kDeadline;
          std::vector<std::string_view> deadlines;
          for (const auto& set : review.rule_sets) {
            for (const auto& outcome : set.outcomes) {
              for (const auto& deadline : outcome.deadlines) deadlines.push_back(deadline.id);
            }
          }
          if (std::find(deadlines.begin(), deadlines.end(), expectation.items[0].name) == deadlines.end()) {
            Error("E307", expectation.items[0].range,
                  "review '" + review.id + "' has no deadline '" + expectation.items[0].name + "'" +
                      Hint(expectation.items[0].name, [&] { return deadlines; }));
          }
          if (auto date = CheckDate(expectation.items[1])) e.due = *date;
          e.items.resize(1);
          break;
        }
      }
      decl.expectations.push_back(std::move(e));
    }
    model_.examples.push_back(std::move(decl));
  }

  void CheckOutcomeNames(const internal::ReviewDecl& review, const std::vector<ast::Ident>& items) {
    std::vector<std::string_view> outcomes = {"not_in_force"};
    for (const auto& set : review.rule_sets) {
      for (const auto& outcome : set.outcomes) outcomes.push_back(outcome.id);
    }
    for (const ast::Ident& item : items) {
      if (std::find(outcomes.begin(), outcomes.end(), item.name) == outcomes.end()) {
        Error("E307", item.range,
              "'" + item.name + "' is not an outcome of review '" + review.id + "'" +
                  Hint(item.name, [&] { return outcomes; }));
      }
    }
  }

  const std::vector<const ast::File*>& files_;
  Model& model_;
  std::vector<Diagnostic>& diagnostics_;
  struct ReviewReference {
    int from = -1, to = -1;
    ast::Range range;
    std::string file;
    int node = -1;                      // the kReview node, whose mask is filled later
    std::vector<ast::Ident> outcomes;   // as written ("met" for every outcome that counts as met)
  };
  std::vector<ReviewReference> review_references_;
  struct AssumptionReferences {
    std::string file;
    int fact = -1;
    int index = -1;
    ast::Range range;
    std::vector<int> references;
  };
  std::vector<AssumptionReferences> assumption_references_;
  const ast::File* file_ = nullptr;
  const ast::Pack* pack_ = nullptr;
  const ast::File* pack_file_ = nullptr;
  int errors_ = 0;
  int suggestions_ = 0;  // did-you-mean searches made (see Hint)
  int reference_round_ = 0;               // one per ResolveRoot
  std::vector<int> reference_round_of_;   // per condition: the last round that referenced it
  std::map<std::pair<int, std::string>, size_t> text_constant_index_;  // (fact, text) -> constant
  std::map<std::string, common::SourceIndex> indexes_;
  std::map<std::string, const std::string*> texts_;
  std::unordered_map<std::string, int> fact_index_;
  std::set<std::string> fact_paths_;  // the facts declared so far, ordered for ClaimFactPath
  std::map<std::string, std::pair<std::string, ast::Range>> fact_names_, global_condition_names_,
      local_condition_names_, review_names_, top_advisory_names_, example_names_;
  std::map<std::string, int> global_conditions_;
  std::map<std::pair<int, int>, std::map<std::string, int>> local_conditions_;
  std::vector<std::pair<std::string, ast::Range>> condition_sites_;
  struct PendingCondition {
    const ast::File* file;
    const ast::Condition* condition;
    Scope scope;
    int index;
  };
  std::vector<PendingCondition> pending_conditions_;
  struct PendingReview {
    const ast::File* file;
    const ast::Review* review;
    int index;
  };
  std::vector<PendingReview> pending_reviews_;
};

}  // namespace

bool Check(const std::vector<const parse::ast::File*>& files, const std::vector<RuleSource>& sources,
           internal::Model& model, std::vector<Diagnostic>& diagnostics) {
  return Checker(files, sources, model, diagnostics).Run();
}

}  // namespace threshold::check
