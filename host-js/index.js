// The package's library entry, for embedding the server in a Node program:
// load the core, start an engine from a configuration, and serve it over
// stdio or Streamable HTTP. The CLI (cli.js) is one user of these.

export { loadCore, Core, Engine, Tokenizer, CoreError } from './core.js';
export { loadNodeCore } from './node-core.js';
export { McpRuntime } from './runtime.js';
export { serveStdio } from './stdio.js';
export { createHttpHandler } from './http-handler.js';
export { startHttpServer } from './http-node.js';
export { findConfig, formatProblems, startupDocument } from './config-source.js';
export { tokenReport, formatReport } from './tokens.js';
export { nodeFetch } from './node-fetch.js';
