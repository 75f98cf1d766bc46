"""`threshold questions` and `threshold interview`, driven as a scripted terminal session."""
import json

from conftest import ROOT, run

ADULT = ROOT / "examples" / "cases" / "adult-working-together-unknown.json"


def test_questions_ranks_the_missing_facts(cli):
    code, out, err = run(cli, "questions", "--format", "json", str(ADULT))
    assert code == 0, err
    questions = json.loads(out)
    assert questions[0]["fact"] == "concern_agencies_worked_together"
    assert "mandatory or discretionary" in questions[0]["why"]
    assert questions[0]["type"] == "boolean"


def test_questions_text_lists_question_type_and_why(cli):
    code, out, err = run(cli, "questions", str(ADULT))
    assert code == 0, err
    assert out.startswith("1. ")
    assert "why it matters:" in out


def interview_script(cli, answers):
    """What a referrer who knows `answers` types to the interview: the engine asks the first question
    of `questions` not yet answered '?'; the story's facts are answered, the others '?' (do not
    know). Replays `questions` as the record grows."""
    record, script, unknown = {}, [], set()
    for _ in range(4 * len(answers) + 20):
        code, out, err = run(cli, "questions", "--format", "json", "--as-of", "2025-06-01", "-",
                             stdin=json.dumps(record))
        assert code == 0, err
        pending = [q["fact"] for q in json.loads(out) if q["fact"] not in unknown]
        if not pending:
            return script
        fact = pending[0]
        if fact not in answers:
            unknown.add(fact)
            script.append((fact, "?"))
            continue
        value = answers[fact]
        script.append((fact, value))
        node = record
        keys = fact.split(".")
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = {"yes": True, "no": False}.get(value, int(value) if value.isdigit() else value)
    return script


def test_interview_from_nothing_to_a_determined_sar(cli):
    # A person of 84 with care needs, in the area, who died of suspected neglect, with a concern
    # about how agencies worked together.
    answers = {
        "subject.age": "84",
        "subject.in_area": "yes",
        "subject.care_and_support_needs": "yes",
        "incident.died": "yes",
        "death_from_abuse_or_neglect": "suspected",
        "abuse_or_neglect": "suspected",
        "concern_agencies_worked_together": "yes",
        "aware_date": "2025-05-01",
        "incident_date": "2025-04-28",
    }
    script = interview_script(cli, answers)
    stdin = "\n".join(answer for _, answer in script) + "\nstop\n"
    code, out, err = run(cli, "interview", "--json", "--as-of", "2025-06-01", stdin=stdin)
    assert code == 0, err
    result = json.loads(out[out.index("\n{") + 1:])
    assert result["reviews"]["sar"]["outcome"] == "mandatory"
    # Each question once: never more questions than the script has answers.
    assert out.count("\nQ") <= len(script)


def test_interview_accepts_dont_know_and_stop(cli):
    code, out, err = run(cli, "interview", "--as-of", "2025-06-01", stdin="?\n?\nstop\n")
    assert code == 0, err
    assert "Q1." in out and "Q2." in out and "Q3." in out
    assert "Screening note for case" in out


def test_interview_asks_again_after_a_bad_answer(cli):
    code, out, err = run(cli, "interview", "--as-of", "2025-06-01", stdin="banana\nstop\n")
    assert code == 0, err
    assert out.count("Q1.") == 1
    assert "answer" in out  # the hint after the bad answer
