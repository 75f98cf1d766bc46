// Appended to the Emscripten output (--post-js): the API over the functions threshold_wasm.cc
// binds. Those return a view of the module's output buffer, decoded here at once; screenJson and
// the others give JSON text, screen and the others objects. Every function returns data and never
// throws: a record that cannot be written as JSON comes back as an error object like any other.
(function () {
  var decoder = new TextDecoder();
  function text(view) { return decoder.decode(view); }
  function errorObject(code, message) {
    var item = { code: code, pointer: '', message: message };
    return { case_id: null, error: item, errors: [item] };
  }
  // A record may be given as an object or as JSON text.
  function call(json, record, options) {
    var recordText, optionsText;
    try {
      recordText = typeof record === 'string' ? record : JSON.stringify(record === undefined ? {} : record);
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
  function str(value) { return typeof value === 'string' ? value : String(value); }
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
