// Checker tests, structural (code and line, not message text; the golden diagnostics pin the
// wording): value partitions and atom masks, condition scoping, fact roles (dated by, derive),
// reviews, examples, and that every error is collected and sorted.
#include "check/checker.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "parse/parser.h"
#include "threshold/date.h"

namespace threshold::check {
namespace {

using internal::ExprNode;
using internal::FactDecl;
using internal::FactType;

constexpr char kPack[] = "pack t \"Test\" version \"1\"\n";

struct Checked {
  internal::Model model;
  std::vector<Diagnostic> diagnostics;
  bool ok = false;

  // (line, code) of every diagnostic, in order.
  std::vector<std::pair<int, std::string>> Codes() const {
    std::vector<std::pair<int, std::string>> out;
    for (const Diagnostic& d : diagnostics) out.emplace_back(d.where.line, d.code);
    return out;
  }
  std::string Dump() const {
    std::string out;
    for (const Diagnostic& d : diagnostics) {
      out += d.where.file + ":" + std::to_string(d.where.line) + ":" +
             std::to_string(d.where.column) + ": " + d.message + " [" + d.code + "]\n";
    }
    return out;
  }
  int Condition(const std::string& id) const {
    for (size_t i = 0; i < model.conditions.size(); ++i) {
      if (model.conditions[i].id == id) return static_cast<int>(i);
    }
    return -1;
  }
  // The root node of a condition.
  const ExprNode& Root(const std::string& id) const {
    int c = Condition(id);
    EXPECT_GE(c, 0) << "no condition " << id;
    static const ExprNode kNone;
    if (c < 0 || model.conditions[c].root < 0) return kNone;
    return model.nodes[model.conditions[c].root];
  }
  const FactDecl& Fact(const std::string& path) const {
    int f = model.FindFact(path);
    EXPECT_GE(f, 0) << "no fact " << path;
    static const FactDecl kNone;
    return f < 0 ? kNone : model.facts[f];
  }
};

// Parses (the text must be free of syntax errors) and checks several files as one pack.
Checked CheckFiles(const std::vector<RuleSource>& sources) {
  Checked result;
  std::vector<parse::ParsedFile> parsed;
  for (const RuleSource& source : sources) {
    parsed.push_back(parse::Parse(source.name, source.text));
    for (const Diagnostic& d : parsed.back().diagnostics) {
      ADD_FAILURE() << "syntax error in " << source.name << " line " << d.where.line << ": "
                    << d.message;
    }
  }
  std::vector<const parse::ast::File*> files;
  for (const parse::ParsedFile& file : parsed) files.push_back(&file.file);
  result.ok = Check(files, sources, result.model, result.diagnostics);
  return result;
}

Checked CheckText(const std::string& text) { return CheckFiles({{"t.rules", text}}); }

int64_t Days(const char* iso) { return Date::Parse(iso)->days(); }

// ---- Partitions -------------------------------------------------------------------------------

constexpr char kAgeFact[] =
    "fact age: integer 0 to 130\n"
    "  question \"Age?\"\n";

// A cited condition `id` with expression `expr`.
std::string Cond(const std::string& id, const std::string& expr) {
  return "condition " + id + " \"" + id + "\"\n  if " + expr + "\n  cite statute \"A\" \"s1\"\n";
}

TEST(Partition, IntegerSplitsAtTheComparedConstants) {
  Checked c = CheckText(std::string(kPack) + kAgeFact + Cond("adult", "age >= 18") +
                        Cond("young", "age < 16"));
  ASSERT_TRUE(c.ok) << c.Dump();
  EXPECT_EQ(c.Fact("age").splits, (std::vector<int64_t>{16, 18}));
  EXPECT_EQ(c.Fact("age").CellCount(), 3);
  // Cells: [0,16) [16,18) [18,130].
  const ExprNode& adult = c.Root("adult");
  EXPECT_EQ(adult.kind, ExprNode::Kind::kAtom);
  EXPECT_EQ(adult.op, ">=");
  EXPECT_EQ(adult.values, (std::vector<int64_t>{18}));
  EXPECT_EQ(adult.mask, 0b100u);
  const ExprNode& young = c.Root("young");
  EXPECT_EQ(young.op, "<");
  EXPECT_EQ(young.mask, 0b001u);
  EXPECT_EQ(c.Fact("age").CellOf(0), 0);
  EXPECT_EQ(c.Fact("age").CellOf(15), 0);
  EXPECT_EQ(c.Fact("age").CellOf(16), 1);
  EXPECT_EQ(c.Fact("age").CellOf(17), 1);
  EXPECT_EQ(c.Fact("age").CellOf(18), 2);
  EXPECT_EQ(c.Fact("age").CellOf(130), 2);
}

TEST(Partition, EqualsSplitsAtCAndCPlusOne) {
  Checked c = CheckText(std::string(kPack) + kAgeFact + Cond("eighteen", "age = 18") +
                        Cond("not_eighteen", "age != 18"));
  ASSERT_TRUE(c.ok) << c.Dump();
  EXPECT_EQ(c.Fact("age").splits, (std::vector<int64_t>{18, 19}));
  EXPECT_EQ(c.Root("eighteen").mask, 0b010u);
  EXPECT_EQ(c.Root("not_eighteen").mask, 0b101u);
}

TEST(Partition, LessOrEqualAndGreaterSplitAfterTheConstant) {
  Checked c = CheckText(std::string(kPack) + kAgeFact + Cond("up_to_17", "age <= 17") +
                        Cond("over_17", "age > 17") + Cond("over_64", "age > 64"));
  ASSERT_TRUE(c.ok) << c.Dump();
  EXPECT_EQ(c.Fact("age").splits, (std::vector<int64_t>{18, 65}));
  EXPECT_EQ(c.Root("up_to_17").mask, 0b001u);
  EXPECT_EQ(c.Root("over_17").mask, 0b110u);
  EXPECT_EQ(c.Root("over_64").mask, 0b100u);
}

TEST(Partition, SplitsAtTheRangeEdgesAreDropped) {
  Checked c = CheckText(std::string(kPack) + kAgeFact + Cond("any", "age >= 0") +
                        Cond("all", "age <= 130") + Cond("top", "age = 130") +
                        Cond("bottom", "age = 0"));
  ASSERT_TRUE(c.ok) << c.Dump();
  // >= 0 splits at 0 (the minimum), <= 130 and = 130 at 131 (above the maximum): dropped.
  EXPECT_EQ(c.Fact("age").splits, (std::vector<int64_t>{1, 130}));
  EXPECT_EQ(c.Root("any").mask, 0b111u);
  EXPECT_EQ(c.Root("all").mask, 0b111u);
  EXPECT_EQ(c.Root("top").mask, 0b100u);
  EXPECT_EQ(c.Root("bottom").mask, 0b001u);
}

TEST(Partition, LiteralOnTheLeftIsFlipped) {
  Checked c = CheckText(std::string(kPack) + kAgeFact + Cond("adult", "18 <= age") +
                        Cond("child", "18 > age") + Cond("eighteen", "18 = age"));
  ASSERT_TRUE(c.ok) << c.Dump();
  EXPECT_EQ(c.Root("adult").op, ">=");
  EXPECT_EQ(c.Root("adult").values, (std::vector<int64_t>{18}));
  EXPECT_EQ(c.Root("child").op, "<");
  EXPECT_EQ(c.Root("eighteen").op, "=");
  EXPECT_EQ(c.Fact("age").splits, (std::vector<int64_t>{18, 19}));
  EXPECT_EQ(c.Root("adult").mask, 0b110u);
  EXPECT_EQ(c.Root("child").mask, 0b001u);
  EXPECT_EQ(c.Root("eighteen").mask, 0b010u);
}

TEST(Partition, DatesSplitLikeIntegers) {
  Checked c = CheckText(std::string(kPack) +
                        "fact d: date\n  question \"When?\"\n" +
                        Cond("before", "d < 2015-04-01") + Cond("on_day", "d = 2020-02-29") +
                        Cond("after", "d > 2024-12-31"));
  ASSERT_TRUE(c.ok) << c.Dump();
  const std::vector<int64_t> want = {Days("2015-04-01"), Days("2020-02-29"), Days("2020-03-01"),
                                     Days("2025-01-01")};
  EXPECT_EQ(c.Fact("d").splits, want);
  EXPECT_EQ(c.Root("before").values, (std::vector<int64_t>{Days("2015-04-01")}));
  EXPECT_EQ(c.Root("before").mask, 0b00001u);
  EXPECT_EQ(c.Root("on_day").mask, 0b00100u);
  EXPECT_EQ(c.Root("after").mask, 0b10000u);
  EXPECT_EQ(c.Fact("d").CellOf(Days("2015-03-31")), 0);
  EXPECT_EQ(c.Fact("d").CellOf(Days("2015-04-01")), 1);
  EXPECT_EQ(c.Fact("d").CellOf(Days("2020-02-29")), 2);
  EXPECT_EQ(c.Fact("d").CellOf(Days("2020-03-01")), 3);
}

TEST(Partition, EnumBoolAndTextAtoms) {
  Checked c = CheckText(std::string(kPack) +
                        "fact abuse: one of { known \"K\", suspected \"S\", none \"N\" }\n"
                        "  question \"Abuse?\"\n"
                        "fact died: yes/no\n  question \"Died?\"\n"
                        "fact name: text\n  question \"Name?\"\n" +
                        Cond("concern", "abuse in {known, suspected}") +
                        Cond("not_known", "abuse is not known") + Cond("dead", "died") +
                        Cond("alive", "died = no") + Cond("ann", "name = \"Ann\"") +
                        Cond("not_bob", "name != \"Bob\"") + Cond("ann_again", "name is \"Ann\""));
  ASSERT_TRUE(c.ok) << c.Dump();
  EXPECT_EQ(c.Root("concern").op, "in");
  EXPECT_EQ(c.Root("concern").values, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(c.Root("concern").mask, 0b011u);
  EXPECT_EQ(c.Root("not_known").mask, 0b110u);
  EXPECT_EQ(c.Root("dead").mask, 0b10u);
  EXPECT_EQ(c.Root("alive").mask, 0b01u);
  EXPECT_EQ(c.Fact("name").text_constants, (std::vector<std::string>{"Ann", "Bob"}));
  EXPECT_EQ(c.Fact("name").CellCount(), 3);
  EXPECT_EQ(c.Root("ann").mask, 0b001u);
  EXPECT_EQ(c.Root("not_bob").mask, 0b101u);
  EXPECT_EQ(c.Root("ann_again").values, c.Root("ann").values);
}

TEST(Partition, SplitsAreSharedAcrossEveryUse) {
  // Comparisons in conditions, outcomes and flags all split the same fact.
  Checked c = CheckText(std::string(kPack) + kAgeFact +
                        "fact d: date\n  question \"When?\"\n" + Cond("adult", "age >= 18") + R"(
review r "R"
  decided by "B"
  dated by d
  cite statute "A" "s1"
  rules r1 "T"
    in force from 2020-01-01
    cite statute "A" "s1"
    outcome old "Old"
      if age >= 65
      cite statute "A" "s2"
    flag young "Young"
      if age < 10
      cite statute "A" "s3"
    otherwise other "Other"
      cite statute "A" "s4"
  end
end
)");
  ASSERT_TRUE(c.ok) << c.Dump();
  EXPECT_EQ(c.Fact("age").splits, (std::vector<int64_t>{10, 18, 65}));
  ASSERT_EQ(c.model.reviews.size(), 1u);
  const auto& set = c.model.reviews[0].rule_sets[0];
  ASSERT_EQ(set.outcomes.size(), 2u);
  EXPECT_EQ(c.model.nodes[set.outcomes[0].root].mask, 0b1000u);
  EXPECT_EQ(set.outcomes[1].root, -1);
  ASSERT_EQ(set.flags.size(), 1u);
  EXPECT_EQ(c.model.nodes[set.flags[0].root].mask, 0b0001u);
}

// ---- Names and scoping ------------------------------------------------------------------------

constexpr char kScopeBase[] = R"(fact died: yes/no
  question "Died?"
fact d: date
  question "When?"
condition top "a top-level condition"
  if died
  cite statute "A" "s0"
)";

// A review with two rule sets; `first` and `second` are their bodies (before the otherwise).
std::string TwoRuleSets(const std::string& first, const std::string& second) {
  return std::string(kPack) + kScopeBase + R"(review r "R"
  decided by "B"
  dated by d
  cite statute "A" "s1"
  rules r1 "T1"
    in force from 2020-01-01 until 2020-12-31
    cite statute "A" "s1"
)" + first + R"(    otherwise o "O"
      cite statute "A" "s2"
  end
  rules r2 "T2"
    in force from 2021-01-01
    cite statute "A" "s1"
)" + second + R"(    otherwise o "O"
      cite statute "A" "s2"
  end
end
)";
}

TEST(Scope, LocalConditionIsVisibleInItsRuleSet) {
  Checked c = CheckText(TwoRuleSets(R"(    condition local "local"
      if died and top
      cite statute "A" "s3"
    outcome x "X"
      if local
      cite statute "A" "s4"
)",
                                    ""));
  ASSERT_TRUE(c.ok) << c.Dump();
  int local = c.Condition("local");
  ASSERT_GE(local, 0);
  EXPECT_EQ(c.model.conditions[local].rule_set_review, 0);
  EXPECT_EQ(c.model.conditions[local].rule_set, 0);
  EXPECT_EQ(c.model.conditions[local].references, (std::vector<int>{c.Condition("top")}));
  EXPECT_EQ(c.model.conditions[c.Condition("top")].rule_set, -1);
  EXPECT_EQ(c.model.reviews[0].rule_sets[0].outcomes[0].conditions, (std::vector<int>{local}));
}

