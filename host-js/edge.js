// The edge entry: a Workers-style module whose fetch serves MCP over
// Streamable HTTP, stateless, with one engine per warm isolate. It uses no
// file system and no Node module. The bindings it reads:
//
//   BUSINESSMAP_INSTANCES        the instances file, as JSON text (required)
//   BUSINESSMAP_MCP_AUTH_TOKEN   the bearer secret MCP clients present
//                                (required: an edge is never loopback)
//   BUSINESSMAP_MCP_ALLOWED_ORIGINS, BUSINESSMAP_MCP_ALLOWED_HOSTS
//                                comma-separated lists, or '*' (optional)
//   <apiTokenEnv of each instance>   a secret holding that API token
//   BUSINESSMAP_TOOL_PROFILE, BUSINESSMAP_READ_ONLY_MODE, ...
//                                the settings the CLI reads from its env
//
// The .wasm is imported as a compiled module (a CompiledWasm rule in
// Wrangler or Miniflare), so the isolate never compiles it from bytes.

import wasm from '../dist/businessmap-core.wasm';

import { loadCore } from './core.js';
import { createHttpHandler } from './http-handler.js';
import { startupDocument } from './startup.js';

// Workers send console output to their logs (`wrangler tail`).
const logger = {
  debug() {},
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
  log(level, m) {
    if (level !== 'debug') console.log(`${level}: ${m}`);
  },
};

// The isolate's state: built on the first request, rebuilt only when the
// bindings that shape it change (they do not, short of a new deployment).
let current = null;

function fingerprint(env) {
  return JSON.stringify([
    env.BUSINESSMAP_INSTANCES,
    env.BUSINESSMAP_MCP_AUTH_TOKEN,
    env.BUSINESSMAP_MCP_ALLOWED_ORIGINS,
    env.BUSINESSMAP_MCP_ALLOWED_HOSTS,
    env.BUSINESSMAP_TOOL_PROFILE,
    env.BUSINESSMAP_READ_ONLY_MODE,
  ]);
}

function failure(status, code, message) {
  const error = { code: -32000, message, data: { code } };
  return new Response(JSON.stringify({ jsonrpc: '2.0', id: null, error }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

async function build(env) {
  const core = await loadCore(wasm);
  const source = { text: env.BUSINESSMAP_INSTANCES ?? null, source: 'BUSINESSMAP_INSTANCES' };
  const newEngine = () => core.createEngine(startupDocument(source, env));
  const probe = newEngine();
  if (!probe.configOk) {
    // The details go to the logs only: a caller may not be authenticated.
    for (const p of probe.problems()) logger.error(`BUSINESSMAP_INSTANCES: ${p.path}: ${p.message}`);
    probe.close();
    return { error: failure(500, 'BM_CONFIG_INVALID', 'the instances configuration is invalid') };
  }
  // The first engine made is the probe; the stateless handler needs just one.
  let spare = probe;
  const createEngine = () => {
    const e = spare ?? newEngine();
    spare = null;
    return e;
  };
  try {
    const handler = createHttpHandler({
      createEngine,
      logger,
      stateless: true,
      loopback: false,
      authToken: env.BUSINESSMAP_MCP_AUTH_TOKEN || undefined,
      allowedOrigins: env.BUSINESSMAP_MCP_ALLOWED_ORIGINS,
      allowedHosts: env.BUSINESSMAP_MCP_ALLOWED_HOSTS,
      // Secrets are read per request from the live env, at fetch time.
      credential: (name) => (typeof current?.env[name] === 'string' ? current.env[name] : undefined),
    });
    return { handler };
  } catch (err) {
    probe.close();
    return { error: failure(500, err.code ?? 'BM_HTTP_INTERNAL', err.message) };
  }
}

async function stateFor(env) {
  const key = fingerprint(env);
  if (!current || current.key !== key) {
    current?.state.then((s) => s.handler?.close());
    current = { key, env, state: build(env) };
  }
  current.env = env;
  return current.state;
}

export default {
  async fetch(request, env) {
    let state;
    try {
      state = await stateFor(env);
    } catch (err) {
      current = null;
      return failure(500, err?.code ?? 'BM_EDGE_START_FAILED', 'the server could not start');
    }
    return state.error ? state.error.clone() : state.handler.fetch(request);
  },
};
