'use strict';
// Writes each peer's rules in the engine's own JSON format, from the sources beside this file:
//   rules/jsonlogic.json           {"cspr": <JsonLogic>, "dhr": ..., "sar": ...}
//   rules/json-rules-engine.json   {"conditions": {name: <condition>}, "rules": {"cspr": [<rule>], ...}}
//   rules/zen-screening.json       a GoRules JDM decision graph
// The output is deterministic; run.sh runs this first, so the JSON always matches the sources.
const fs = require('fs');
const path = require('path');

const write = (name, value) => fs.writeFileSync(path.join(__dirname, name), JSON.stringify(value, null, 2) + '\n');
const jsonlogic = require('./jsonlogic');
write('jsonlogic.json', { cspr: jsonlogic.cspr, dhr: jsonlogic.dhr, sar: jsonlogic.sar });
write('json-rules-engine.json', require('./json-rules-engine'));
write('zen-screening.json', require('./zen').graph);
