/*
 * A require hook for the benchmark workers: TypeScript is transpiled in memory
 * (no type check, no source maps). ts-node would also install source-map-support,
 * which makes every captured stack trace (cdktf captures one per token) many
 * times slower and would dominate the measurement. Plain JavaScript is what a
 * compiled cdktf app runs.
 */
const fs = require('fs');
const ts = require('typescript');

const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: false, sourceMap: false, inlineSourceMap: false };
require.extensions['.ts'] = (module, filename) => {
  const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions: options, fileName: filename });
  module._compile(out.outputText, filename);
};
