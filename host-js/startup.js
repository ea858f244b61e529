// The start-up document of an engine (see src/engine.h), built without
// any Node module so that the edge entry and the browser validator can
// share it with the CLI. Only the names of set variables cross into the
// core, never their values; the few settings the core reads are copied.

export const ENV_KEYS = [
  'BUSINESSMAP_API_URL',
  'BUSINESSMAP_READ_ONLY_MODE',
  'BUSINESSMAP_DEFAULT_WORKSPACE_ID',
  'BUSINESSMAP_TOOL_PROFILE',
  'ALLOW_INSECURE_LOCALHOST',
];

// env is any object of name → value (process.env, a Workers env, {}).
// Values that are not strings (Workers bindings of other kinds) count as
// unset.
export function startupDocument({ text, source }, env, extra = {}) {
  const picked = {};
  for (const k of ENV_KEYS) if (typeof env[k] === 'string') picked[k] = env[k];
  return {
    configText: text,
    configSource: source,
    env: picked,
    setVars: Object.keys(env).filter((k) => typeof env[k] === 'string' && env[k]),
    checkTokenVars: true,
    seed: Math.floor(Math.random() * 2 ** 32),
    ...extra,
  };
}
