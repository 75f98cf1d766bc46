#!/usr/bin/env bash
# Regenerates the seed corpora in fuzz/corpus/ from the rule pack and the examples:
#   bash fuzz/make-corpus.sh [path/to/threshold]
# rules/   every England rules file under each role fuzz_rules gives its first byte (see
#          fuzz_rules.cc), the calendar, a small self-contained pack, and a few hostile files
# decode/  examples/cases/*.json, every record of `threshold test --print-records`, hostile records
# screen/  the example cases, the printed records as JSON Lines in slices, and mixed good and bad
#          JSON Lines
# The seeds are small and committed; what the fuzzers find goes to build-fuzz/corpus/ instead.
set -euo pipefail
cd "$(dirname "$0")/.."
cli="${1:-build/threshold}"
python3 - "$cli" <<'PY'
import glob, json, os, shutil, subprocess, sys

cli = sys.argv[1]
root = "fuzz/corpus"
for sub in ("rules", "decode", "screen"):
    shutil.rmtree(os.path.join(root, sub), ignore_errors=True)
    os.makedirs(os.path.join(root, sub))

def write(sub, name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(root, sub, name), "wb") as f:
        f.write(data)

def read(path):
    with open(path, "rb") as f:
        return f.read()

# ---- rules: the first byte is the role (fuzz_rules.cc) ----
england = "rules/england"
rules_files = sorted(os.path.basename(p) for p in glob.glob(england + "/*.rules"))
for k, name in enumerate(rules_files):           # roles 2..9: in place of that file
    write("rules", f"replace-{name}", bytes([2 + k]) + read(f"{england}/{name}"))
for name in ("sar.rules", "dhr.rules", "cspr.rules"):  # role 1: beside pack and vocabulary
    write("rules", f"beside-vocabulary-{name}", bytes([1]) + read(f"{england}/{name}"))
write("rules", "calendar", bytes([11]) + read(f"{england}/bank-holidays.txt"))
cite = '\n  cite statute "Test Act" "s1"\n'
small = ('pack t "Test pack" version "1" calendar "bank-holidays.txt"\n'
         'fact a: yes/no\n  question "A?"\nfact n: integer 0 to 10\n  question "N?"\n'
         'fact d: date\n  question "D?"\nfact e: one of { x "X", y "Y" }\n  question "E?"\n'
         'fact b: date\n  question "Born?"\nfact age: integer 0 to 130\n  question "Age?"\n'
         '  derive age from b on d\n'
         'condition c "C" if a and (n >= 3 or e in {x}) and not known(d)' + cite +
         'review r "R" decided by "the board" dated by d' + cite +
         '  rules r1 "R1" in force from 2000-01-01 until 2030-12-31' + cite +
         '    outcome yes "Yes" counts as met if c' + cite +
         '      deadline soon "Soon" due 5 working days after d else 2030-01-01' + cite +
         '    flag f "F" if n = 2' + cite + '    otherwise no "No"' + cite + '  end\nend\n'
         'advisory two "Two" if at least 1 reviews met' + cite +
         'example ex "Example" as of 2025-06-01\n  given\n    a is yes\n    n is 4\n  expect\n'
         '    r is yes\n    r flags {}\n    r deadline soon due 2030-01-01\nend\n'
         'example ex2 "Example 2"\n  using r = r1\n  given\n  expect\n    r could be {yes, no}\n'
         '    r needs {d, a}\nend\n'
         'example ex3 "Example 3" as of 2025-06-01\n  given\n    d is 2025-06-02\n    b is 2010-02-28\n'
         '    e is y\n  expect\n    r is no\nend\n')
write("rules", "alone-small-pack", bytes([0]) + small.encode())
write("rules", "beside-vocabulary-nesting", bytes([1]) + ("condition x \"x\" if " + "(" * 120 + "yes" + ")" * 120 + cite).encode())
write("rules", "beside-vocabulary-utf8", bytes([1]) + b'condition x "caf\xe9" if yes' + cite.encode())
write("rules", "beside-vocabulary-bom", bytes([1]) + b"\xef\xbb\xbf" + ("condition x \"x\" if incident.died" + cite).encode())
write("rules", "beside-vocabulary-cycle", bytes([1]) + ('condition a "a" if b' + cite + 'condition b "b" if a' + cite).encode())
write("rules", "beside-pack-extra", bytes([10]) + ('condition extra "extra" if incident.died and not subject.in_area' + cite).encode())

# ---- decode ----
records = []
printed = subprocess.run([cli, "test", "--print-records"], check=True, capture_output=True, text=True).stdout
for line in printed.splitlines():
    records.append(json.dumps(json.loads(line)["record"]))
cases = sorted(glob.glob("examples/cases/*.json"))
for path in cases:
    write("decode", os.path.basename(path), read(path))
for i, record in enumerate(records):
    write("decode", f"example-{i:03d}.json", record)
hostile = {
    "bom": b'\xef\xbb\xbf{"case_id": "b", "subject": {"age": 17}}',
    "duplicate": b'{"subject": {"age": 17, "age": 18}}',
    "nan": b'{"subject": {"age": NaN}}',
    "huge": b'{"subject": {"age": 99999999999999999999999}}',
    "huge-float": b'{"subject": {"age": 1e400}}',
    "fraction": b'{"subject": {"age": 17.5}}',
    "negative-zero": b'{"subject": {"age": -0.0}}',
    "bad-date": b'{"incident_date": "2023-02-29"}',
    "bad-utf8": b'{"case_id": "caf\xe9"}',
    "escapes": b'{"case_id": "a\\u0000\\ud83d\\ude42\\n"}',
    "deep": b'{"subject": ' + b'[' * 40 + b']' * 40 + b'}',
    "dotted": b'{"subject.age": 17, "incident.died": true}',
    "birth-after": b'{"incident_date": "2020-01-01", "subject": {"date_of_birth": "2021-01-01"}}',
    "truncated": b'{"case_id": "t", "subject": {"age": 1',
    "array": b'[{"case_id": "a"}]',
    "empty": b"",
    "nul": b'{"case_id": "a"}\x00{"x": 1}',
}
for name, data in hostile.items():
    write("decode", f"hostile-{name}.json", data)

# ---- screen ----
for path in cases:
    write("screen", os.path.basename(path), read(path))
for start in range(0, len(records), 32):
    write("screen", f"examples-{start:03d}.jsonl", "\n".join(records[start:start + 32]) + "\n")
mixed = [records[0], "", "garbage", '{"case_id": "t", "subject": {"age": 1', records[1],
         '{"subject": {"age": 17, "age": 18}}', "[]", '"x"', records[2], "\ufeff" + records[3]]
write("screen", "mixed.jsonl", "\n".join(mixed) + "\n")
write("screen", "pretty-broken.json", '{\n  "case_id": "p",\n  "subject": {"age": 17\n  "incident": {"died": true}\n}\n')
write("screen", "pretty.json", json.dumps(json.loads(records[5]), indent=2) + "\n")
write("screen", "crlf.jsonl", "\r\n".join(records[6:10]) + "\r\n")
write("screen", "truncated-first.jsonl", '{"case_id": "a", "subj\n' + "\n".join(records[10:14]) + "\n")
for sub in ("rules", "decode", "screen"):
    files = os.listdir(os.path.join(root, sub))
    size = sum(os.path.getsize(os.path.join(root, sub, f)) for f in files)
    print(f"fuzz/corpus/{sub}: {len(files)} files, {size // 1024} KB")
PY
