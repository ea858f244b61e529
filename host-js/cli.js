#!/usr/bin/env node
// businessmap-mcp: one MCP server for many BusinessMap accounts.
// This file parses the command line and wires the core to a transport.

import { readFileSync } from 'node:fs';

import { findConfig, formatProblems, readConfigFile, startupDocument } from './config-source.js';
import { createLogger, isLevel } from './log.js';
import { loadNodeCore } from './node-core.js';
import { McpRuntime } from './runtime.js';
import { serveStdio } from './stdio.js';

const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

const HELP = `businessmap-mcp ${VERSION}
One MCP server for many BusinessMap (Kanbanize) accounts.

Usage:
  businessmap-mcp [options]          serve MCP over stdio (the default)
  businessmap-mcp --demo             serve stdio against a built-in demo API
  businessmap-mcp --http [--host H] [--port P] [--stateless]
                                     serve MCP over Streamable HTTP at /mcp
  businessmap-mcp validate FILE      check an instances file
  businessmap-mcp tokens [--config F] [--profile P]
                  [--tokenizer o200k_base|cl100k_base] [--json]
                                     token cost of N single servers
                                     against one multi-instance server
  businessmap-mcp --help | --version

Options:
  --config PATH         instances file (JSON)
  --log-level LEVEL     debug, info, warn, error or silent (default info)

--http options:
  --host HOST           address to listen on (default 127.0.0.1)
  --port PORT           port to listen on, 0 for any (default 3000)
  --stateless           no sessions: one engine answers every request
  Clients authenticate with 'Authorization: Bearer $BUSINESSMAP_MCP_AUTH_TOKEN';
  the token is required unless the host is a loopback address.
  BUSINESSMAP_MCP_ALLOWED_ORIGINS and BUSINESSMAP_MCP_ALLOWED_HOSTS take
  comma-separated lists (or '*'); by default only loopback names pass.

validate options:
  --skip-env-check      do not require the token variables to be set

Where the configuration comes from (first found wins):
  --config PATH, $BUSINESSMAP_INSTANCES_CONFIG (a path),
  $BUSINESSMAP_INSTANCES (inline JSON), ./.businessmap-instances.json,
  ~/.config/businessmap-mcp/instances.json, else one instance named
  'default' from $BUSINESSMAP_API_URL and $BUSINESSMAP_API_TOKEN
  (+ $BUSINESSMAP_READ_ONLY_MODE, $BUSINESSMAP_DEFAULT_WORKSPACE_ID).

Other variables: BUSINESSMAP_TOOL_PROFILE (essential, standard, full,
compact), ALLOW_INSECURE_LOCALHOST=true (plain http to loopback only),
BUSINESSMAP_LOG_LEVEL.

Exit status: 0 ok, 1 invalid configuration, 2 unreadable file or bad usage.
`;

export function parseArgs(argv) {
  const opts = { command: 'serve', rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--help' || a === '-h') opts.command = 'help';
    else if (a === '--version' || a === '-v') opts.command = 'version';
    else if (a === '--demo') opts.demo = true;
    else if (a === '--config') opts.config = value();
    else if (a === '--log-level') opts.logLevel = value();
    else if (a === '--skip-env-check') opts.skipEnvCheck = true;
    else if (a === '--http') opts.http = true;
    else if (a === '--host') opts.host = value();
    else if (a === '--port') opts.port = value();
    else if (a === '--stateless') opts.stateless = true;
    else if (a === 'validate' && opts.command === 'serve') opts.command = 'validate';
    else if (a === 'tokens' && opts.command === 'serve') opts.command = 'tokens';
    else if (a === '--profile') opts.profile = value();
    else if (a === '--tokenizer') opts.tokenizer = value();
    else if (a === '--json') opts.json = true;
    else if (!a.startsWith('-') && opts.command !== 'serve') opts.rest.push(a);
    else throw usage(`unknown option ${a}`);
  }
  if (opts.logLevel && !isLevel(opts.logLevel)) throw usage(`unknown log level ${opts.logLevel}`);
  if ((opts.host !== undefined || opts.port !== undefined || opts.stateless) && !opts.http) {
    throw usage('--host, --port and --stateless need --http');
  }
  if (opts.port !== undefined) {
    const port = Number(opts.port);
    if (!/^\d+$/.test(opts.port) || port > 65535) throw usage(`bad port ${opts.port}`);
    opts.port = port;
  }
  return opts;
}

function usage(message) {
  const e = new Error(message);
  e.code = 'BM_USAGE';
  return e;
}

async function validate(opts, env) {
  const file = opts.rest[0] ?? opts.config;
  if (!file) throw usage('validate needs a FILE');
  let text;
  try {
    text = readConfigFile(file);
  } catch (err) {
    if (err.code === 'BM_CONFIG_ENCODING') {
      process.stdout.write(`${err.message}\n`);
      return 1;
    }
    process.stderr.write(`${file}: cannot read: ${err.cause?.code ?? err.message}\n`);
    return 2;
  }
  const core = await loadNodeCore();
  const engine = core.createEngine(
    startupDocument({ text, source: file }, env, { checkTokenVars: !opts.skipEnvCheck }));
  try {
    if (engine.configOk) {
      process.stdout.write(`${file}: valid\n`);
      return 0;
    }
    for (const line of formatProblems(engine.problems(), file)) process.stdout.write(line + '\n');
    return 1;
  } finally {
    engine.close();
  }
}