TEST(Scope, LocalConditionIsNotVisibleInAnotherRuleSet) {
  Checked c = CheckText(TwoRuleSets(R"(    condition local "local"
      if died
      cite statute "A" "s3"
)",
                                    R"(    outcome x "X"
      if local
      cite statute "A" "s4"
)"));
  EXPECT_FALSE(c.ok);
  // Line 26 is "      if local" in the second rule set.
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{{26, "E201"}})) << c.Dump();
  EXPECT_EQ(c.diagnostics[0].where.column, 10);
}

TEST(Scope, LocalConditionIsNotVisibleAtTheTopLevel) {
  Checked c = CheckText(TwoRuleSets(R"(    condition local "local"
      if died
      cite statute "A" "s3"
)",
                                    "") +
                        Cond("uses_local", "local"));
  EXPECT_FALSE(c.ok);
  ASSERT_EQ(c.diagnostics.size(), 1u) << c.Dump();
  EXPECT_EQ(c.diagnostics[0].code, "E201");
}

TEST(Scope, LocalConditionMayNotReuseATopLevelName) {
  Checked c = CheckText(TwoRuleSets(R"(    condition top "local"
      if died
      cite statute "A" "s3"
)",
                                    ""));
  EXPECT_FALSE(c.ok);
  ASSERT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{{16, "E305"}})) << c.Dump();
  ASSERT_EQ(c.diagnostics[0].notes.size(), 1u);
  EXPECT_EQ(c.diagnostics[0].notes[0].where.line, 6);  // the top-level 'condition top'
}

