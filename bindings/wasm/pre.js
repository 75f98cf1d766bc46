// Prepended to the Emscripten output (--pre-js). With -sSINGLE_FILE the wasm binary is a data:
// URI inside this script, and Emscripten's loader would read it back with fetch(), which the
// referral form's Content-Security-Policy (connect-src 'none') refuses. This hook instantiates
// the binary from the bytes directly instead, so the module never calls fetch() at all.
// (`Module.instantiateWasm` is Emscripten's documented hook; `wasmBinaryFile` and
// `tryParseAsDataURI` are its loader's own names for the data: URI and its decoder.)
if (typeof tryParseAsDataURI === 'function' && !Module['instantiateWasm']) {
  Module['instantiateWasm'] = function (imports, receiveInstance) {
    WebAssembly.instantiate(tryParseAsDataURI(wasmBinaryFile), imports).then(
      function (output) { receiveInstance(output['instance'], output['module']); },
      function (reason) { readyPromiseReject(reason); });
    return {};
  };
}
