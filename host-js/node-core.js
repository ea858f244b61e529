// Loads the core in Node from the package's dist/ folder. The module is
// compiled once per process. BUSINESSMAP_CORE_WASM points at another build
// (the Emscripten one, in tests).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { loadCore } from './core.js';

export const DEFAULT_WASM = fileURLToPath(new URL('../dist/businessmap-core.wasm', import.meta.url));

let compiled = null;

export async function loadNodeCore(path = process.env.BUSINESSMAP_CORE_WASM || DEFAULT_WASM) {
  if (!compiled || compiled.path !== path) {
    let bytes;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      const e = new Error(`cannot read the core module ${path} (${err.code}); run 'npm run build'`);
      e.code = 'BM_CORE_MISSING';
      throw e;
    }
    compiled = { path, module: await WebAssembly.compile(bytes) };
  }
  return loadCore(compiled.module);
}