// The rule holds whatever the file order: here the review's file sorts before the file that
// declares the top-level condition (as cspr.rules and dhr.rules sort before vocabulary.rules in
// the England pack).
TEST(Scope, LocalConditionMayNotReuseATopLevelNameFromALaterFile) {
  Checked c = CheckFiles({
      {"a.rules", std::string(kPack) + R"(fact d: date
  question "When?"
review r "R"
  decided by "B"
  dated by d
  cite statute "A" "s1"
  rules r1 "T1"
    in force from 2020-01-01
    cite statute "A" "s1"
    condition top "local"
      if d < 2021-01-01
      cite statute "A" "s3"
    otherwise o "O"
      cite statute "A" "s2"
  end
end
)"},
      {"b.rules", R"(fact died: yes/no
  question "Died?"
condition top "a top-level condition"
  if died
  cite statute "A" "s0"
)"},
  });
  EXPECT_FALSE(c.ok);
  ASSERT_EQ(c.diagnostics.size(), 1u) << c.Dump();
  EXPECT_EQ(c.diagnostics[0].code, "E305");
  EXPECT_EQ(c.diagnostics[0].where.file, "a.rules");
  EXPECT_EQ(c.diagnostics[0].where.line, 11);
  ASSERT_EQ(c.diagnostics[0].notes.size(), 1u);
  EXPECT_EQ(c.diagnostics[0].notes[0].where.file, "b.rules");
  EXPECT_EQ(c.diagnostics[0].notes[0].where.line, 3);
}

