// Parser tests: parse::Parse turns rule text into the AST (docs/language.md sections 1-3). Every
// declaration kind, the expression precedence levels, due expressions, keywords as whole words,
// comments, byte ranges, CRLF line endings and syntax-error recovery.
#include "parse/parser.h"

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace threshold::parse {
namespace {

using ast::Expr;

// Parses text that must have no syntax error.
ast::File ParseOk(std::string_view text) {
  ParsedFile parsed = Parse("test.rules", text);
  std::string messages;
  for (const Diagnostic& d : parsed.diagnostics) {
    messages += std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + " " +
                d.message + " [" + d.code + "]\n";
  }
  EXPECT_TRUE(parsed.diagnostics.empty()) << "for:\n" << text << "\n" << messages;
  return std::move(parsed.file);
}

// Renders an expression compactly: names bare, literals tagged with their kind, comparisons in
// parentheses, and/or/not/in/known as calls.
std::string Show(const Expr& e) {
  auto list = [](const std::vector<Expr>& children, size_t from) {
    std::string out;
    for (size_t i = from; i < children.size(); ++i) {
      if (i > from) out += ", ";
      out += Show(children[i]);
    }
    return out;
  };
  switch (e.kind) {
    case Expr::Kind::kOr: return "or(" + list(e.children, 0) + ")";
    case Expr::Kind::kAnd: return "and(" + list(e.children, 0) + ")";
    case Expr::Kind::kNot: return "not(" + list(e.children, 0) + ")";
    case Expr::Kind::kCompare:
      if (e.children.size() != 2) return "<bad compare>";
      return "(" + Show(e.children[0]) + " " + e.op + " " + Show(e.children[1]) + ")";
    case Expr::Kind::kIn: return "in(" + list(e.children, 0) + ")";
    case Expr::Kind::kKnown: return "known(" + e.text + ")";
    case Expr::Kind::kReview: return "review(" + e.text + ":" + list(e.children, 0) + ")";
    case Expr::Kind::kName: return e.text;
    case Expr::Kind::kLiteral:
      switch (e.literal) {
        case ast::LiteralKind::kBool: return "bool:" + e.text;
        case ast::LiteralKind::kInt: return "int:" + e.text;
        case ast::LiteralKind::kDate: return "date:" + e.text;
        case ast::LiteralKind::kString: return "str:\"" + e.text + "\"";
      }
  }
  return "<?>";
}

// The expression of `condition c "c" if <text>`.
std::string ShowCondition(const std::string& expression) {
  ast::File file = ParseOk("condition c \"c\" if " + expression + "\n");
  if (file.conditions.size() != 1) return "<no condition>";
  return Show(file.conditions[0].expr);
}

std::string_view Slice(std::string_view text, ast::Range range) {
  if (range.begin > range.end || range.end > text.size()) return "<bad range>";
  return text.substr(range.begin, range.end - range.begin);
}

// ---- Pack -------------------------------------------------------------------------------------

TEST(ParsePack, AllClauses) {
  ast::File file = ParseOk(
      "pack england \"Statutory review criteria, England\"\n"
      "  version \"2026.11.0\"\n"
      "  calendar \"bank-holidays.txt\"\n");
  ASSERT_EQ(file.packs.size(), 1u);
  EXPECT_EQ(file.packs[0].id.name, "england");
  EXPECT_EQ(file.packs[0].title, "Statutory review criteria, England");
  EXPECT_EQ(file.packs[0].version, "2026.11.0");
  EXPECT_EQ(file.packs[0].calendar, "bank-holidays.txt");
}

TEST(ParsePack, CalendarIsOptional) {
  ast::File file = ParseOk("pack t \"Test\" version \"1\"");
  ASSERT_EQ(file.packs.size(), 1u);
  EXPECT_EQ(file.packs[0].calendar, "");
  EXPECT_EQ(file.packs[0].version, "1");
}

TEST(ParsePack, ReviewsListsTheReviewsThePackDefines) {
  ast::File file = ParseOk("pack t \"Test\" version \"1\" calendar \"c.txt\"\n  reviews cspr, sar, dhr\n");
  ASSERT_EQ(file.packs.size(), 1u);
  ASSERT_EQ(file.packs[0].reviews.size(), 3u);
  EXPECT_EQ(file.packs[0].reviews[0].name, "cspr");
  EXPECT_EQ(file.packs[0].reviews[2].name, "dhr");
  EXPECT_TRUE(ParseOk("pack t \"Test\" version \"1\"").packs[0].reviews.empty());
}

// ---- Facts ------------------------------------------------------------------------------------

struct FactTypeCase {
  std::string type_text;
  ast::TypeSpec::Kind kind;
  std::string low, high;
  std::vector<std::pair<std::string, std::string>> options;
};

// Names the case in test listings by its text (escaped), not by the bytes of the struct.
void PrintTo(const FactTypeCase& c, std::ostream* out) { *out << testing::PrintToString(c.type_text); }

class ParseFactType : public testing::TestWithParam<FactTypeCase> {};

TEST_P(ParseFactType, ParsesIntoTypeSpec) {
  const FactTypeCase& c = GetParam();
  ast::File file = ParseOk("fact x.y: " + c.type_text + "\n  question \"Q?\"\n");
  ASSERT_EQ(file.facts.size(), 1u);
  const ast::Fact& fact = file.facts[0];
  EXPECT_EQ(fact.path.name, "x.y");
  EXPECT_EQ(fact.type.kind, c.kind);
  EXPECT_EQ(fact.type.low.name, c.low);
  EXPECT_EQ(fact.type.high.name, c.high);
  ASSERT_EQ(fact.type.options.size(), c.options.size());
  for (size_t i = 0; i < c.options.size(); ++i) {
    EXPECT_EQ(fact.type.options[i].id.name, c.options[i].first);
    EXPECT_EQ(fact.type.options[i].label, c.options[i].second);
  }
  EXPECT_EQ(fact.question, "Q?");
}

INSTANTIATE_TEST_SUITE_P(
    Types, ParseFactType,
    testing::Values(
        FactTypeCase{"yes/no", ast::TypeSpec::Kind::kBool, "", "", {}},
        FactTypeCase{"boolean", ast::TypeSpec::Kind::kBool, "", "", {}},
        FactTypeCase{"integer 0 to 130", ast::TypeSpec::Kind::kInt, "0", "130", {}},
        FactTypeCase{"integer -5 to 5", ast::TypeSpec::Kind::kInt, "-5", "5", {}},
        FactTypeCase{"date", ast::TypeSpec::Kind::kDate, "", "", {}},
        FactTypeCase{"text", ast::TypeSpec::Kind::kText, "", "", {}},
        FactTypeCase{"one of { only \"The only one\" }", ast::TypeSpec::Kind::kEnum, "", "",
                     {{"only", "The only one"}}},
        FactTypeCase{"one of {\n    known \"Known\",\n    suspected \"Suspected\",\n"
                     "    not_suspected \"Neither known nor suspected\" }",
                     ast::TypeSpec::Kind::kEnum,
                     "",
                     "",
                     {{"known", "Known"},
                      {"suspected", "Suspected"},
                      {"not_suspected", "Neither known nor suspected"}}}));

TEST(ParseFact, AllClauses) {
  ast::File file = ParseOk(R"X(
fact subject.age: integer 0 to 130
  question "How old was the person?"
  help "Give the date of birth instead if you know it."
  sensitivity low
  derive age from subject.date_of_birth on incident_date
  cite statute "Children Act 2004" "s65(1)"
  cite guidance "Working Together 2023" "chapter 5" note "paragraph \"unconfirmed\" \\ see"
)X");
  ASSERT_EQ(file.facts.size(), 1u);
  const ast::Fact& fact = file.facts[0];
  EXPECT_EQ(fact.path.name, "subject.age");
  EXPECT_EQ(fact.type.kind, ast::TypeSpec::Kind::kInt);
  EXPECT_EQ(fact.question, "How old was the person?");
  EXPECT_EQ(fact.help, "Give the date of birth instead if you know it.");
  EXPECT_EQ(fact.sensitivity.name, "low");
  ASSERT_TRUE(fact.derive.has_value());
  EXPECT_EQ(fact.derive->from.name, "subject.date_of_birth");
  ASSERT_EQ(fact.derive->on.size(), 1u);
  EXPECT_EQ(fact.derive->on[0].name, "incident_date");
  ASSERT_EQ(fact.citations.size(), 2u);
  EXPECT_EQ(fact.citations[0].evidence, "statute");
  EXPECT_EQ(fact.citations[0].instrument, "Children Act 2004");
  EXPECT_EQ(fact.citations[0].provision, "s65(1)");
  EXPECT_EQ(fact.citations[0].note, "");
  EXPECT_EQ(fact.citations[1].evidence, "guidance");
  EXPECT_EQ(fact.citations[1].note, "paragraph \"unconfirmed\" \\ see");
}

TEST(ParseFact, DeriveOnSeveralDates) {
  ast::File file = ParseOk(
      "fact age: integer 0 to 130 question \"Age?\"\n"
      "  derive age from dob on incident_date else aware_date else referral.date\n"
      "  cite statute \"A\" \"s1\"\n");
  ASSERT_EQ(file.facts.size(), 1u);
  ASSERT_TRUE(file.facts[0].derive.has_value());
  std::vector<std::string> on;
  for (const ast::Ident& date : file.facts[0].derive->on) on.push_back(date.name);
  EXPECT_EQ(on, (std::vector<std::string>{"incident_date", "aware_date", "referral.date"}));
  EXPECT_EQ(file.facts[0].citations.size(), 1u);
}

TEST(ParseFact, OptionalClausesAbsent) {
  ast::File file = ParseOk("fact died: yes/no question \"Died?\"");
  ASSERT_EQ(file.facts.size(), 1u);
  EXPECT_EQ(file.facts[0].help, "");
  EXPECT_EQ(file.facts[0].sensitivity.name, "");
  EXPECT_FALSE(file.facts[0].derive.has_value());
  EXPECT_TRUE(file.facts[0].citations.empty());
}

TEST(ParseCitation, EveryEvidenceLevel) {
  for (std::string level : {"statute", "regulation", "guidance", "practice"}) {
    ast::File file =
        ParseOk("condition c \"c\" if a\n  cite " + level + " \"Instrument\" \"Provision\"\n");
    ASSERT_EQ(file.conditions.size(), 1u);
    ASSERT_EQ(file.conditions[0].citations.size(), 1u) << level;
    EXPECT_EQ(file.conditions[0].citations[0].evidence, level);
  }
}

TEST(ParseCitation, UnknownEvidenceLevelIsASyntaxError) {
  ParsedFile parsed = Parse("t.rules", "condition c \"c\" if a\n  cite law \"A\" \"s1\"\n");
  ASSERT_EQ(parsed.diagnostics.size(), 1u);
  EXPECT_EQ(parsed.diagnostics[0].code, "E101");
  EXPECT_EQ(parsed.diagnostics[0].where.line, 2);
  EXPECT_EQ(parsed.diagnostics[0].where.column, 8);
  EXPECT_NE(parsed.diagnostics[0].message.find("statute, regulation, guidance or practice"),
            std::string::npos)
      << parsed.diagnostics[0].message;
}

// ---- Conditions and expressions ---------------------------------------------------------------

TEST(ParseCondition, Fields) {
  ast::File file = ParseOk(R"X(condition adult "the person was aged 18 or over"
  if subject.age >= 18
  cite statute "Care Act 2014" "s2(8)" note "read with s80"
  cite guidance "Guide" "ch 14"
)X");
  ASSERT_EQ(file.conditions.size(), 1u);
  const ast::Condition& c = file.conditions[0];
  EXPECT_EQ(c.id.name, "adult");
  EXPECT_EQ(c.text, "the person was aged 18 or over");
  EXPECT_EQ(Show(c.expr), "(subject.age >= int:18)");
  ASSERT_EQ(c.citations.size(), 2u);
  EXPECT_EQ(c.citations[0].note, "read with s80");
  EXPECT_EQ(c.citations[1].instrument, "Guide");
}

struct ExprCase {
  std::string text;
  std::string shown;
};

void PrintTo(const ExprCase& c, std::ostream* out) { *out << testing::PrintToString(c.text); }

class ParseExpression : public testing::TestWithParam<ExprCase> {};

TEST_P(ParseExpression, Structure) { EXPECT_EQ(ShowCondition(GetParam().text), GetParam().shown); }

INSTANTIATE_TEST_SUITE_P(
    Table, ParseExpression,
    testing::Values(
        // Precedence: or < and < not < comparison.
        ExprCase{"a or b and not c", "or(a, and(b, not(c)))"},
        ExprCase{"a and b or c", "or(and(a, b), c)"},
        ExprCase{"not a and b", "and(not(a), b)"},
        ExprCase{"not a = yes", "not((a = bool:yes))"},
        ExprCase{"a or b or c", "or(a, b, c)"},
        ExprCase{"a and b and c and d", "and(a, b, c, d)"},
        ExprCase{"(a or b) and c", "and(or(a, b), c)"},
        ExprCase{"a and (b or c)", "and(a, or(b, c))"},
        ExprCase{"not not a", "not(not(a))"},
        ExprCase{"((a))", "a"},
        ExprCase{"age >= 18 and age < 65", "and((age >= int:18), (age < int:65))"},
        // Every comparison operator.
        ExprCase{"x = 1", "(x = int:1)"},
        ExprCase{"x != 1", "(x != int:1)"},
        ExprCase{"x < 1", "(x < int:1)"},
        ExprCase{"x <= 1", "(x <= int:1)"},
        ExprCase{"x > 1", "(x > int:1)"},
        ExprCase{"x >= 1", "(x >= int:1)"},
        ExprCase{"x>=1", "(x >= int:1)"},
        ExprCase{"x >= -1", "(x >= int:-1)"},
        // is / is not.
        ExprCase{"abuse is known", "(abuse = known)"},
        ExprCase{"abuse is not known", "(abuse != known)"},
        ExprCase{"died is yes", "(died = bool:yes)"},
        ExprCase{"died is not no", "(died != bool:no)"},
        // A literal on the left stays where it was written (the checker flips it).
        ExprCase{"18 <= subject.age", "(int:18 <= subject.age)"},
        ExprCase{"2015-04-01 > incident_date", "(date:2015-04-01 > incident_date)"},
        // Literals.
        ExprCase{"d < 2015-04-01", "(d < date:2015-04-01)"},
        ExprCase{"x = true", "(x = bool:yes)"},
        ExprCase{"x = false", "(x = bool:no)"},
        ExprCase{"x = no", "(x = bool:no)"},
        ExprCase{"name = \"O'Brien \\\"Jr\\\"\"", "(name = str:\"O'Brien \"Jr\"\")"},
        ExprCase{"yes", "bool:yes"},
        // in, known.
        ExprCase{"abuse in {known, suspected}", "in(abuse, known, suspected)"},
        ExprCase{"abuse in {known}", "in(abuse, known)"},
        ExprCase{"age in {1,2 , 3}", "in(age, int:1, int:2, int:3)"},
        ExprCase{"known(subject.age)", "known(subject.age)"},
        ExprCase{"known ( subject.age )", "known(subject.age)"},
        ExprCase{"not known(x) or x", "or(not(known(x)), x)"},
        ExprCase{"known(d) and d < 2015-04-01", "and(known(d), (d < date:2015-04-01))"},
        // Paths.
        ExprCase{"subject.care_and_support_needs", "subject.care_and_support_needs"},
        ExprCase{"a.b.c = yes", "(a.b.c = bool:yes)"}));

// ---- Keywords are whole words -----------------------------------------------------------------

TEST(ParseKeywords, KeywordPrefixesAreIdentifiers) {
  EXPECT_EQ(ShowCondition("notable or orange and android"), "or(notable, and(orange, android))");
  EXPECT_EQ(ShowCondition("island is index"), "(island = index)");
  EXPECT_EQ(ShowCondition("ifs and ended and knownx"), "and(ifs, ended, knownx)");
  EXPECT_EQ(ShowCondition("yesterday = yes_please"), "(yesterday = yes_please)");
  EXPECT_EQ(ShowCondition("not_in_area"), "not_in_area");
}

TEST(ParseKeywords, CitedIsAnIdentifier) {
  ast::File file = ParseOk(R"X(fact cited: yes/no
  question "Was it cited?"
  cite statute "A" "s1"
condition citedx "cited"
  if cited
  cite statute "A" "s2"
)X");
  ASSERT_EQ(file.facts.size(), 1u);
  EXPECT_EQ(file.facts[0].path.name, "cited");
  EXPECT_EQ(file.facts[0].citations.size(), 1u);
  ASSERT_EQ(file.conditions.size(), 1u);
  EXPECT_EQ(file.conditions[0].id.name, "citedx");
  EXPECT_EQ(Show(file.conditions[0].expr), "cited");
  EXPECT_EQ(file.conditions[0].citations.size(), 1u);
}

TEST(ParseKeywords, ReservedWordIsNotAName) {
  ParsedFile parsed = Parse("t.rules", "condition end \"c\" if a\n");
  ASSERT_EQ(parsed.diagnostics.size(), 1u);
  EXPECT_EQ(parsed.diagnostics[0].code, "E101");
  EXPECT_EQ(parsed.diagnostics[0].message, "expected a name, found 'end'");
  EXPECT_TRUE(parsed.file.conditions.empty());
}

// ---- Comments ---------------------------------------------------------------------------------

TEST(ParseComments, AnywhereBlanksAreAllowed) {
  ast::File file = ParseOk(R"X(# A comment first.
pack t "Test # not a comment" version "1"  # trailing
# between declarations
condition c "c" # after the text
  if a # inside
     and # between operator and operand
     b
  cite statute "A" "s1" # after a citation
# at the end, without a newline)X");
  ASSERT_EQ(file.packs.size(), 1u);
  EXPECT_EQ(file.packs[0].title, "Test # not a comment");
  ASSERT_EQ(file.conditions.size(), 1u);
  EXPECT_EQ(Show(file.conditions[0].expr), "and(a, b)");
  EXPECT_EQ(file.conditions[0].citations.size(), 1u);
}

TEST(ParseComments, EmptyAndCommentOnlyFiles) {
  ast::File empty = ParseOk("");
  EXPECT_TRUE(empty.packs.empty());
  EXPECT_TRUE(empty.facts.empty());
  ast::File comments = ParseOk("# one\n\n   # two\n");
  EXPECT_TRUE(comments.conditions.empty());
}

// ---- Reviews, rule sets, outcomes, deadlines --------------------------------------------------

constexpr char kReview[] = R"X(review sar "Safeguarding Adults Review"
  decided by "Safeguarding Adults Board"
  dated by aware_date, incident_date
  cite statute "Care Act 2014" "s44"
  not in force "No statutory review existed"
    cite statute "Care Act 2014" "s44; in force 1 April 2015"
    cite guidance "No Secrets" "2000"

  rules sar_2015 "Care Act 2014 s44"
    in force from 2015-04-01 until 2030-12-31
    cite statute "Care Act 2014" "s44"

    condition local_c "a local condition"
      if subject.age >= 18
      cite statute "Care Act 2014" "s2(8)"

    outcome mandatory "The SAB must arrange a review"
      counts as met
      if local_c and (condition_1 or condition_2)
      cite statute "Care Act 2014" "s44(1)-(3)"
      deadline decide "Decide"
        due 15 working days after notified_date else 20 working days after aware_date
        cite practice "Local" "timescale"
      deadline report "Report"
        due 6 months after aware_date
        cite practice "Local" "report"

    outcome discretionary "The SAB may arrange a review"
      if local_c
      cite statute "Care Act 2014" "s44(4)"

    flag age_timing "A human must decide"
      if local_c and abuse_began_in_childhood
      cite practice "Surrey" "note"

    advisory local_factors "Local factors apply"
      if not local_c
      cite regulation "SI 2018/789" "reg 11"

    otherwise not_applicable "No review route"
      counts as met
      cite statute "Care Act 2014" "s44(1) and (4)"
      deadline close "Close"
        due 2030-01-01
        cite practice "Local" "close"
  end

  rules sar_future "A future Act"
    prospective
    otherwise nothing "Nothing yet"
      cite statute "Future Act" "s1"
  end
end
)X";

TEST(ParseReview, Header) {
  ast::File file = ParseOk(kReview);
  ASSERT_EQ(file.reviews.size(), 1u);
  const ast::Review& r = file.reviews[0];
  EXPECT_EQ(r.id.name, "sar");
  EXPECT_EQ(r.title, "Safeguarding Adults Review");
  EXPECT_EQ(r.decided_by, "Safeguarding Adults Board");
  ASSERT_EQ(r.dated_by.size(), 2u);
  EXPECT_EQ(r.dated_by[0].name, "aware_date");
  EXPECT_EQ(r.dated_by[1].name, "incident_date");
  ASSERT_EQ(r.citations.size(), 1u);
  ASSERT_TRUE(r.not_in_force.has_value());
  EXPECT_EQ(r.not_in_force->text, "No statutory review existed");
  ASSERT_EQ(r.not_in_force->citations.size(), 2u);
  EXPECT_EQ(r.not_in_force->citations[1].instrument, "No Secrets");
  ASSERT_EQ(r.rule_sets.size(), 2u);
}

TEST(ParseReview, RuleSetWindowsAndProspective) {
  ast::File file = ParseOk(kReview);
  ASSERT_EQ(file.reviews.size(), 1u);
  const ast::RuleSet& a = file.reviews[0].rule_sets[0];
  EXPECT_EQ(a.id.name, "sar_2015");
  EXPECT_EQ(a.title, "Care Act 2014 s44");
  EXPECT_EQ(a.from.name, "2015-04-01");
  EXPECT_EQ(a.until.name, "2030-12-31");
  EXPECT_FALSE(a.prospective);
  EXPECT_EQ(a.citations.size(), 1u);
  const ast::RuleSet& b = file.reviews[0].rule_sets[1];
  EXPECT_EQ(b.id.name, "sar_future");
  EXPECT_TRUE(b.prospective);
  EXPECT_EQ(b.from.name, "");
  EXPECT_EQ(b.until.name, "");
  EXPECT_TRUE(b.citations.empty());
  ASSERT_EQ(b.outcomes.size(), 1u);
  EXPECT_TRUE(b.outcomes[0].otherwise);
}

TEST(ParseReview, RuleSetContents) {
  ast::File file = ParseOk(kReview);
  ASSERT_EQ(file.reviews.size(), 1u);
  const ast::RuleSet& set = file.reviews[0].rule_sets[0];
  ASSERT_EQ(set.conditions.size(), 1u);
  EXPECT_EQ(set.conditions[0].id.name, "local_c");
  EXPECT_TRUE(file.conditions.empty()) << "a rule set's condition is not a top-level one";

  ASSERT_EQ(set.outcomes.size(), 3u);
  const ast::Outcome& mandatory = set.outcomes[0];
  EXPECT_EQ(mandatory.id.name, "mandatory");
  EXPECT_EQ(mandatory.summary, "The SAB must arrange a review");
  EXPECT_TRUE(mandatory.counts_as_met);
  EXPECT_FALSE(mandatory.otherwise);
  ASSERT_TRUE(mandatory.when.has_value());
  EXPECT_EQ(Show(*mandatory.when), "and(local_c, or(condition_1, condition_2))");
  EXPECT_EQ(mandatory.citations.size(), 1u);
  ASSERT_EQ(mandatory.deadlines.size(), 2u);
  EXPECT_EQ(mandatory.deadlines[0].id.name, "decide");
  EXPECT_EQ(mandatory.deadlines[0].text, "Decide");
  EXPECT_EQ(mandatory.deadlines[0].citations.size(), 1u);
  EXPECT_EQ(mandatory.deadlines[1].id.name, "report");

  const ast::Outcome& discretionary = set.outcomes[1];
  EXPECT_FALSE(discretionary.counts_as_met);
  EXPECT_TRUE(discretionary.deadlines.empty());

  // The otherwise outcome is kept in source order among the outcomes.
  const ast::Outcome& otherwise = set.outcomes[2];
  EXPECT_EQ(otherwise.id.name, "not_applicable");
  EXPECT_TRUE(otherwise.otherwise);
  EXPECT_TRUE(otherwise.counts_as_met);
  EXPECT_FALSE(otherwise.when.has_value());
  ASSERT_EQ(otherwise.deadlines.size(), 1u);
  EXPECT_EQ(otherwise.deadlines[0].due.kind, ast::Due::Kind::kDate);
  EXPECT_EQ(otherwise.deadlines[0].due.text.name, "2030-01-01");

  // Flags and advisories share one list, in source order.
  ASSERT_EQ(set.raises.size(), 2u);
  EXPECT_TRUE(set.raises[0].is_flag);
  EXPECT_EQ(set.raises[0].id.name, "age_timing");
  EXPECT_EQ(set.raises[0].text, "A human must decide");
  EXPECT_EQ(Show(set.raises[0].when), "and(local_c, abuse_began_in_childhood)");
  EXPECT_FALSE(set.raises[1].is_flag);
  EXPECT_EQ(set.raises[1].id.name, "local_factors");
  EXPECT_EQ(Show(set.raises[1].when), "not(local_c)");
  EXPECT_EQ(set.raises[1].citations[0].evidence, "regulation");
}

TEST(ParseReview, NotInForceIsOptional) {
  ast::File file = ParseOk(R"X(review r "R"
  decided by "B"
  dated by d
  rules r1 "T"
    in force from 2020-01-01
    otherwise o "O"
  end
end
)X");
  ASSERT_EQ(file.reviews.size(), 1u);
  EXPECT_FALSE(file.reviews[0].not_in_force.has_value());
  ASSERT_EQ(file.reviews[0].dated_by.size(), 1u);
  EXPECT_TRUE(file.reviews[0].rule_sets[0].until.name.empty());
}

// Renders a due expression.
std::string ShowDue(const ast::Due& due) {
  switch (due.kind) {
    case ast::Due::Kind::kFact: return due.text.name;
    case ast::Due::Kind::kDate: return "date:" + due.text.name;
    case ast::Due::Kind::kAfter: {
      const char* unit = due.unit == ast::Due::Unit::kWorkingDays ? "wd"
                         : due.unit == ast::Due::Unit::kDays      ? "d"
                                                                  : "m";
      if (due.children.size() != 1) return "<bad after>";
      return "after(" + due.text.name + unit + ", " + ShowDue(due.children[0]) + ")";
    }
    case ast::Due::Kind::kElse: {
      std::string out = "else(";
      for (size_t i = 0; i < due.children.size(); ++i) {
        out += (i ? ", " : "") + ShowDue(due.children[i]);
      }
      return out + ")";
    }
  }
  return "<?>";
}

class ParseDue : public testing::TestWithParam<ExprCase> {};

TEST_P(ParseDue, Structure) {
  ast::File file = ParseOk(std::string(R"X(review r "R"
  decided by "B"
  dated by d
  rules r1 "T"
    in force from 2020-01-01
    otherwise o "O"
      deadline x "X"
        due )X") + GetParam().text + R"X(
        cite practice "P" "p"
  end
end
)X");
  ASSERT_EQ(file.reviews.size(), 1u);
  ASSERT_EQ(file.reviews[0].rule_sets[0].outcomes[0].deadlines.size(), 1u);
  const ast::Deadline& deadline = file.reviews[0].rule_sets[0].outcomes[0].deadlines[0];
  EXPECT_EQ(ShowDue(deadline.due), GetParam().shown);
  EXPECT_EQ(deadline.citations.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseDue,
    testing::Values(
        ExprCase{"aware_date", "aware_date"},
        ExprCase{"incident.date", "incident.date"},
        ExprCase{"2025-06-09", "date:2025-06-09"},
        ExprCase{"5 working days after aware_date", "after(5wd, aware_date)"},
        ExprCase{"1 working day after aware_date", "after(1wd, aware_date)"},
        ExprCase{"28 days after aware_date", "after(28d, aware_date)"},
        ExprCase{"1 day after aware_date", "after(1d, aware_date)"},
        ExprCase{"6 months after aware_date", "after(6m, aware_date)"},
        ExprCase{"1 month after aware_date", "after(1m, aware_date)"},
        ExprCase{"1 month after 5 working days after aware_date",
                 "after(1m, after(5wd, aware_date))"},
        ExprCase{"15 working days after notified_date else 20 working days after aware_date",
                 "else(after(15wd, notified_date), after(20wd, aware_date))"},
        ExprCase{"a else b else 3 days after c", "else(a, b, after(3d, c))"}));

// ---- Top-level advisories ---------------------------------------------------------------------

TEST(ParseTopAdvisory, AtLeastAndNoReview) {
  ast::File file = ParseOk(R"X(advisory joint "Two or more reviews"
  if at least 2 reviews met
  cite practice "P" "joint"
advisory alternatives "No review"
  if no review met
  cite statute "Care Act 2014" "s44(4)"
  cite practice "P" "alternatives"
)X");
  ASSERT_EQ(file.advisories.size(), 2u);
  EXPECT_EQ(file.advisories[0].id.name, "joint");
  EXPECT_EQ(file.advisories[0].text, "Two or more reviews");
  EXPECT_EQ(file.advisories[0].at_least.name, "2");
  EXPECT_EQ(file.advisories[0].citations.size(), 1u);
  EXPECT_EQ(file.advisories[1].id.name, "alternatives");
  EXPECT_EQ(file.advisories[1].at_least.name, "");
  EXPECT_EQ(file.advisories[1].citations.size(), 2u);
}

// ---- Examples ---------------------------------------------------------------------------------

TEST(ParseExample, AllParts) {
  ast::File file = ParseOk(R"X(example care_home "A care home death"
  as of 2025-06-01
  using dhr = dardr_2024
  using sar = sar_2015
  given
    subject.age is 84
    subject.care_and_support_needs is yes
    incident.died is true
    incident.hidden is no
    incident_date is 2025-05-01
    death_from_abuse_or_neglect is suspected
    subject.name is "Ann \"Nan\""
  expect
    sar is mandatory
    dhr is undetermined
    cspr could be {not_met, notifiable}
    cspr could be {}
    sar needs {subject.age, incident_date}
    sar needs {}
    sar flags {which_board}
    sar flags {}
    cspr deadline notify_panel due 2025-06-09
end
)X");
  ASSERT_EQ(file.examples.size(), 1u);
  const ast::Example& e = file.examples[0];
  EXPECT_EQ(e.id.name, "care_home");
  EXPECT_EQ(e.title, "A care home death");
  EXPECT_EQ(e.as_of.name, "2025-06-01");
  ASSERT_EQ(e.using_rule_sets.size(), 2u);
  EXPECT_EQ(e.using_rule_sets[0].review.name, "dhr");
  EXPECT_EQ(e.using_rule_sets[0].rule_set.name, "dardr_2024");
  EXPECT_EQ(e.using_rule_sets[1].review.name, "sar");

  ASSERT_EQ(e.given.size(), 7u);
  std::vector<std::pair<std::string, std::string>> given;
  for (const ast::Given& g : e.given) given.emplace_back(g.path.name, Show(g.value));
  const std::vector<std::pair<std::string, std::string>> want_given = {
      {"subject.age", "int:84"},
      {"subject.care_and_support_needs", "bool:yes"},
      {"incident.died", "bool:yes"},
      {"incident.hidden", "bool:no"},
      {"incident_date", "date:2025-05-01"},
      {"death_from_abuse_or_neglect", "suspected"},
      {"subject.name", "str:\"Ann \"Nan\"\""},
  };
  EXPECT_EQ(given, want_given);

  using Kind = ast::Expectation::Kind;
  struct Want {
    Kind kind;
    std::string review;
    std::vector<std::string> items;
  };
  const std::vector<Want> want = {
      {Kind::kIs, "sar", {"mandatory"}},
      {Kind::kIs, "dhr", {"undetermined"}},
      {Kind::kCouldBe, "cspr", {"not_met", "notifiable"}},
      {Kind::kCouldBe, "cspr", {}},
      {Kind::kNeeds, "sar", {"subject.age", "incident_date"}},
      {Kind::kNeeds, "sar", {}},
      {Kind::kFlags, "sar", {"which_board"}},
      {Kind::kFlags, "sar", {}},
      {Kind::kDeadline, "cspr", {"notify_panel", "2025-06-09"}},
  };
  ASSERT_EQ(e.expect.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(e.expect[i].kind, want[i].kind);
    EXPECT_EQ(e.expect[i].review.name, want[i].review);
    std::vector<std::string> items;
    for (const ast::Ident& item : e.expect[i].items) items.push_back(item.name);
    EXPECT_EQ(items, want[i].items);
  }
}

TEST(ParseExample, MinimalExample) {
  ast::File file = ParseOk("example e \"E\" given expect end");
  ASSERT_EQ(file.examples.size(), 1u);
  EXPECT_EQ(file.examples[0].as_of.name, "");
  EXPECT_TRUE(file.examples[0].using_rule_sets.empty());
  EXPECT_TRUE(file.examples[0].given.empty());
  EXPECT_TRUE(file.examples[0].expect.empty());
}

// ---- Several declarations, byte ranges --------------------------------------------------------

TEST(ParseFile, DeclarationsAreGroupedByKindInSourceOrder) {
  ast::File file = ParseOk(R"X(fact b: yes/no question "B?"
condition c1 "c1" if b
pack t "T" version "1"
fact a: date question "A?"
condition c2 "c2" if not b
)X");
  EXPECT_EQ(file.name, "test.rules");
  ASSERT_EQ(file.facts.size(), 2u);
  EXPECT_EQ(file.facts[0].path.name, "b");
  EXPECT_EQ(file.facts[1].path.name, "a");
  ASSERT_EQ(file.conditions.size(), 2u);
  EXPECT_EQ(file.conditions[1].id.name, "c2");
  EXPECT_EQ(file.packs.size(), 1u);
}

TEST(ParseRanges, NodesRecordTheirBytes) {
  const std::string text =
      "pack t \"T\" version \"1\"\n"
      "condition adult \"an adult\"\n"
      "  if subject.age >= 18 and known(subject.age)\n"
      "  cite statute \"Act\" \"s1\" note \"n\"\n"
      "\n"
      "fact subject.age: integer 0 to 130\n"
      "  question \"Age?\"\n";
  ast::File file = ParseOk(text);
  ASSERT_EQ(file.packs.size(), 1u);
  EXPECT_EQ(Slice(text, file.packs[0].range), "pack t \"T\" version \"1\"");
  EXPECT_EQ(Slice(text, file.packs[0].id.range), "t");

  ASSERT_EQ(file.conditions.size(), 1u);
  const ast::Condition& c = file.conditions[0];
  EXPECT_EQ(Slice(text, c.id.range), "adult");
  EXPECT_EQ(c.range.begin, text.find("condition"));
  EXPECT_EQ(Slice(text, c.expr.range), "subject.age >= 18 and known(subject.age)");
  ASSERT_EQ(c.expr.children.size(), 2u);
  const Expr& compare = c.expr.children[0];
  EXPECT_EQ(Slice(text, compare.range), "subject.age >= 18");
  EXPECT_EQ(Slice(text, compare.children[0].range), "subject.age");
  EXPECT_EQ(Slice(text, compare.children[1].range), "18");
  EXPECT_EQ(Slice(text, c.expr.children[1].range), "known(subject.age)");
  ASSERT_EQ(c.citations.size(), 1u);
  EXPECT_EQ(Slice(text, c.citations[0].range), "cite statute \"Act\" \"s1\" note \"n\"");

  ASSERT_EQ(file.facts.size(), 1u);
  EXPECT_EQ(Slice(text, file.facts[0].path.range), "subject.age");
  EXPECT_EQ(Slice(text, file.facts[0].type.range), "integer 0 to 130");
  EXPECT_EQ(Slice(text, file.facts[0].type.low.range), "0");
  EXPECT_EQ(Slice(text, file.facts[0].type.high.range), "130");
}

TEST(ParseRanges, ParenthesesAndIn) {
  const std::string text = "condition c \"c\" if (a or b) and x in {p, q}\n";
  ast::File file = ParseOk(text);
  ASSERT_EQ(file.conditions.size(), 1u);
  const Expr& e = file.conditions[0].expr;
  ASSERT_EQ(e.children.size(), 2u);
  EXPECT_EQ(Slice(text, e.children[0].range), "(a or b)");
  EXPECT_EQ(Slice(text, e.children[1].range), "x in {p, q}");
  ASSERT_EQ(e.children[1].children.size(), 3u);
  EXPECT_EQ(Slice(text, e.children[1].children[2].range), "q");
}

// A declaration's range ends at its last token, not after the blanks and comments that follow
// it (X3 commits the skipper's pre-skip when a trailing optional clause or citation list tries
// one more item and fails).
TEST(ParseRanges, DeclarationRangeEndsAtItsLastToken) {
  const std::string text =
      "condition adult \"an adult\"\n"
      "  if subject.age >= 18\n"
      "  cite statute \"Act\" \"s1\" note \"n\"   # trailing comment\n"
      "\n"
      "pack t \"T\" version \"1\"\n"
      "\n";
  ast::File file = ParseOk(text);
  ASSERT_EQ(file.conditions.size(), 1u);
  EXPECT_EQ(Slice(text, file.conditions[0].range),
            "condition adult \"an adult\"\n"
            "  if subject.age >= 18\n"
            "  cite statute \"Act\" \"s1\" note \"n\"");
  ASSERT_EQ(file.packs.size(), 1u);
  EXPECT_EQ(Slice(text, file.packs[0].range), "pack t \"T\" version \"1\"");
}

// A 'not' node records its range like every other node (ast.h: "every node records its byte
// range in the source").
TEST(ParseRanges, NotNodeHasItsRange) {
  const std::string text = "condition c \"c\" if a and not b\n";
  ast::File file = ParseOk(text);
  ASSERT_EQ(file.conditions.size(), 1u);
  const Expr& e = file.conditions[0].expr;
  ASSERT_EQ(e.kind, Expr::Kind::kAnd);
  ASSERT_EQ(e.children.size(), 2u);
  EXPECT_EQ(Slice(text, e.children[1].range), "not b");
  const std::string text2 = "condition c \"c\" if not a or b\n";
  ast::File file2 = ParseOk(text2);
  ASSERT_EQ(file2.conditions.size(), 1u);
  EXPECT_EQ(Slice(text2, file2.conditions[0].expr.range), "not a or b");
}

TEST(ParseRanges, ReviewParts) {
  const std::string text = kReview;
  ast::File file = ParseOk(text);
  ASSERT_EQ(file.reviews.size(), 1u);
  const ast::Review& r = file.reviews[0];
  EXPECT_EQ(r.range.begin, 0u);
  EXPECT_EQ(Slice(text, r.range).substr(Slice(text, r.range).size() - 3), "end");
  EXPECT_EQ(Slice(text, r.rule_sets[0].from.range), "2015-04-01");
  EXPECT_EQ(Slice(text, r.rule_sets[0].until.range), "2030-12-31");
  EXPECT_EQ(Slice(text, r.dated_by[1].range), "incident_date");
  const ast::Due& due = r.rule_sets[0].outcomes[0].deadlines[0].due;
  ASSERT_EQ(due.children.size(), 2u);
  EXPECT_EQ(Slice(text, due.children[0].text.range), "15");
  EXPECT_EQ(Slice(text, due.children[1].children[0].text.range), "aware_date");
}

// ---- CRLF line endings ------------------------------------------------------------------------

std::string ToCrlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

TEST(ParseCrlf, SameTreeAsLf) {
  const std::string lf = std::string(kReview) +
                         "# a comment\n"
                         "fact subject.age: integer 0 to 130 # trailing comment\n"
                         "  question \"Age?\"\n"
                         "condition c \"c\"\n  if subject.age >= 18 or not x\n"
                         "  cite statute \"A\" \"s1\"\n";
  const std::string crlf = ToCrlf(lf);
  ast::File a = ParseOk(lf);
  ast::File b = ParseOk(crlf);
  ASSERT_EQ(b.reviews.size(), 1u);
  ASSERT_EQ(b.facts.size(), 1u);
  ASSERT_EQ(b.conditions.size(), 1u);
  EXPECT_EQ(b.facts[0].question, "Age?");
  EXPECT_EQ(b.reviews[0].not_in_force->text, a.reviews[0].not_in_force->text);
  EXPECT_EQ(Show(b.conditions[0].expr), Show(a.conditions[0].expr));
  EXPECT_EQ(ShowDue(b.reviews[0].rule_sets[0].outcomes[0].deadlines[0].due),
            ShowDue(a.reviews[0].rule_sets[0].outcomes[0].deadlines[0].due));
  EXPECT_EQ(b.conditions[0].citations[0].provision, "s1");
  // Ranges are byte offsets into the CRLF text.
  EXPECT_EQ(Slice(crlf, b.conditions[0].id.range), "c");
}

TEST(ParseCrlf, ErrorPositionAndRecovery) {
  const std::string crlf = ToCrlf(
      "pack t \"T\" version \"1\"\n"
      "condition c \"c\"\n"
      "  if a and\n"
      "  cite statute \"A\" \"s1\"\n"
      "condition d \"d\"\n"
      "  if b\n");
  ParsedFile parsed = Parse("t.rules", crlf);
  ASSERT_EQ(parsed.diagnostics.size(), 1u);
  EXPECT_EQ(parsed.diagnostics[0].where.line, 4);
  EXPECT_EQ(parsed.diagnostics[0].where.column, 3);
  EXPECT_EQ(parsed.diagnostics[0].message, "expected a condition, found 'cite'");
  ASSERT_EQ(parsed.file.conditions.size(), 1u);
  EXPECT_EQ(parsed.file.conditions[0].id.name, "d");
}

// ---- Syntax errors ----------------------------------------------------------------------------

struct ErrorCase {
  std::string text;
  std::string code;
  int line;
  int column;
  std::string message;
};

void PrintTo(const ErrorCase& c, std::ostream* out) { *out << testing::PrintToString(c.text); }

class ParseError : public testing::TestWithParam<ErrorCase> {};

TEST_P(ParseError, ReportsWhereAndWhat) {
  const ErrorCase& c = GetParam();
  ParsedFile parsed = Parse("t.rules", c.text);
  ASSERT_EQ(parsed.diagnostics.size(), 1u) << c.text;
  const Diagnostic& d = parsed.diagnostics[0];
  EXPECT_EQ(d.code, c.code);
  EXPECT_EQ(d.where.file, "t.rules");
  EXPECT_EQ(d.where.line, c.line);
  EXPECT_EQ(d.where.column, c.column);
  EXPECT_EQ(d.message, c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseError,
    testing::Values(
        ErrorCase{"condition c \"c\"\n  died\n", "E101", 2, 3, "expected 'if', found 'died'"},
        ErrorCase{"condition c \"c\" if a and\n", "E101", 2, 1,
                  "expected a condition, found end of file"},
        ErrorCase{"condition c \"c\" if a >= @\n", "E101", 1, 25,
                  "expected a fact, condition or value, found '@'"},
        ErrorCase{"condition c \"c\" if (a or b\n  cite statute \"A\" \"s\"\n", "E101", 2, 3,
                  "expected ')', found 'cite'"},
        ErrorCase{"fact a: integer 0 130\n  question \"Q\"\n", "E101", 1, 19,
                  "expected 'to', found '130'"},
        ErrorCase{"fact a: number\n  question \"Q\"\n", "E101", 1, 9,
                  "expected a type (yes/no, integer LOW to HIGH, date, text or one of {...}), "
                  "found 'number'"},
        ErrorCase{"fact a yes/no\n  question \"Q\"\n", "E101", 1, 8, "expected ':', found 'yes/no'"},
        ErrorCase{"hello world\n", "E102", 1, 1,
                  "expected a declaration (pack, fact, condition, review, advisory or example), "
                  "found 'hello'"},
        ErrorCase{"pack t \"T\"\n", "E101", 2, 1, "expected 'version', found end of file"},
        ErrorCase{"example e \"E\" given x is yes expect r is a\n", "E101", 2, 1,
                  "expected an expectation (REVIEW is OUTCOME, could be, needs, assumes, flags, deadline) "
                  "or 'end', found end of file"},
        ErrorCase{"advisory a \"A\" if at least two reviews met\n", "E101", 1, 28,
                  "expected a whole number, found 'two'"}));

TEST(ParseErrors, RecoveryReportsEveryBrokenDeclaration) {
  ParsedFile parsed = Parse("t.rules",
                            "pack t \"T\" version \"1\"\n"
                            "condition a \"a\" if\n"
                            "condition b \"b\" if x\n"
                            "fact f: integer 1\n"
                            "fact g: yes/no question \"G?\"\n"
                            "condition c \"c\" if x or\n");
  ASSERT_EQ(parsed.diagnostics.size(), 3u);
  EXPECT_EQ(parsed.diagnostics[0].where.line, 3);  // 'condition' is reserved: not an expression
  EXPECT_EQ(parsed.diagnostics[1].where.line, 5);  // 'fact' is not 'to'
  EXPECT_EQ(parsed.diagnostics[2].where.line, 7);  // end of file
  ASSERT_EQ(parsed.file.conditions.size(), 1u);
  EXPECT_EQ(parsed.file.conditions[0].id.name, "b");
  ASSERT_EQ(parsed.file.facts.size(), 1u);
  EXPECT_EQ(parsed.file.facts[0].path.name, "g");
  EXPECT_EQ(parsed.file.packs.size(), 1u);
}

TEST(ParseErrors, NoteWhereTheDeclarationStarted) {
  ParsedFile parsed = Parse("t.rules", "\n\ncondition c \"c\"\n  if a and\n  cite statute \"A\" \"s\"\n");
  ASSERT_EQ(parsed.diagnostics.size(), 1u);
  ASSERT_EQ(parsed.diagnostics[0].notes.size(), 1u);
  EXPECT_EQ(parsed.diagnostics[0].notes[0].where.line, 3);
  EXPECT_EQ(parsed.diagnostics[0].notes[0].where.column, 1);
  EXPECT_EQ(parsed.diagnostics[0].notes[0].message, "while parsing the declaration that starts here");
}

TEST(ParseErrors, TooManyErrorsStops) {
  // Each error is found on the declaration's own (indented) citation line, so recovery resumes
  // at the next declaration.
  std::string text;
  for (int i = 0; i < 30; ++i) {
    text += "condition c" + std::to_string(i) + " \"c\" if\n  cite statute \"A\" \"s\"\n";
  }
  ParsedFile parsed = Parse("t.rules", text);
  ASSERT_EQ(parsed.diagnostics.size(), 21u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(parsed.diagnostics[i].code, "E101");
  EXPECT_EQ(parsed.diagnostics[20].code, "E103");
  EXPECT_EQ(parsed.diagnostics[20].message, "too many syntax errors; stopping");
}

// Every syntax message says in words what was expected: never a mangled C++ type name (which X3
// prints for an unnamed alternative or list after '>'), nor X3's own "char-set".
class ParseErrorWording : public testing::TestWithParam<std::string> {};

TEST_P(ParseErrorWording, NamesWhatWasExpectedInWords) {
  ParsedFile parsed = Parse("t.rules", GetParam());
  ASSERT_FALSE(parsed.diagnostics.empty()) << GetParam();
  for (const Diagnostic& d : parsed.diagnostics) {
    EXPECT_EQ(d.message.rfind("expected ", 0), 0u) << d.message;
    EXPECT_EQ(d.message.find("boost"), std::string::npos) << d.message;
    EXPECT_EQ(d.message.find("char-set"), std::string::npos) << d.message;
    EXPECT_LT(d.message.size(), 160u) << d.message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseErrorWording,
    testing::Values(
        // Already worded well.
        "condition c \"c\" if\n", "fact f: integer 1 2\n", "pack p\n",
        "example e \"E\" given x = 1 expect end\n",
        "review r \"R\" decided by \"B\" dated by d\n  rules r1 \"T\" in force from 2020-01-01\n"
        "    outcome o \"O\" counts as if x\n",
        // A top-level advisory whose 'if' is not a review count.
        "advisory a \"A\" if died\n",
        // An empty 'in {}' list.
        "condition c \"c\" if d in {}\n",
        // A rule set without 'in force from' or 'prospective'.
        "review r \"R\" decided by \"B\" dated by d\n  rules r1 \"T\"\n    cite statute \"A\" \"s\"\n"
        "  end\nend\n",
        // An empty option list.
        "fact e: one of { }\n  question \"Q\"\n",
        // 'dated by' without a fact path.
        "review r \"R\" decided by \"B\" dated by \"d\"\nend\n",
        // An escape other than \\" and \\\\ in a string.
        "condition c \"c\\n\" if died\n"));

// A date written without leading zeros is one error, at the date; it must not be read as the
// number 2023 followed by garbage (which then hides the citation and adds a false "no citation").
TEST(ParseErrors, MalformedDateIsOneErrorAtTheDate) {
  ParsedFile parsed = Parse("t.rules", "condition c \"c\"\n  if d < 2023-2-3\n  cite statute \"A\" \"s\"\n");
  ASSERT_EQ(parsed.diagnostics.size(), 1u);
  EXPECT_EQ(parsed.diagnostics[0].where.line, 2);
  EXPECT_EQ(parsed.diagnostics[0].where.column, 10) << parsed.diagnostics[0].message;
}

TEST(ParseErrors, UnterminatedStringIsReportedOnItsLine) {
  ParsedFile parsed = Parse("t.rules", "fact a: yes/no\n  question \"Q?\n  help \"H\"\n");
  ASSERT_GE(parsed.diagnostics.size(), 1u);
  EXPECT_EQ(parsed.diagnostics[0].code, "E101");
  EXPECT_EQ(parsed.diagnostics[0].where.line, 2);
}

}  // namespace
}  // namespace threshold::parse