async function tokens(opts, env) {
  const { tokenReport, formatReport, PROFILES } = await import('./tokens.js');
  const name = opts.tokenizer ?? 'o200k_base';
  if (!['o200k_base', 'cl100k_base'].includes(name)) throw usage(`unknown tokenizer ${name}`);
  const profile = opts.profile ?? env.BUSINESSMAP_TOOL_PROFILE ?? 'essential';
  if (!PROFILES.includes(profile)) throw usage(`unknown profile ${profile} (use ${PROFILES.join(', ')})`);
  let configText = null;
  if (opts.config) {
    try {
      configText = readFileSync(opts.config, 'utf8');
    } catch (err) {
      process.stderr.write(`${opts.config}: cannot read: ${err.code ?? err.message}\n`);
      return 2;
    }
  }
  const asset = new URL(`../dist/${name}.bmtok`, import.meta.url);
  let bytes;
  try {
    bytes = readFileSync(asset);
  } catch {
    process.stderr.write(`businessmap-mcp: the ${name} rank data is missing (dist/${name}.bmtok); ` +
      "run 'node scripts/gen-token-assets.mjs'\n");
    return 2;
  }
  const core = await loadNodeCore();
  const tokenizer = core.loadTokenizer(bytes, name);
  try {
    const report = tokenReport({ core, count: (t) => tokenizer.count(t), tokenizerName: name, profile, configText });
    process.stdout.write(opts.json ? JSON.stringify(report) + '\n' : formatReport(report));
    return 0;
  } finally {
    tokenizer.close();
  }
}

async function demoSetup(env, logger) {
  const { startDemo } = await import('./demo.js');
  const demo = await startDemo({ logger });
  return { demo, env: { ...env, ...demo.env }, source: demo.source };
}

async function serve(opts, baseEnv) {
  const logger = createLogger({ level: opts.logLevel ?? baseEnv.BUSINESSMAP_LOG_LEVEL ?? 'info' });
  let env = baseEnv;
  let source;
  let demo = null;
  if (opts.demo) {
    ({ demo, env, source } = await demoSetup(baseEnv, logger));
  } else {
    try {
      source = findConfig({ configPath: opts.config, env });
    } catch (err) {
      logger.error(err.message);
      return err.code === 'BM_CONFIG_ENCODING' ? 1 : 2;
    }
  }
  const core = await loadNodeCore();
  const engine = core.createEngine(startupDocument(source, env, { serverVersion: VERSION }));
  if (!engine.configOk) {
    for (const line of formatProblems(engine.problems(), source.source)) logger.error(line);
    await demo?.close();
    return 1;
  }
  if (opts.http) {
    engine.close();
    const createEngine = () => core.createEngine(startupDocument(source, env, { serverVersion: VERSION }));
    const code = await serveHttp(opts, env, createEngine, logger);
    await demo?.close();
    return code;
  }
  const { nodeFetch } = await import('./node-fetch.js');
  const runtime = new McpRuntime({ engine, logger, credential: (name) => env[name], fetch: nodeFetch });
  logger.info(`serving MCP on stdio (configuration: ${source.source})`);
  await serveStdio({ input: process.stdin, output: process.stdout, runtime, logger });
  engine.close();
  await demo?.close();
  return 0;
}

// Serves Streamable HTTP until SIGINT or SIGTERM, then lets the requests
// in flight finish before returning.
async function serveHttp(opts, env, createEngine, logger) {
  // Loaded here, not at the top: node:http and its ten or so internal
  // modules would cost every stdio start-up time and about 1 MiB of RSS.
  const { createHttpHandler } = await import('./http-handler.js');
  const { isLoopbackHost, startHttpServer } = await import('./http-node.js');
  const host = opts.host ?? '127.0.0.1';
  let handler;
  try {
    handler = createHttpHandler({
      createEngine,
      logger,
      credential: (name) => env[name],
      stateless: opts.stateless,
      authToken: env.BUSINESSMAP_MCP_AUTH_TOKEN || undefined,
      loopback: isLoopbackHost(host),
      allowedOrigins: env.BUSINESSMAP_MCP_ALLOWED_ORIGINS,
      allowedHosts: env.BUSINESSMAP_MCP_ALLOWED_HOSTS,
    });
  } catch (err) {
    logger.error(`${err.code}: ${err.message}`);
    return 2;
  }
  const server = await startHttpServer({ handler, host, port: opts.port ?? 3000, logger });
  const mode = opts.stateless ? 'stateless' : 'stateful';
  logger.info(`serving MCP over Streamable HTTP at ${server.url}/mcp (${mode})`);
  const signal = await new Promise((resolve) => {
    for (const s of ['SIGINT', 'SIGTERM']) process.once(s, () => resolve(s));
  });
  logger.info(`${signal}: finishing the requests in flight`);
  await server.close();
  logger.info('stopped');
  return 0;
}

export async function main(argv, env = process.env) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`businessmap-mcp: ${err.message}\n${err.code === 'BM_USAGE' ? 'Try --help.\n' : ''}`);
    return 2;
  }
  if (opts.command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (opts.command === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  try {
    if (opts.command === 'validate') return await validate(opts, env);
    if (opts.command === 'tokens') return await tokens(opts, env);
    return await serve(opts, env);
  } catch (err) {
    process.stderr.write(`businessmap-mcp: ${err.message}\n`);
    return err.code === 'BM_USAGE' ? 2 : 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