TEST(Scope, TwoRuleSetsMayUseTheSameLocalName) {
  const std::string local = R"(    condition local "local"
      if died
      cite statute "A" "s3"
    outcome x "X"
      if local
      cite statute "A" "s4"
)";
  Checked c = CheckText(TwoRuleSets(local, local));
  ASSERT_TRUE(c.ok) << c.Dump();
  std::vector<int> locals;
  for (size_t i = 0; i < c.model.conditions.size(); ++i) {
    if (c.model.conditions[i].id == "local") locals.push_back(static_cast<int>(i));
  }
  ASSERT_EQ(locals.size(), 2u);
  EXPECT_EQ(c.model.conditions[locals[0]].rule_set, 0);
  EXPECT_EQ(c.model.conditions[locals[1]].rule_set, 1);
  EXPECT_EQ(c.model.reviews[0].rule_sets[1].outcomes[0].conditions, (std::vector<int>{locals[1]}));
}

TEST(Scope, DuplicateLocalConditionInOneRuleSet) {
  Checked c = CheckText(TwoRuleSets(R"(    condition local "local"
      if died
      cite statute "A" "s3"
    condition local "again"
      if died
      cite statute "A" "s3"
)",
                                    ""));
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{{19, "E305"}})) << c.Dump();
}

TEST(Scope, ConditionMayNotShareAFactName) {
  Checked c = CheckText(std::string(kPack) + kScopeBase + Cond("died", "d < 2020-01-01"));
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{{9, "E210"}})) << c.Dump();
}

