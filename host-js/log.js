// Levelled, one-line logs for stderr. Stdout is never touched here: in
// stdio mode it carries only MCP messages.

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function createLogger({ level = 'info', write } = {}) {
  const threshold = LEVELS[level] ?? LEVELS.info;
  const out = write ?? ((line) => process.stderr.write(line));
  const log = (lvl, message) => {
    if ((LEVELS[lvl] ?? LEVELS.info) < threshold) return;
    const text = String(message).replace(/[\r\n]+/g, ' ');
    out(`${new Date().toISOString()} ${lvl.toUpperCase()} ${text}\n`);
  };
  return {
    level,
    log,
    debug: (m) => log('debug', m),
    info: (m) => log('info', m),
    warn: (m) => log('warn', m),
    error: (m) => log('error', m),
  };
}

export function isLevel(name) {
  return Object.hasOwn(LEVELS, name);
}
