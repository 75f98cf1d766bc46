// The Spirit X3 grammar of rule files (docs/language.md section 3). Only grammar.cc includes
// this file. Layout follows the Spirit examples: helpers and tokens, rule objects (whose names
// are the noun phrases users see in "expected ..." messages), then the definitions from the top
// of the grammar down, each under its EBNF production, and BOOST_SPIRIT_DEFINE.
//
// The AST is built with semantic actions that assign into plain structs, so no Fusion adaptation
// is needed and the AST stays free of Boost types. `>` (expectation) follows anything that
// commits to a construct, which decides where a syntax error is reported.
#ifndef THRESHOLD_PARSE_GRAMMAR_DEF_H_
#define THRESHOLD_PARSE_GRAMMAR_DEF_H_

#include <string>
#include <utility>

#include <boost/fusion/include/at_c.hpp>
#include <boost/spirit/home/x3.hpp>

#include "parse/ast.h"
#include "parse/grammar.h"

// Composite parsers report what their parts expect, so a message says "expected a condition"
// rather than a mangled C++ type name: an action or directive what its subject expects, a
// sequence or list what its first part expects, an alternative both sides.
namespace boost::spirit::x3 {
template <typename Subject, typename Action>
struct get_info<action<Subject, Action>> {
  typedef std::string result_type;
  std::string operator()(action<Subject, Action> const& p) const { return what(p.subject); }
};
template <typename Left, typename Right>
struct get_info<alternative<Left, Right>> {
  typedef std::string result_type;
  std::string operator()(alternative<Left, Right> const& p) const {
    return what(p.left) + " or " + what(p.right);
  }
};
template <typename Left, typename Right>
struct get_info<sequence<Left, Right>> {
  typedef std::string result_type;
  std::string operator()(sequence<Left, Right> const& p) const { return what(p.left); }
};
template <typename Left, typename Right>
struct get_info<list<Left, Right>> {
  typedef std::string result_type;
  std::string operator()(list<Left, Right> const& p) const { return what(p.left); }
};
template <typename Subject>
struct get_info<kleene<Subject>> {
  typedef std::string result_type;
  std::string operator()(kleene<Subject> const& p) const { return what(p.subject); }
};
template <typename Subject>
struct get_info<optional<Subject>> {
  typedef std::string result_type;
  std::string operator()(optional<Subject> const& p) const { return what(p.subject); }
};
template <typename Subject>
struct get_info<lexeme_directive<Subject>> {
  typedef std::string result_type;
  std::string operator()(lexeme_directive<Subject> const& p) const { return what(p.subject); }
};
template <typename Subject>
struct get_info<raw_directive<Subject>> {
  typedef std::string result_type;
  std::string operator()(raw_directive<Subject> const& p) const { return what(p.subject); }
};
}  // namespace boost::spirit::x3

namespace threshold::parse::grammar {

namespace x3 = boost::spirit::x3;
using x3::_attr;
using x3::_val;

// ---- Context and annotation ----------------------------------------------------------------

// The start of the source, so node ranges can be byte offsets.
struct source_begin_tag;

// ---- Nesting limit -------------------------------------------------------------------------

// The grammar is recursive descent: every '(' and every 'not' in a condition, and every
// 'N days after' in a due date, is one more level of C++ recursion (several X3 frames each), and
// the AST, the checker and the evaluator recurse the same way. 100,000 nested parentheses would
// overflow the stack, so nesting is counted and refused beyond kMaxNesting levels (E104) long
// before that. No real rule nests more than a handful of levels.
struct nesting_tag;  // the context holds an int&: the current depth

// Thrown when a nested construct would go deeper than kMaxNesting; caught in ParseDeclaration.
struct NestingTooDeep {
  const char* where;
};

// nested[p]: parses p one level deeper, refusing to start a level beyond the limit. The depth is
// restored however p ends (success, failure or an expectation failure thrown through it).
template <typename Subject>
struct nesting_directive : x3::unary_parser<Subject, nesting_directive<Subject>> {
  using base_type = x3::unary_parser<Subject, nesting_directive<Subject>>;
  static bool const is_pass_through_unary = true;
  static bool const handles_container = Subject::handles_container;
  constexpr nesting_directive(Subject const& subject) : base_type(subject) {}

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext& rcontext,
             Attribute& attr) const {
    int& depth = x3::get<nesting_tag>(context);
    if (depth >= kMaxNesting) {
      Iterator at = first;
      x3::skip_over(at, last, context);
      throw NestingTooDeep{&*at};
    }
    struct Level {
      int& depth;
      explicit Level(int& d) : depth(d) { ++depth; }
      ~Level() { --depth; }
    } level(depth);
    return this->subject.parse(first, last, context, rcontext, attr);
  }
};
struct nesting_gen {
  template <typename Subject>
  constexpr nesting_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
      Subject const& subject) const {
    return {x3::as_parser(subject)};
  }
};
constexpr auto nested = nesting_gen{};

