// Types for threshold.js, the Threshold rules engine compiled to WebAssembly.
//
//   const createThreshold = require('./threshold.js');    // in a page: <script src="threshold.js">
//   const threshold = await createThreshold();
//   const result = threshold.screen({ subject: { age: 84 } }, { as_of: '2025-09-01' });
//   if ('error' in result) { ... } else { result.reviews.sar.possible_outcomes; result.next_question; }
//
// Every function returns data and never throws: a bad record or bad options come back as an
// ErrorResult. Nothing leaves the module: no network, no storage, no logging of case facts.
// The result contract is docs/result.md (version 1); the record's fields are `schema()`.

declare function createThreshold(moduleOverrides?: object): Promise<createThreshold.ThresholdModule>;

declare namespace createThreshold {
  /**
   * A case record: every field optional; absent, null or NaN means unknown. Infinity and -Infinity
   * are refused at the fact's pointer (E402 for an integer fact, E401 for others). See `schema()`.
   */
  type CaseRecord = { case_id?: string | null; [field: string]: unknown };

  interface ScreenOptions {
    /** The screening date, YYYY-MM-DD: chooses rule sets when the case gives no date. Default: today (UTC). */
    as_of?: string | null;
    /** Forces a rule set per review, e.g. { dhr: 'dardr_2024' }. */
    rule_sets?: Record<string, string> | null;
    /** Reasons, flags and advisories (default true). */
    reasons?: boolean;
    /** Missing facts and the next question (default true). */
    relevance?: boolean;
    /** Counterfactuals (default true). */
    why_not?: boolean;
  }

  /**
   * A problem with the record (E4xx codes, docs/diagnostics.md; the pointer names the field and
   * the message never quotes its value), with the options ("options", the pointer into the
   * options object), or inside the engine ("internal", "rules").
   */
  interface CaseError {
    code: string;
    pointer: string;
    message: string;
  }

  /** What a call gives instead of a result when the record or the options are wrong. */
  interface ErrorResult {
    case_id: string | null;
    error: CaseError;
    errors: CaseError[];
  }

  type Evidence = 'statute' | 'regulation' | 'guidance' | 'practice';

  interface Citation {
    instrument: string;
    provision: string;
    evidence: Evidence;
    note?: string;
  }

  /** `citation` is the primary one; `citations` lists all of them when there are several. */
  interface Cited {
    citation: Citation | null;
    citations?: Citation[];
  }

  interface Reason extends Cited {
    condition: string;
    /** null: not known yet. */
    value: boolean | null;
    text: string;
    depth: number;
  }

  interface Raised extends Cited {
    id: string;
    text: string;
  }

  interface Deadline extends Cited {
    id: string;
    /** YYYY-MM-DD, or null when it cannot be worked out yet (see waits_on, outside_calendar). */
    due: string | null;
    text: string;
    waits_on?: string[];
    outside_calendar?: true;
  }

  interface RuleSet {
    id: string | null;
    title?: string;
    in_force_from?: string | null;
    in_force_until?: string | null;
    /** For not_in_force: the date the review commenced. */
    commenced?: string | null;
    chosen_by: 'date' | 'as_of' | 'explicit';
    date: string;
    dated_by?: string;
  }

  interface FactChange extends Cited {
    fact: string;
    value: string;
    change: 'change' | 'add';
    clause: string | null;
  }

  interface Counterfactual {
    outcome: string;
    possible: boolean;
    changes: FactChange[];
    text: string;
  }

  /** What an answer rests on that the referral does not give (result contract version 2). */
  interface Assumption extends Cited {
    fact: string;
    /** A reader should show a kind it does not know like any other, by its `because`. */
    kind: 'declared' | 'rule_set_date' | 'derived_age' | 'carried_age' | string;
    /** In words; null when it is another fact's value (`value_of`). */
    value: string | null;
    value_of?: string;
    when?: string;
    conditional?: boolean;
    because: string;
    could_change: boolean;
    ask: string;
  }

  interface ReviewResult extends Cited {
    title: string;
    outcome: string | null;
    determined: boolean;
    possible_outcomes: string[];
    summary: string | null;
    decision_maker: string;
    rule_set: RuleSet;
    reasons: Reason[];
    /** Fact paths, most decisive first. */
    missing: string[];
    deadlines: Deadline[];
    flags: Raised[];
    advisories: Raised[];
    why_not: Counterfactual[];
    /** Version 2: what the answer rests on that the referral does not give. */
    assumptions: Assumption[];
    /** Engine 0.3: the determined outcome engages the review (`counts as met`); null while undetermined. */
    met: boolean | null;
  }

  interface Option {
    value: string;
    label: string;
  }

  type FactType = 'boolean' | 'integer' | 'date' | 'text' | 'enum';

  interface NextQuestion {
    fact: string;
    question: string;
    type: FactType;
    help?: string;
    options?: Option[];
    /** How many reviews it can change. */
    reviews: number;
    /** Version 2: the fact is assumed, and no missing fact is left to ask first. */
    assumed?: boolean;
  }

  /** The result contract, version 2 (docs/result.md): what `threshold screen` writes. */
  interface ScreenResult {
    case_id: string | null;
    as_of: string;
    engine: { name: string; version: string };
    rules: { name: string; version: string; digest: string };
    reviews: Record<string, ReviewResult>;
    advisories: Array<Raised & { reviews: string[] }>;
    next_question: NextQuestion | null;
    warning?: string;
    result_version: number;
  }

  /** One missing fact, as `threshold questions --format json` writes it; the first is the next question. */
  interface Question {
    fact: string;
    question: string;
    type: FactType;
    help?: string;
    options?: Option[];
    /** The reviews whose outcome it can change. */
    reviews: string[];
    why: string;
  }

  /** A declared fact, in declaration order. */
  interface Fact {
    path: string;
    pointer: string;
    type: FactType;
    question: string;
    help: string;
    sensitivity: 'low' | 'medium' | 'high';
    /** Worked out from other facts when they are given (the age from the date of birth). */
    derived: boolean;
    min?: number;
    max?: number;
    options?: Option[];
  }

  interface About {
    engine: { name: string; version: string };
    rules: { name: string; title: string; version: string; digest: string };
  }

  /** A JSON Schema (draft 2020-12) document, as `threshold schema` writes it. */
  type JsonSchema = { [keyword: string]: unknown };

  interface ThresholdModule {
    /** Screens one record against every review: the result `threshold screen` gives. */
    screen(record: CaseRecord | string, options?: ScreenOptions): ScreenResult | ErrorResult;
    /** The missing facts of every review as one ranked list of questions. */
    questions(record: CaseRecord | string, options?: ScreenOptions): Question[] | ErrorResult;
    /** The JSON Schema of the case record, for forms. */
    schema(): JsonSchema;
    /** The declared facts, in the order a form asks them. */
    facts(): Fact[];
    /** The engine and the built-in rules (name, version, digest). */
    about(): About;

    /** The same functions on JSON text: a record and options (default "{}") in, JSON text out. */
    screenJson(record: string, options?: string): string;
    questionsJson(record: string, options?: string): string;
    schemaJson(): string;
    factsJson(): string;
    aboutJson(): string;
  }
}

export = createThreshold;