TEST(Scope, ConditionsResolveAcrossFilesInAnyOrder) {
  Checked c = CheckFiles({
      {"a.rules", std::string(kPack) + Cond("uses", "later and died")},
      {"b.rules", "fact died: yes/no\n  question \"Died?\"\n" + Cond("later", "not died")},
  });
  ASSERT_TRUE(c.ok) << c.Dump();
  EXPECT_EQ(c.model.conditions[c.Condition("uses")].references,
            (std::vector<int>{c.Condition("later")}));
}

TEST(Names, ComparisonWithAConditionIsAnError) {
  Checked c = CheckText(std::string(kPack) + kScopeBase + Cond("bad", "top = yes"));
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{{10, "E204"}})) << c.Dump();
}

TEST(Names, KnownNeedsAFact) {
  Checked c = CheckText(std::string(kPack) + kScopeBase + Cond("bad", "known(top)") +
                        Cond("good", "known(d)"));
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{{10, "E201"}})) << c.Dump();
  EXPECT_EQ(c.model.nodes[c.model.conditions[c.Condition("good")].root].kind,
            ExprNode::Kind::kKnown);
}

// ---- Fact roles -------------------------------------------------------------------------------

TEST(FactRoles, DatedByMustBeADateFact) {
  Checked c = CheckText(std::string(kPack) + kScopeBase + R"(review r "R"
  decided by "B"
  dated by d, died, nosuch
  cite statute "A" "s1"
  rules r1 "T1"
    in force from 2020-01-01
    cite statute "A" "s1"
    otherwise o "O"
      cite statute "A" "s2"
  end
end
)");
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{{11, "E203"}, {11, "E201"}}))
      << c.Dump();
  EXPECT_EQ(c.diagnostics[0].where.column, 15);  // 'died'
  EXPECT_EQ(c.diagnostics[1].where.column, 21);  // 'nosuch'
  ASSERT_EQ(c.model.reviews.size(), 1u);
  EXPECT_EQ(c.model.reviews[0].dated_by, (std::vector<int>{c.model.FindFact("d")}));
}

TEST(FactRoles, DeriveResolvesTwoDateFacts) {
  Checked c = CheckText(std::string(kPack) + R"(fact dob: date
  question "Born?"
fact incident_date: date
  question "When?"
fact age: integer 0 to 130
  question "Age?"
  derive age from dob on incident_date
)");
  ASSERT_TRUE(c.ok) << c.Dump();
  EXPECT_EQ(c.Fact("age").derive_from, c.model.FindFact("dob"));
  EXPECT_EQ(c.Fact("age").derive_on, (std::vector<int>{c.model.FindFact("incident_date")}));
  EXPECT_EQ(c.Fact("dob").derive_from, -1);
}

TEST(FactRoles, DeriveOnSeveralDatesKeepsTheirOrder) {
  Checked c = CheckText(std::string(kPack) + R"(fact dob: date
  question "Born?"
fact incident_date: date
  question "When?"
fact aware_date: date
  question "Aware?"
fact age: integer 0 to 130
  question "Age?"
  derive age from dob on aware_date else incident_date
)");
  ASSERT_TRUE(c.ok) << c.Dump();
  EXPECT_EQ(c.Fact("age").derive_on, (std::vector<int>{c.model.FindFact("aware_date"),
                                                       c.model.FindFact("incident_date")}));
}

TEST(FactRoles, DeriveMustBeOnAnIntegerFact) {
  Checked c = CheckText(std::string(kPack) + R"(fact dob: date
  question "Born?"
fact adult: yes/no
  question "Adult?"
  derive age from dob on dob
)");
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{{6, "E209"}})) << c.Dump();
}

TEST(FactRoles, DeriveNeedsTwoDateFacts) {
  Checked c = CheckText(std::string(kPack) + R"(fact died: yes/no
  question "Died?"
fact age: integer 0 to 130
  question "Age?"
  derive age from died on nosuch
)");
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{{6, "E203"}, {6, "E201"}}))
      << c.Dump();
  EXPECT_EQ(c.Fact("age").derive_from, -1);
  EXPECT_TRUE(c.Fact("age").derive_on.empty());
}

TEST(FactRoles, IntegerRangeAndOptions) {
  Checked c = CheckText(std::string(kPack) + R"(fact backwards: integer 10 to 5
  question "?"
fact huge: integer 0 to 99999999999999999999
  question "?"
fact choice: one of { a "A", b "B", a "A again" }
  question "?"
)");
  EXPECT_EQ(c.Codes(),
            (std::vector<std::pair<int, std::string>>{{2, "E207"}, {4, "E207"}, {6, "E305"}}))
      << c.Dump();
  EXPECT_EQ(c.Fact("choice").options, (std::vector<std::string>{"a", "b"}));
}

