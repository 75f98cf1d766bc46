// Compiled (not run) by run-tests.sh with tsc: threshold.d.ts must describe how the module is used.
import createThreshold = require('../threshold');

async function main(): Promise<void> {
  const threshold = await createThreshold();
  const result = threshold.screen({ subject: { age: 84 } }, { as_of: '2025-09-01', rule_sets: { dhr: 'dardr_2024' } });
  if ('error' in result) {
    const pointer: string = result.error.pointer;
    void pointer;
    return;
  }
  const sar: createThreshold.ReviewResult | undefined = result.reviews['sar'];
  const possible: string[] = sar ? sar.possible_outcomes : [];
  const next: string | undefined = result.next_question?.fact;
  const value: boolean | null | undefined = sar?.reasons[0]?.value;
  void possible, next, value;

  const questions = threshold.questions('{"incident": {"died": true}}');
  if (!('error' in questions)) for (const q of questions) q.reviews.join(', ');
  for (const fact of threshold.facts()) if (fact.type === 'enum') fact.options?.map((o) => o.label);
  const text: string = threshold.screenJson('{}', '{}');
  void text, threshold.schema(), threshold.about().rules.digest;

  // @ts-expect-error: as_of is a date string
  threshold.screen({}, { as_of: new Date() });
  // @ts-expect-error: no such option
  threshold.screen({}, { asOf: '2025-01-01' });
  // @ts-expect-error: the result may be an error, to be checked before use
  void threshold.screen({}).reviews;
}

void main;
