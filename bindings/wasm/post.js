// Appended to the Emscripten output (--post-js): the API over the functions threshold_wasm.cc
// binds. Those return a view of the module's output buffer, decoded here at once; screenJson and
// the others give JSON text, screen and the others objects. Every function returns data and never
// throws: a record that cannot be written as JSON comes back as an error object like any other.
//
// This layer only translates: what a value means is decided by the library, from the JSON text it
// is given. Where a JavaScript value has no JSON form, it is written as the JSON the other shells
// (the CLI's files, Python) write for the same value, so that it gets the same answer:
//   - Infinity and -Infinity (which JSON.stringify would turn into null, unknown) are written as the
//     largest number JSON carries, +-1.7976931348623157e308, which the library refuses for every fact
//     (E402 out of range for an integer fact, E401 for the others) at the fact's pointer;
//   - NaN is null: unknown, as JSON.stringify writes it (and as Python reads pandas' NaN);
//   - a lone surrogate in a string is its JSON escape (\ud800), as JSON.stringify writes it; in JSON
//     text given as a string it is escaped the same way, since embind's UTF-8 conversion would
//     otherwise merge it with the next character; the library refuses such text (E407).
(function () {
  var decoder = new TextDecoder();
  function text(view) { return decoder.decode(view); }
  function errorObject(code, message) {
    var item = { code: code, pointer: '', message: message };
    return { case_id: null, error: item, errors: [item] };
  }
  function replacer(key, value) {
    if (typeof value === 'number' && !isFinite(value)) {
      if (value !== value) return null;  // NaN
      return value > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
    }
    return value;
  }
  // A string with every lone surrogate written as its JSON escape; other characters unchanged.
  var anySurrogate = /[\uD800-\uDFFF]/;
  function wellFormed(value) {
    if (typeof value.isWellFormed === 'function' ? value.isWellFormed() : !anySurrogate.test(value)) return value;
    var out = '';
    var start = 0;
    for (var i = 0; i < value.length; i++) {
      var c = value.charCodeAt(i);
      if (c < 0xD800 || c > 0xDFFF) continue;
      if (c <= 0xDBFF && i + 1 < value.length) {
        var d = value.charCodeAt(i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) { i++; continue; }  // a pair: one character
      }
      out += value.slice(start, i) + '\\u' + c.toString(16);
      start = i + 1;
    }
    return out + value.slice(start);
  }
  // A record may be given as an object or as JSON text.
  function call(json, record, options) {
    var recordText, optionsText;
    try {
      recordText = typeof record === 'string' ? record : JSON.stringify(record === undefined ? {} : record, replacer);
    } catch (e) {
      return errorObject('E407', 'not valid JSON (the record could not be written as JSON)');
    }
    try {
      optionsText = JSON.stringify(options === undefined || options === null ? {} : options);
    } catch (e) {
      return errorObject('options', 'the options must be a JSON object');
    }
    return JSON.parse(json(recordText, optionsText));
  }
  // A string argument that embind would refuse (it throws on a non-string) is made one.
  function str(value) { return wellFormed(typeof value === 'string' ? value : String(value)); }
  function opts(value) { return value === undefined || value === null ? '{}' : str(value); }

  Module['screenJson'] = function (record, options) { return text(Module['screenBytes'](str(record), opts(options))); };
  Module['questionsJson'] = function (record, options) { return text(Module['questionsBytes'](str(record), opts(options))); };
  Module['schemaJson'] = function () { return text(Module['schemaBytes']()); };
  Module['factsJson'] = function () { return text(Module['factsBytes']()); };
  Module['aboutJson'] = function () { return text(Module['aboutBytes']()); };

  Module['screen'] = function (record, options) { return call(Module['screenJson'], record, options); };
  Module['questions'] = function (record, options) { return call(Module['questionsJson'], record, options); };
  Module['schema'] = function () { return JSON.parse(Module['schemaJson']()); };
  Module['facts'] = function () { return JSON.parse(Module['factsJson']()); };
  Module['about'] = function () { return JSON.parse(Module['aboutJson']()); };
})();
