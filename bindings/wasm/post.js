// Appended to the Emscripten output (--post-js): the object-level API over the JSON-text
// functions that threshold_wasm.cc binds. Every function returns data, never throws: a record
// that is not JSON-serialisable comes back as an error object like any other bad record.
(function () {
  function errorObject(code, pointer, message) {
    var item = { code: code, pointer: pointer, message: message };
    return { case_id: null, error: item, errors: [item] };
  }
  // A record may be given as an object or as JSON text.
  function recordText(record) {
    return typeof record === 'string' ? record : JSON.stringify(record === undefined ? {} : record);
  }
  function call(fn, record, options) {
    var recordJson, optionsJson;
    try {
      recordJson = recordText(record);
    } catch (e) {
      return errorObject('E407', '', 'not valid JSON (the record could not be written as JSON)');
    }
    try {
      optionsJson = JSON.stringify(options === undefined || options === null ? {} : options);
    } catch (e) {
      return errorObject('options', '', 'the options must be a JSON object');
    }
    return JSON.parse(fn(recordJson, optionsJson));
  }
  Module['screen'] = function (record, options) { return call(Module['screenJson'], record, options); };
  Module['questions'] = function (record, options) { return call(Module['questionsJson'], record, options); };
  Module['schema'] = function () { return JSON.parse(Module['schemaJson']()); };
  Module['facts'] = function () { return JSON.parse(Module['factsJson']()); };
  Module['about'] = function () { return JSON.parse(Module['aboutJson']()); };
})();
