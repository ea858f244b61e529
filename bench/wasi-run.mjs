// Runs bench_core built as a wasm32-wasi command under Node's WASI, so
// that the WASM column times the same C loops as the native one.
// Usage: node --no-warnings bench/wasi-run.mjs MODULE INPUT_DIR

import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [modulePath, inputDir] = process.argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: ['bench_core', '/inputs'],
  preopens: { '/inputs': inputDir },
  returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(modulePath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