TEST(FactRoles, FactDeclFields) {
  Checked c = CheckText(std::string(kPack) + R"(fact subject.address.in_area: yes/no
  question "In the area?"
  help "Where the person lives."
  sensitivity high
  cite statute "A" "s1"
fact plain: text
  question "?"
)");
  ASSERT_TRUE(c.ok) << c.Dump();
  const FactDecl& f = c.Fact("subject.address.in_area");
  EXPECT_EQ(f.keys, (std::vector<std::string>{"subject", "address", "in_area"}));
  EXPECT_EQ(f.pointer, "/subject/address/in_area");
  EXPECT_EQ(f.type, FactType::kBool);
  EXPECT_EQ(f.sensitivity, internal::Sensitivity::kHigh);
  EXPECT_EQ(f.help, "Where the person lives.");
  ASSERT_EQ(f.citations.size(), 1u);
  EXPECT_EQ(c.Fact("plain").sensitivity, internal::Sensitivity::kMedium);
}

// ---- Reviews ----------------------------------------------------------------------------------

std::string OneReview(const std::string& rule_sets) {
  return std::string(kPack) + kScopeBase + "review r \"R\"\n  decided by \"B\"\n  dated by d\n" +
         "  cite statute \"A\" \"s1\"\n" + rule_sets + "end\n";
}

std::string RuleSet(const std::string& id, const std::string& window) {
  return "  rules " + id + " \"T\"\n    " + window +
         "\n    cite statute \"A\" \"s1\"\n    otherwise o \"O\"\n      cite statute \"A\" \"s2\"\n"
         "  end\n";
}

TEST(Reviews, WindowsAndProspective) {
  Checked c = CheckText(OneReview(RuleSet("a", "in force from 2015-04-01 until 2019-12-31") +
                                  RuleSet("b", "in force from 2020-01-01") +
                                  RuleSet("future", "prospective")));
  ASSERT_TRUE(c.ok) << c.Dump();
  const auto& sets = c.model.reviews[0].rule_sets;
  ASSERT_EQ(sets.size(), 3u);
  EXPECT_EQ(sets[0].from->days(), Days("2015-04-01"));
  EXPECT_EQ(sets[0].until->days(), Days("2019-12-31"));
  EXPECT_FALSE(sets[1].until.has_value());
  EXPECT_TRUE(sets[2].prospective);
  EXPECT_FALSE(sets[2].from.has_value());
}

TEST(Reviews, OverlapsAndBackwardsWindows) {
  // Lines: the review starts at 9, the first rule set at 13; rule sets take 6 lines each, and
  // 'in force' is the second line of each.
  Checked c = CheckText(OneReview(RuleSet("a", "in force from 2015-04-01 until 2020-01-01") +
                                  RuleSet("b", "in force from 2020-01-01") +
                                  RuleSet("c", "in force from 2022-01-01 until 2021-01-01")));
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{
                           {20, "E306"},  // b overlaps a on 2020-01-01
                           {26, "E306"},  // c (from 2022) is inside b (open-ended)
                           {26, "E310"},  // c ends before it starts
                       }))
      << c.Dump();
}

TEST(Reviews, NoRuleSetAndDuplicateRuleSet) {
  Checked empty = CheckText(OneReview(""));
  EXPECT_EQ(empty.Codes(), (std::vector<std::pair<int, std::string>>{{9, "E311"}}))
      << empty.Dump();
  Checked twice = CheckText(OneReview(RuleSet("a", "in force from 2015-04-01 until 2016-01-01") +
                                      RuleSet("a", "prospective")));
  EXPECT_EQ(twice.Codes(), (std::vector<std::pair<int, std::string>>{{19, "E305"}}))
      << twice.Dump();
}

TEST(Reviews, OutcomeListRules) {
  Checked c = CheckText(OneReview(R"(  rules a "T"
    in force from 2020-01-01
    cite statute "A" "s1"
    outcome not_in_force "reserved"
      if died
      cite statute "A" "s2"
    otherwise o "O"
      cite statute "A" "s3"
    outcome late "after otherwise"
      if died
      cite statute "A" "s4"
    otherwise o "again"
      cite statute "A" "s5"
  end
  rules b "T"
    prospective
    cite statute "A" "s1"
    outcome only "no otherwise"
      if died
  end
)"));
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{
                           {16, "E305"},  // 'not_in_force' is reserved
                           {21, "E303"},  // outcome after otherwise
                           {24, "E305"},  // duplicate outcome 'o'
                           {27, "E302"},  // rule set 'b' has no otherwise
                           {30, "E301"},  // outcome 'only' has no citation
                       }))
      << c.Dump();
}