// Wraps a rule's right-hand side so the node records the byte range it matched. (An
// on_success handler cannot do this: X3 passes it an unused attribute whenever the right-hand
// side has semantic actions, as ours all do.)
// Where a declaration really ends: X3 has already skipped the blanks and comments after its last
// token (looking for more clauses), so step back over them.
inline const char* TrimEnd(const char* begin, const char* end) {
  // Skipped blanks and comments always end in white space, so most nodes return at once.
  if (end == begin || !(end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r')) return end;
  while (true) {
    while (end > begin && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r')) --end;
    // A '#' outside a string on this line starts a comment that ends here.
    const char* line = end;
    while (line > begin && line[-1] != '\n') --line;
    const char* comment = nullptr;
    bool in_string = false;
    for (const char* p = line; p < end; ++p) {
      if (*p == '\\' && in_string) {
        ++p;
      } else if (*p == '"') {
        in_string = !in_string;
      } else if (*p == '#' && !in_string) {
        comment = p;
        break;
      }
    }
    if (!comment) return end;
    end = comment;
  }
}

inline auto record_range = [](auto& ctx) {
  const char* base = x3::get<source_begin_tag>(ctx);
  auto& matched = _attr(ctx);
  const char* first = &*matched.begin();
  _val(ctx).range.begin = static_cast<uint32_t>(first - base);
  _val(ctx).range.end = static_cast<uint32_t>(TrimEnd(first, first + (matched.end() - matched.begin())) - base);
};
template <typename Parser>
auto located(Parser const& parser) {
  return x3::raw[parser][record_range];
}

// ---- Semantic-action helpers ----------------------------------------------------------------

// Assigns the matched attribute to a member of the rule's value.
template <typename Member>
auto set(Member member) {
  return [member](auto& ctx) { _val(ctx).*member = std::move(_attr(ctx)); };
}
// Appends the matched attribute to a vector member of the rule's value.
template <typename Member>
auto push(Member member) {
  return [member](auto& ctx) { (_val(ctx).*member).push_back(std::move(_attr(ctx))); };
}
// Sets a member to a fixed value.
template <typename Member, typename Value>
auto put(Member member, Value value) {
  return [member, value](auto& ctx) { _val(ctx).*member = value; };
}
// Makes the matched attribute the rule's value.
inline auto assign = [](auto& ctx) { _val(ctx) = std::move(_attr(ctx)); };
// Copies raw matched text into an Ident's name.
inline auto raw_to_name = [](auto& ctx) {
  auto& matched = _attr(ctx);
  _val(ctx).name.assign(matched.begin(), matched.end());
  const char* base = x3::get<source_begin_tag>(ctx);
  _val(ctx).range.begin = static_cast<uint32_t>(matched.begin() - base);
  _val(ctx).range.end = static_cast<uint32_t>(matched.end() - base);
};

// Joins the rule's value and the new operand under a logical operator, flattening chains.
template <ast::Expr::Kind kKind>
auto join_logical() {
  return [](auto& ctx) {
    ast::Expr& value = _val(ctx);
    if (value.kind != kKind) {
      ast::Expr joined;
      joined.kind = kKind;
      joined.range.begin = value.range.begin;
      joined.children.push_back(std::move(value));
      value = std::move(joined);
    }
    value.range.end = _attr(ctx).range.end;
    value.children.push_back(std::move(_attr(ctx)));
  };
}

inline auto make_not = [](auto& ctx) {
  ast::Expr node;
  node.kind = ast::Expr::Kind::kNot;
  node.children.push_back(std::move(_attr(ctx)));
  _val(ctx) = std::move(node);
};

inline void MakeCompare(ast::Expr& value, std::string op, ast::Expr right) {
  ast::Expr node;
  node.kind = ast::Expr::Kind::kCompare;
  node.op = std::move(op);
  node.children.push_back(std::move(value));
  node.children.push_back(std::move(right));
  value = std::move(node);
}

inline auto make_compare = [](auto& ctx) {
  auto& matched = _attr(ctx);
  MakeCompare(_val(ctx), std::move(boost::fusion::at_c<0>(matched)),
              std::move(boost::fusion::at_c<1>(matched)));
};
inline auto make_is = [](auto& ctx) { MakeCompare(_val(ctx), "=", std::move(_attr(ctx))); };
inline auto make_is_not = [](auto& ctx) { MakeCompare(_val(ctx), "!=", std::move(_attr(ctx))); };
inline auto make_in = [](auto& ctx) {
  ast::Expr node;
  node.kind = ast::Expr::Kind::kIn;
  node.children.push_back(std::move(_val(ctx)));
  for (auto& listed : _attr(ctx)) node.children.push_back(std::move(listed));
  _val(ctx) = std::move(node);
};

template <ast::LiteralKind kKind>
auto make_literal() {
  return [](auto& ctx) {
    auto& matched = _attr(ctx);
    ast::Expr& value = _val(ctx);
    value.kind = ast::Expr::Kind::kLiteral;
    value.literal = kKind;
    value.text.assign(matched.begin(), matched.end());
  };
}
inline auto make_bool(bool truth) {
  return [truth](auto& ctx) {
    ast::Expr& value = _val(ctx);
    value.kind = ast::Expr::Kind::kLiteral;
    value.literal = ast::LiteralKind::kBool;
    value.text = truth ? "yes" : "no";
  };
}
inline auto make_string = [](auto& ctx) {
  ast::Expr& value = _val(ctx);
  value.kind = ast::Expr::Kind::kLiteral;
  value.literal = ast::LiteralKind::kString;
  value.text = std::move(_attr(ctx));
};
inline auto make_name = [](auto& ctx) {
  ast::Expr& value = _val(ctx);
  value.kind = ast::Expr::Kind::kName;
  value.text = std::move(_attr(ctx).name);
};
// review_ref = "review" ident ( "is" ident | "in" "{" ident { "," ident } "}" ) ;
inline auto make_review_ref = [](auto& ctx) {
  ast::Expr& value = _val(ctx);
  value.kind = ast::Expr::Kind::kReview;
};
inline auto set_review_name = [](auto& ctx) { _val(ctx).text = _attr(ctx).name; };
inline auto push_review_outcome = [](auto& ctx) {
  ast::Expr outcome;
  outcome.kind = ast::Expr::Kind::kName;
  outcome.text = _attr(ctx).name;
  outcome.range = _attr(ctx).range;
  _val(ctx).children.push_back(std::move(outcome));
};

// A value after "derive VALUE when F in {": it belongs to the fact named last.
inline auto push_derive_value = [](auto& ctx) {
  ast::Derive& derive = _val(ctx);
  derive.given_in_of.push_back(derive.given.empty() ? 0 : derive.given.size() - 1);
  derive.given_in.push_back(std::move(_attr(ctx)));
};

inline auto make_known = [](auto& ctx) {
  ast::Expr& value = _val(ctx);
  value.kind = ast::Expr::Kind::kKnown;
  value.text = std::move(_attr(ctx).name);
};

inline auto due_after = [](auto& ctx) {
  auto& matched = _attr(ctx);
  ast::Due& value = _val(ctx);
  value.kind = ast::Due::Kind::kAfter;
  value.text = std::move(boost::fusion::at_c<0>(matched));
  value.unit = boost::fusion::at_c<1>(matched);
  value.children.push_back(std::move(boost::fusion::at_c<2>(matched)));
};
inline auto due_else = [](auto& ctx) {
  ast::Due& value = _val(ctx);
  if (value.kind != ast::Due::Kind::kElse) {
    ast::Due joined;
    joined.kind = ast::Due::Kind::kElse;
    joined.children.push_back(std::move(value));
    value = std::move(joined);
  }
  value.children.push_back(std::move(_attr(ctx)));
};

// ---- Tokens ---------------------------------------------------------------------------------

// Words that can never be identifiers, so that lists of clauses end where a keyword starts.
struct reserved_words_table : x3::symbols<> {
  reserved_words_table() {
    for (const char* word :
         {"and", "or", "not", "in", "is", "if", "end", "cite", "rules", "review", "outcome",
          "otherwise", "condition", "fact", "flag", "advisory", "example", "given", "expect",
          "deadline", "due", "pack", "using", "else", "question", "help", "sensitivity",
          "derive", "assume", "because"}) {
      add(word);
    }
  }
};
const reserved_words_table reserved_words;

struct compare_table : x3::symbols<std::string> {
  compare_table() {
    add("=", "=")("!=", "!=")("<", "<")("<=", "<=")(">", ">")(">=", ">=");
  }
};
const compare_table compare_ops;

struct unit_table : x3::symbols<ast::Due::Unit> {
  unit_table() {
    add("day", ast::Due::Unit::kDays)("days", ast::Due::Unit::kDays)(
        "month", ast::Due::Unit::kMonths)("months", ast::Due::Unit::kMonths);
  }
};
const unit_table plain_units;

const auto word_end = !(x3::alnum | x3::char_('_'));

// A keyword is a whole word: "cited" is not "cite". Named in quotes so messages read
// "expected 'if'".
struct keyword_class {};
struct guard_class {};
inline auto kw(char const* word, char const* name) {
  return x3::rule<keyword_class>{name} = x3::lexeme[x3::lit(word) >> word_end];
}

const auto reserved = x3::lexeme[reserved_words >> word_end];

// A zero-width check that names what must come next. Placed after '>', it makes a failed
// alternative or list report one readable phrase ("expected 'in force from DATE' or
// 'prospective'") at the right place.
template <typename Parser>
auto guard(char const* name, Parser const& parser) {
  return x3::rule<guard_class>{name} = &parser;
}

// Digits and dashes that are not YYYY-MM-DD ("2023-2-3") would otherwise read as the number 2023
// followed by garbage: report them at once as a badly written date.
inline auto reject_date = [](auto& ctx) {
  throw x3::expectation_failure<const char*>(&*_attr(ctx).begin(),
                                             "a date written YYYY-MM-DD (for example 2023-02-03)");
};
const auto malformed_date =
    x3::lexeme[x3::raw[+x3::digit >> '-' >> +x3::digit >> '-' >> +x3::digit] >> word_end][reject_date];
const auto word_chars = (x3::alpha | x3::char_('_')) >> *(x3::alnum | x3::char_('_'));

// ---- Rules ----------------------------------------------------------------------------------

struct evidence_class {};
struct close_quote_class {};
struct escaped_char_class {};
struct unit_class {};
struct rule_set_end_class {};
struct review_end_class {};
struct given_end_class {};
struct example_end_class {};
struct ident_class;
struct path_class;
struct date_text_class;
struct number_text_class;
struct string_lit_class;
struct citation_class;
struct or_expr_class;
struct and_expr_class;
struct not_expr_class;
struct comparison_class;
struct operand_class;
struct value_class;
struct known_call_class;
struct review_ref_class;
struct option_class;
struct fact_type_class;
struct derive_class;
struct assumption_class;
struct fact_class;
struct condition_class;
struct due_class;
struct due_term_class;
struct deadline_class;
struct outcome_class;
struct otherwise_class;
struct flag_class;
struct advisory_class;
struct rule_set_class;
struct not_in_force_class;
struct review_class;
struct top_advisory_class;
struct given_class;
struct expectation_class;
struct using_class;
struct example_class;
struct pack_class;
struct declaration_class;

const x3::rule<ident_class, ast::Ident> ident = "a name";
const x3::rule<path_class, ast::Ident> path = "a fact path";
const x3::rule<date_text_class, ast::Ident> date_text = "a date (YYYY-MM-DD)";
const x3::rule<number_text_class, ast::Ident> number_text = "a whole number";
const x3::rule<string_lit_class, std::string> string_lit = "a string in double quotes";
const x3::rule<citation_class, ast::Citation> citation = "a citation";
const x3::rule<or_expr_class, ast::Expr> or_expr = "a condition";
const x3::rule<and_expr_class, ast::Expr> and_expr = "a condition";
const x3::rule<not_expr_class, ast::Expr> not_expr = "a condition";
const x3::rule<comparison_class, ast::Expr> comparison = "a condition";
const x3::rule<operand_class, ast::Expr> operand = "a fact, condition or value";
const x3::rule<value_class, ast::Expr> value = "a value";
const x3::rule<known_call_class, ast::Expr> known_call = "known(fact)";
const x3::rule<review_ref_class, ast::Expr> review_ref = "'review ID is OUTCOME'";
const x3::rule<option_class, ast::Option> option = "an option (name \"Label\")";
const x3::rule<fact_type_class, ast::TypeSpec> fact_type =
    "a type (yes/no, integer LOW to HIGH, date, text or one of {...})";
const x3::rule<derive_class, ast::Derive> derive =
    "'age from DATE on DATE' or 'VALUE when FACT given'";
const x3::rule<assumption_class, ast::Assumption> assumption = "an assumption";
const x3::rule<fact_class, ast::Fact> fact = "a fact declaration";
const x3::rule<condition_class, ast::Condition> condition = "a condition declaration";
const x3::rule<due_class, ast::Due> due = "a due date";
const x3::rule<due_term_class, ast::Due> due_term = "a due date";
const x3::rule<deadline_class, ast::Deadline> deadline = "a deadline";
const x3::rule<outcome_class, ast::Outcome> outcome = "an outcome";
const x3::rule<otherwise_class, ast::Outcome> otherwise = "an otherwise outcome";
const x3::rule<flag_class, ast::Raise> flag = "a flag";
const x3::rule<advisory_class, ast::Raise> advisory = "an advisory";
const x3::rule<rule_set_class, ast::RuleSet> rule_set = "a rule set";
const x3::rule<not_in_force_class, ast::NotInForce> not_in_force = "'not in force'";
const x3::rule<review_class, ast::Review> review = "a review";
const x3::rule<top_advisory_class, ast::TopAdvisory> top_advisory = "an advisory";
const x3::rule<given_class, ast::Given> given = "a given fact";
const x3::rule<expectation_class, ast::Expectation> expectation = "an expectation";
const x3::rule<using_class, ast::UsingRuleSet> using_rule_set = "'using REVIEW = RULESET'";
const x3::rule<example_class, ast::Example> example = "an example";
const x3::rule<pack_class, ast::Pack> pack = "a pack declaration";
const x3::rule<declaration_class, ast::File> declaration =
    "a declaration (pack, fact, condition, review, advisory or example)";

// ---- Grammar --------------------------------------------------------------------------------

// ident = letter { letter | digit | "_" } - reserved ;
const auto ident_def = x3::lexeme[!reserved >> x3::raw[word_chars]][raw_to_name];
// path = ident { "." ident } ;
const auto path_def =
    x3::lexeme[!reserved >> x3::raw[word_chars >> *('.' >> word_chars)]][raw_to_name];
// date = digit{4} "-" digit{2} "-" digit{2} ;
const auto date_text_def =
    x3::lexeme[x3::raw[x3::repeat(4)[x3::digit] >> '-' >> x3::repeat(2)[x3::digit] >> '-' >>
                       x3::repeat(2)[x3::digit]] >>
               word_end][raw_to_name] |
    malformed_date;
// number = [ "-" ] digit { digit } ;
const auto number_text_def =
    x3::lexeme[x3::raw[-x3::char_('-') >> +x3::digit] >> word_end][raw_to_name];
const auto close_quote = x3::rule<close_quote_class>{"'\"' to close the string"} = x3::lit('"');
const auto escaped_char = x3::rule<escaped_char_class, char>{"an escape (\\\" or \\\\)"} = x3::char_("\"\\");
// string = '"' { char | '\"' | '\\' } '"' ;
const auto string_lit_def = x3::lexeme['"' > *(('\\' > escaped_char) | ~x3::char_("\"\\\n")) > close_quote];

const auto evidence_level = x3::rule<evidence_class, std::string>{
    "an evidence level (statute, regulation, guidance or practice)"} =
    x3::lexeme[x3::raw[x3::lit("statute") | x3::lit("regulation") | x3::lit("guidance") |
                       x3::lit("practice")] >>
               word_end][([](auto& ctx) {
      auto& matched = _attr(ctx);
      _val(ctx).assign(matched.begin(), matched.end());
    })];

// citation = "cite" evidence string string [ "note" string ] ;
const auto citation_def =
    located(
    kw("cite", "'cite'") > evidence_level[set(&ast::Citation::evidence)] >
    string_lit[set(&ast::Citation::instrument)] > string_lit[set(&ast::Citation::provision)] >
    -(kw("note", "'note'") > string_lit[set(&ast::Citation::note)]));

// expr = and_expr { "or" and_expr } ;
const auto or_expr_def =
    and_expr[assign] >> *(kw("or", "'or'") > and_expr[join_logical<ast::Expr::Kind::kOr>()]);
// and_expr = not_expr { "and" not_expr } ;
const auto and_expr_def =
    not_expr[assign] >> *(kw("and", "'and'") > not_expr[join_logical<ast::Expr::Kind::kAnd>()]);
// not_expr = "not" not_expr | comparison ;
// Every 'not' and every '(' passes through here, so this is where nesting is counted.
const auto not_expr_def = nested[located((kw("not", "'not'") > not_expr[make_not]) | comparison[assign])];
// comparison = operand [ op operand | "is" ["not"] operand | "in" "{" value {"," value} "}" ] ;
const auto comparison_def =
    located(
    operand[assign] >>
    -((compare_ops > operand)[make_compare] |
      ((kw("is", "'is'") >> kw("not", "'not'")) > operand[make_is_not]) |
      (kw("is", "'is'") > operand[make_is]) |
      (kw("in", "'in'") > '{' > (value % ',')[make_in] > '}')));
// operand = "(" expr ")" | "known" "(" path ")" | value ;
const auto operand_def = located(
    ('(' > or_expr[assign] > ')') | known_call[assign] | review_ref[assign] | value[assign]);
// review_ref = "review" ident ( "is" ident | "in" "{" ident { "," ident } "}" ) : another review's
// outcome (met: any outcome that counts as met).
const auto review_ref_def = located(
    kw("review", "'review'")[make_review_ref] > ident[set_review_name] >
    ((kw("is", "'is'") > ident[push_review_outcome]) |
     (kw("in", "'in'") > '{' > (ident[push_review_outcome] % ',') > '}')));
const auto known_call_def = located(
    (kw("known", "'known'") >> '(') > path[make_known] > ')');
// value = date | int | "yes" | "no" | "true" | "false" | string | path ;
const auto value_def =
    located(
    x3::lexeme[x3::raw[x3::repeat(4)[x3::digit] >> '-' >> x3::repeat(2)[x3::digit] >> '-' >>
                       x3::repeat(2)[x3::digit]] >>
               word_end][make_literal<ast::LiteralKind::kDate>()] |
    malformed_date |
    x3::lexeme[x3::raw[-x3::char_('-') >> +x3::digit] >> word_end]
              [make_literal<ast::LiteralKind::kInt>()] |
    (kw("yes", "'yes'") | kw("true", "'true'"))[make_bool(true)] |
    (kw("no", "'no'") | kw("false", "'false'"))[make_bool(false)] | string_lit[make_string] |
    path[make_name]);

// option = ident string ;
const auto option_def = located(
    ident[set(&ast::Option::id)] > string_lit[set(&ast::Option::label)]);
// type = "yes/no" | "integer" int "to" int | "date" | "text" | "one" "of" "{" option {"," option} "}" ;
const auto fact_type_def =
    located(
    (x3::lexeme[x3::lit("yes/no") >> word_end] | kw("boolean", "'boolean'"))
        [put(&ast::TypeSpec::kind, ast::TypeSpec::Kind::kBool)] |
    (kw("integer", "'integer'")[put(&ast::TypeSpec::kind, ast::TypeSpec::Kind::kInt)] >
     number_text[set(&ast::TypeSpec::low)] > kw("to", "'to'") >
     number_text[set(&ast::TypeSpec::high)]) |
    kw("date", "'date'")[put(&ast::TypeSpec::kind, ast::TypeSpec::Kind::kDate)] |
    kw("text", "'text'")[put(&ast::TypeSpec::kind, ast::TypeSpec::Kind::kText)] |
    (kw("one", "'one'")[put(&ast::TypeSpec::kind, ast::TypeSpec::Kind::kEnum)] >
     kw("of", "'of'") > '{' > (option[push(&ast::TypeSpec::options)] % ',') > '}'));
// derive = "age" "from" path "on" path { "else" path } [ "else" "from" path "at" path ]
//        | value "when" derive_when { "or" derive_when } [ "given" ] ;
// derive_when = path [ "in" "{" value { "," value } "}" ] ;
const auto derive_when =
    path[push(&ast::Derive::given)] >
    -(kw("in", "'in'") > '{' > (value[push_derive_value] % ',') > '}');
const auto derive_def = located(
    ((kw("age", "'age'") >> kw("from", "'from'")) > path[set(&ast::Derive::from)] > kw("on", "'on'") >
     path[push(&ast::Derive::on)] > *((kw("else", "'else'") >> !kw("from", "'from'")) > path[push(&ast::Derive::on)]) >
     -((kw("else", "'else'") >> kw("from", "'from'")) > path[set(&ast::Derive::carry_age)] > kw("at", "'at'") >
       path[set(&ast::Derive::carry_date)])) |
    (value[set(&ast::Derive::value)] > kw("when", "'when'")[put(&ast::Derive::implied, true)] >
     derive_when > *(kw("or", "'or'") > derive_when) > -kw("given", "'given'")));
// assumption = "assume" value [ "if" expr ] "because" string { citation } ;
const auto assumption_def = located(
    kw("assume", "'assume'") > value[set(&ast::Assumption::value)] >
    -(kw("if", "'if'") > or_expr[set(&ast::Assumption::when)]) > kw("because", "'because'") >
    string_lit[set(&ast::Assumption::because)] > *citation[push(&ast::Assumption::citations)]);
// fact = "fact" path ":" type "question" string [ "help" string ] [ "sensitivity" level ]
//        [ "derive" derive ] { citation } { assumption } ;
const auto fact_def =
    located(
    kw("fact", "'fact'") > path[set(&ast::Fact::path)] > ':' > fact_type[set(&ast::Fact::type)] >
    kw("question", "'question'") > string_lit[set(&ast::Fact::question)] >
    -(kw("help", "'help'") > string_lit[set(&ast::Fact::help)]) >
    -(kw("sensitivity", "'sensitivity'") > ident[set(&ast::Fact::sensitivity)]) >
    -(kw("derive", "'derive'") > derive[set(&ast::Fact::derive)]) >
    *citation[push(&ast::Fact::citations)] > *assumption[push(&ast::Fact::assumptions)]);
// condition = "condition" ident string "if" expr { citation } ;
const auto condition_def =
    located(
    kw("condition", "'condition'") > ident[set(&ast::Condition::id)] >
    string_lit[set(&ast::Condition::text)] > kw("if", "'if'") > or_expr[set(&ast::Condition::expr)] >
    *citation[push(&ast::Condition::citations)]);

// due = due_term { "else" due_term } ;
const auto due_def = located(
    due_term[assign] >> *(kw("else", "'else'") > due_term[due_else]));
const auto unit = x3::rule<unit_class, ast::Due::Unit>{
    "a unit (working days, days or months)"} =
    (kw("working", "'working'") >> (kw("days", "'days'") | kw("day", "'day'")) >>
     x3::attr(ast::Due::Unit::kWorkingDays)) |
    x3::lexeme[plain_units >> word_end];
// due_term = int unit "after" due_term | date | path ;
// Every 'N days after' nests one level deeper, so due dates count towards the nesting limit too.
const auto due_term_def =
    nested[located(
    date_text[set(&ast::Due::text)][put(&ast::Due::kind, ast::Due::Kind::kDate)] |
    (number_text > unit > kw("after", "'after'") > due_term)[due_after] |
    path[set(&ast::Due::text)][put(&ast::Due::kind, ast::Due::Kind::kFact)])];
// deadline = "deadline" ident string "due" due { citation } ;
const auto deadline_def =
    located(
    kw("deadline", "'deadline'") > ident[set(&ast::Deadline::id)] >
    string_lit[set(&ast::Deadline::text)] > kw("due", "'due'") > due[set(&ast::Deadline::due)] >
    *citation[push(&ast::Deadline::citations)]);

const auto counts_as_met =
    kw("counts", "'counts'") > kw("as", "'as'") > kw("met", "'met'");
// outcome = "outcome" ident string [ "counts" "as" "met" ] "if" expr { citation } { deadline } ;
const auto outcome_def =
    located(
    kw("outcome", "'outcome'") > ident[set(&ast::Outcome::id)] >
    string_lit[set(&ast::Outcome::summary)] >
    -counts_as_met[put(&ast::Outcome::counts_as_met, true)] > kw("if", "'if'") >
    or_expr[set(&ast::Outcome::when)] > *citation[push(&ast::Outcome::citations)] >
    *deadline[push(&ast::Outcome::deadlines)]);
// otherwise = "otherwise" ident string [ "counts" "as" "met" ] { citation } { deadline } ;
const auto otherwise_def =
    located(
    kw("otherwise", "'otherwise'")[put(&ast::Outcome::otherwise, true)] >
    ident[set(&ast::Outcome::id)] > string_lit[set(&ast::Outcome::summary)] >
    -counts_as_met[put(&ast::Outcome::counts_as_met, true)] >
    *citation[push(&ast::Outcome::citations)] > *deadline[push(&ast::Outcome::deadlines)]);
// flag = "flag" ident string "if" expr { citation } ;
const auto flag_def = located(
    kw("flag", "'flag'")[put(&ast::Raise::is_flag, true)] >
                      ident[set(&ast::Raise::id)] > string_lit[set(&ast::Raise::text)] >
                      kw("if", "'if'") > or_expr[set(&ast::Raise::when)] >
                      *citation[push(&ast::Raise::citations)]);
// advisory = "advisory" ident string "if" expr { citation } ;
const auto advisory_def = located(
    kw("advisory", "'advisory'") > ident[set(&ast::Raise::id)] >
                          string_lit[set(&ast::Raise::text)] > kw("if", "'if'") >
                          or_expr[set(&ast::Raise::when)] >
                          *citation[push(&ast::Raise::citations)]);

const auto rule_set_end = x3::rule<rule_set_end_class>{
    "a condition, outcome, otherwise, flag, advisory or 'end'"} = kw("end", "'end'");
// rule_set = "rules" ident string ( "in" "force" "from" date [ "until" date ] | "prospective" )
//            { citation } { condition | outcome | otherwise | flag | advisory } "end" ;
const auto rule_set_def =
    located(
    kw("rules", "'rules'") > ident[set(&ast::RuleSet::id)] >
    string_lit[set(&ast::RuleSet::title)] >
    guard("'in force from DATE' or 'prospective'", kw("in", "'in'") | kw("prospective", "'prospective'")) >
    ((kw("in", "'in'") > kw("force", "'force'") > kw("from", "'from'") >
      date_text[set(&ast::RuleSet::from)] >
      -(kw("until", "'until'") > date_text[set(&ast::RuleSet::until)])) |
     kw("prospective", "'prospective'")[put(&ast::RuleSet::prospective, true)]) >
    *citation[push(&ast::RuleSet::citations)] >
    *(condition[push(&ast::RuleSet::conditions)] | outcome[push(&ast::RuleSet::outcomes)] |
      otherwise[push(&ast::RuleSet::outcomes)] | flag[push(&ast::RuleSet::raises)] |
      advisory[push(&ast::RuleSet::raises)]) >
    rule_set_end);

// not_in_force = "not" "in" "force" string { citation } ;
const auto not_in_force_def = located(
    (kw("not", "'not'") >> kw("in", "'in'")) > kw("force", "'force'") >
                              string_lit[set(&ast::NotInForce::text)] >
                              *citation[push(&ast::NotInForce::citations)]);
const auto review_end = x3::rule<review_end_class>{"a rule set ('rules') or 'end'"} =
    kw("end", "'end'");
// review = "review" ident string "decided" "by" string "dated" "by" path { "," path }
//          { citation } [ not_in_force ] { rule_set } "end" ;
const auto review_def =
    located(
    kw("review", "'review'") > ident[set(&ast::Review::id)] > string_lit[set(&ast::Review::title)] >
    kw("decided", "'decided'") > kw("by", "'by'") > string_lit[set(&ast::Review::decided_by)] >
    kw("dated", "'dated'") > kw("by", "'by'") > (path[push(&ast::Review::dated_by)] % ',') >
    *citation[push(&ast::Review::citations)] > -not_in_force[set(&ast::Review::not_in_force)] >
    *rule_set[push(&ast::Review::rule_sets)] > review_end);

// top_advisory = "advisory" ident string "if" ( "at" "least" int "reviews" "met"
//                | "no" "review" "met" ) [ "among" "{" ident { "," ident } "}" ] { citation } ;
const auto top_advisory_def =
    located(
    kw("advisory", "'advisory'") > ident[set(&ast::TopAdvisory::id)] >
    string_lit[set(&ast::TopAdvisory::text)] > kw("if", "'if'") >
    guard("'at least N reviews met' or 'no review met'", kw("at", "'at'") | kw("no", "'no'")) >
    ((kw("at", "'at'") > kw("least", "'least'") > number_text[set(&ast::TopAdvisory::at_least)] >
      kw("reviews", "'reviews'") > kw("met", "'met'")) |
     (kw("no", "'no'") > kw("review", "'review'") > kw("met", "'met'"))) >
    -(kw("among", "'among'") > '{' > (ident[push(&ast::TopAdvisory::among)] % ',') > '}') >
    *citation[push(&ast::TopAdvisory::citations)]);

// given = path "is" value ;
const auto given_def = located(
    (path[set(&ast::Given::path)] >> kw("is", "'is'")) > value[set(&ast::Given::value)]);
const auto ident_list = -(ident[push(&ast::Expectation::items)] % ',');
const auto path_list = -(path[push(&ast::Expectation::items)] % ',');
// expectation = ident ( "is" ident | "could" "be" "{" idents "}" | "needs" "{" paths "}"
//               | "assumes" "{" paths "}" | "flags" "{" idents "}" | "deadline" ident "due" date ) ;
const auto expectation_def =
    located(
    ident[set(&ast::Expectation::review)] >>
    ((kw("is", "'is'")[put(&ast::Expectation::kind, ast::Expectation::Kind::kIs)] >
      ident[push(&ast::Expectation::items)]) |
     (kw("could", "'could'")[put(&ast::Expectation::kind, ast::Expectation::Kind::kCouldBe)] >
      kw("be", "'be'") > '{' > ident_list > '}') |
     (kw("needs", "'needs'")[put(&ast::Expectation::kind, ast::Expectation::Kind::kNeeds)] >
      '{' > path_list > '}') |
     (kw("assumes", "'assumes'")[put(&ast::Expectation::kind, ast::Expectation::Kind::kAssumes)] >
      '{' > path_list > '}') |
     (kw("flags", "'flags'")[put(&ast::Expectation::kind, ast::Expectation::Kind::kFlags)] >
      -kw("only", "'only'")[put(&ast::Expectation::only, true)] > '{' > ident_list > '}') |
     (kw("advises", "'advises'")[put(&ast::Expectation::kind, ast::Expectation::Kind::kAdvises)] >
      -kw("only", "'only'")[put(&ast::Expectation::only, true)] > '{' > ident_list > '}') |
     (kw("deadline", "'deadline'")[put(&ast::Expectation::kind,
                                       ast::Expectation::Kind::kDeadline)] >
      ident[push(&ast::Expectation::items)] > kw("due", "'due'") >
      date_text[push(&ast::Expectation::items)])));
const auto using_rule_set_def = located(
    kw("using", "'using'") > ident[set(&ast::UsingRuleSet::review)] > '=' >
                       ident[set(&ast::UsingRuleSet::rule_set)]);
const auto given_end = x3::rule<given_end_class>{"a given fact (PATH is VALUE) or 'expect'"} =
    kw("expect", "'expect'");
const auto example_end = x3::rule<example_end_class>{
    "an expectation (REVIEW is OUTCOME, could be, needs, assumes, flags, deadline) or 'end'"} =
    kw("end", "'end'");
// example = "example" ident string [ "as" "of" date ] { using } "given" { given }
//           "expect" { expectation } "end" ;
const auto example_def =
    located(
    kw("example", "'example'") > ident[set(&ast::Example::id)] >
    string_lit[set(&ast::Example::title)] >
    -(kw("as", "'as'") > kw("of", "'of'") > date_text[set(&ast::Example::as_of)]) >
    *using_rule_set[push(&ast::Example::using_rule_sets)] > kw("given", "'given'") >
    *given[push(&ast::Example::given)] > given_end > *expectation[push(&ast::Example::expect)] >
    example_end);

// pack = "pack" ident string "version" string [ "calendar" string ] [ "reviews" ident { "," ident } ] ;
const auto pack_def = located(
    kw("pack", "'pack'") > ident[set(&ast::Pack::id)] >
                      string_lit[set(&ast::Pack::title)] > kw("version", "'version'") >
                      string_lit[set(&ast::Pack::version)] >
                      -(kw("calendar", "'calendar'") > string_lit[set(&ast::Pack::calendar)]) >
                      -(kw("reviews", "'reviews'") > (ident[push(&ast::Pack::reviews)] % ',')));

// declaration = pack | fact | condition | review | top_advisory | example ;
const auto declaration_def =
    pack[push(&ast::File::packs)] | fact[push(&ast::File::facts)] |
    condition[push(&ast::File::conditions)] | review[push(&ast::File::reviews)] |
    top_advisory[push(&ast::File::advisories)] | example[push(&ast::File::examples)];

BOOST_SPIRIT_DEFINE(ident, path, date_text, number_text, string_lit, citation, or_expr, and_expr,
                    not_expr, comparison, operand, value, known_call, review_ref, option, fact_type, derive, assumption,
                    fact, condition, due, due_term, deadline, outcome, otherwise, flag, advisory,
                    rule_set, not_in_force, review, top_advisory, given, expectation,
                    using_rule_set, example, pack, declaration)

// ---- Annotation -----------------------------------------------------------------------------

struct ident_class {};
struct path_class {};
struct date_text_class {};
struct number_text_class {};
struct string_lit_class {};
struct citation_class {};
struct or_expr_class {};
struct and_expr_class {};
struct not_expr_class {};
struct comparison_class {};
struct operand_class {};
struct value_class {};
struct known_call_class {};
struct review_ref_class {};
struct option_class {};
struct fact_type_class {};
struct derive_class {};
struct assumption_class {};
struct fact_class {};
struct condition_class {};
struct due_class {};
struct due_term_class {};
struct deadline_class {};
struct outcome_class {};
struct otherwise_class {};
struct flag_class {};
struct advisory_class {};
struct rule_set_class {};
struct not_in_force_class {};
struct review_class {};
struct top_advisory_class {};
struct given_class {};
struct expectation_class {};
struct using_class {};
struct example_class {};
struct pack_class {};
struct declaration_class {};

// Blanks: white space and '#' comments to the end of the line.
const auto skipper = x3::space | x3::lexeme['#' >> *(x3::char_ - x3::eol) >> (x3::eol | x3::eoi)];

}  // namespace threshold::parse::grammar

#endif  // THRESHOLD_PARSE_GRAMMAR_DEF_H_