TEST(Reviews, DeadlinesResolve) {
  Checked c = CheckText(OneReview(R"(  rules a "T"
    in force from 2020-01-01
    cite statute "A" "s1"
    otherwise o "O"
      cite statute "A" "s3"
      deadline x "X"
        due 15 working days after d else 2 months after d else 2030-01-01
        cite statute "A" "s4"
      deadline y "Y"
        due 3 days after died
        cite statute "A" "s4"
      deadline z "Z"
        due 20000 days after d
        cite statute "A" "s4"
  end
)"));
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{{22, "E203"}, {25, "E207"}}))
      << c.Dump();
  using internal::DueNode;
  const DueNode& due = c.model.reviews[0].rule_sets[0].outcomes[0].deadlines[0].due;
  ASSERT_EQ(due.kind, DueNode::Kind::kElse);
  ASSERT_EQ(due.children.size(), 3u);
  EXPECT_EQ(due.children[0].kind, DueNode::Kind::kAfter);
  EXPECT_EQ(due.children[0].unit, DueNode::Unit::kWorkingDays);
  EXPECT_EQ(due.children[0].count, 15);
  ASSERT_EQ(due.children[0].children.size(), 1u);
  EXPECT_EQ(due.children[0].children[0].fact, c.model.FindFact("d"));
  EXPECT_EQ(due.children[1].unit, DueNode::Unit::kMonths);
  EXPECT_EQ(due.children[2].kind, DueNode::Kind::kDate);
  EXPECT_EQ(due.children[2].date.days(), Days("2030-01-01"));
}

// ---- Cycles -----------------------------------------------------------------------------------

TEST(Cycles, SelfReferenceAndLongerCycles) {
  Checked c = CheckText(std::string(kPack) + kScopeBase + Cond("self", "self or died") +
                        Cond("p", "q") + Cond("q", "r and died") + Cond("r", "p") +
                        Cond("uses_cycle", "p"));
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{{9, "E205"}, {12, "E205"}}))
      << c.Dump();
  EXPECT_TRUE(c.diagnostics[0].notes.empty());
  ASSERT_EQ(c.diagnostics[1].notes.size(), 2u);
  EXPECT_EQ(c.diagnostics[1].notes[0].where.line, 15);  // q
  EXPECT_EQ(c.diagnostics[1].notes[1].where.line, 18);  // r
}

// ---- Examples ---------------------------------------------------------------------------------

TEST(Examples, RecordAndExpectations) {
  Checked c = CheckText(std::string(kPack) + R"(fact subject.age: integer 0 to 130
  question "Age?"
fact subject.died: yes/no
  question "Died?"
fact abuse: one of { known "K", none "N" }
  question "Abuse?"
fact d: date
  question "When?"
fact name: text
  question "Name?"
review r "R"
  decided by "B"
  dated by d
  cite statute "A" "s1"
  rules a "T"
    in force from 2020-01-01
    cite statute "A" "s1"
    outcome yes_r "Y"
      if subject.died
      cite statute "A" "s2"
      deadline notify "N"
        due 5 days after d
        cite statute "A" "s3"
    flag f "F"
      if abuse is known
      cite statute "A" "s4"
    otherwise no_r "N"
      cite statute "A" "s3"
  end
  rules b "Future"
    prospective
    cite statute "A" "s1"
    otherwise no_r "N"
      cite statute "A" "s3"
  end
end
example e "E"
  as of 2025-06-01
  using r = b
  given
    subject.age is 84
    subject.died is yes
    abuse is known
    d is 2025-05-01
    name is "Ann"
  expect
    r is yes_r
    r is undetermined
    r is not_in_force
    r could be {yes_r, no_r}
    r needs {subject.age}
    r flags {f}
    r deadline notify due 2025-05-06
end
)");
  ASSERT_TRUE(c.ok) << c.Dump();
  ASSERT_EQ(c.model.examples.size(), 1u);
  const internal::ExampleDecl& e = c.model.examples[0];
  EXPECT_EQ(e.as_of->days(), Days("2025-06-01"));
  ASSERT_EQ(e.using_rule_sets.size(), 1u);
  EXPECT_EQ(e.using_rule_sets[0], (std::pair<std::string, std::string>{"r", "b"}));
  EXPECT_EQ(e.record, nlohmann::json::parse(R"({"subject": {"age": 84, "died": true},
      "abuse": "known", "d": "2025-05-01", "name": "Ann"})"));
  EXPECT_EQ(e.where.line, 38);
  using Kind = internal::Expectation::Kind;
  std::vector<Kind> kinds;
  for (const auto& x : e.expectations) kinds.push_back(x.kind);
  EXPECT_EQ(kinds, (std::vector<Kind>{Kind::kIs, Kind::kUndetermined, Kind::kIs, Kind::kCouldBe,
                                      Kind::kNeeds, Kind::kFlags, Kind::kDeadline}));
  EXPECT_EQ(e.expectations[6].items, (std::vector<std::string>{"notify"}));
  EXPECT_EQ(e.expectations[6].due.days(), Days("2025-05-06"));
  EXPECT_EQ(e.expectations[6].where.line, 54);
}

TEST(Examples, UnknownNamesAreReported) {
  Checked c = CheckText(OneReview(RuleSet("a", "in force from 2020-01-01")) + R"(example e "E"
  using r = nosuch_set
  using nosuch = a
  given
    nosuch.fact is yes
  expect
    r is o
    r is nosuch_outcome
    r could be {o, nosuch_outcome}
    r needs {nosuch.fact}
    r flags {nosuch_flag}
    r deadline nosuch_deadline due 2025-02-30
    nosuch is o
end
)");
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{
                           {21, "E307"},  // rule set
                           {22, "E307"},  // review in 'using'
                           {24, "E307"},  // given fact
                           {27, "E307"},  // outcome
                           {28, "E307"},  // outcome in could be
                           {29, "E307"},  // needs fact
                           {30, "E307"},  // flag
                           {31, "E307"},  // deadline
                           {31, "E206"},  // date
                           {32, "E307"},  // review
                       }))
      << c.Dump();
}

// ---- Every error, sorted ----------------------------------------------------------------------

TEST(Collect, EveryErrorIsCollectedAndSorted) {
  // Declaration kinds are checked in passes (facts, then conditions and reviews, then cycles,
  // advisories, examples), so an unsorted report would show up here.
  Checked c = CheckText(std::string(kPack) + R"(example e "E"
  given
    nosuch is yes
  expect
end
advisory joint "J"
  if at least 0 reviews met
advisory joint "J again"
  if no review met
  cite practice "P" "p"
fact died: yes/no
  question "Died?"
  sensitivity extreme
condition c1 "c1"
  if died = 5
condition c2 "c2"
  if c2
  cite statute "A" "s1"
fact died: date
  question "?"
)");
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.Codes(), (std::vector<std::pair<int, std::string>>{
                           {4, "E307"},   // unknown fact in given
                           {7, "E301"},   // advisory without citation
                           {8, "E207"},   // at least 0
                           {9, "E305"},   // duplicate advisory
                           {14, "E208"},  // sensitivity
                           {15, "E301"},  // condition without citation
                           {16, "E203"},  // yes/no compared with 5
                           {17, "E205"},  // c2 depends on itself
                           {20, "E305"},  // duplicate fact
                       }))
      << c.Dump();
  EXPECT_EQ(c.diagnostics.size(), 9u);
  for (size_t i = 1; i < c.diagnostics.size(); ++i) {
    EXPECT_LE(c.diagnostics[i - 1].where.begin, c.diagnostics[i].where.begin);
  }
}

TEST(Collect, MissingPackIsReportedOnce) {
  Checked c = CheckText("fact died: yes/no\n  question \"Died?\"\n");
  EXPECT_FALSE(c.ok);
  ASSERT_EQ(c.diagnostics.size(), 1u) << c.Dump();
  EXPECT_EQ(c.diagnostics[0].code, "E308");
  Checked two = CheckFiles({{"a.rules", kPack}, {"b.rules", "pack u \"U\" version \"2\"\n"}});
  ASSERT_EQ(two.Codes(), (std::vector<std::pair<int, std::string>>{{1, "E305"}})) << two.Dump();
  EXPECT_EQ(two.diagnostics[0].where.file, "b.rules");
  EXPECT_EQ(two.model.name, "t");
}

TEST(Collect, CleanPackFillsTheModel) {
  Checked c = CheckText(std::string(kPack) + kScopeBase);
  ASSERT_TRUE(c.ok) << c.Dump();
  EXPECT_TRUE(c.diagnostics.empty());
  EXPECT_EQ(c.model.name, "t");
  EXPECT_EQ(c.model.title, "Test");
  EXPECT_EQ(c.model.version, "1");
  EXPECT_EQ(c.model.facts.size(), 2u);
  EXPECT_EQ(c.model.conditions.size(), 1u);
}

}  // namespace
}  // namespace threshold::check
