// Path matching for the route table. A pattern such as
// `/cards/{card_id}/comments/{comment_id}` matches when every `{name}`
// segment is a positive integer; literal segments match exactly. A path that
// matches a pattern but not its method gives 405, any other path 404.

const MAX_ID = 2147483647;

function compile(pattern) {
  return pattern.split('/').filter(Boolean).map((seg) => {
    const m = /^\{(\w+)\}$/.exec(seg);
    return m ? { param: m[1] } : { literal: seg };
  });
}

function matchSegments(segments, parts) {
  if (segments.length !== parts.length) return null;
  const params = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.literal !== undefined) {
      if (seg.literal !== parts[i]) return null;
      continue;
    }
    if (!/^\d{1,10}$/.test(parts[i])) return null;
    const n = Number(parts[i]);
    if (n < 1 || n > MAX_ID) return null;
    params[seg.param] = n;
  }
  return params;
}

/**
 * @param {Array<[string, string, Function]>} defs [method, pattern, handler]
 * @returns {{match(method: string, path: string): object}}
 */
export function createRouter(defs) {
  const byPattern = new Map();
  for (const [method, pattern, handler] of defs) {
    if (!byPattern.has(pattern)) {
      byPattern.set(pattern, { segments: compile(pattern), methods: {} });
    }
    byPattern.get(pattern).methods[method] = handler;
  }
  const entries = [...byPattern.entries()];

  function match(method, path) {
    const parts = path.split('/').filter(Boolean);
    for (const [pattern, entry] of entries) {
      const params = matchSegments(entry.segments, parts);
      if (!params) continue;
      const handler = entry.methods[method];
      if (handler) return { handler, params, pattern };
      return { status: 405, allow: Object.keys(entry.methods), pattern };
    }
    return { status: 404 };
  }

  return { match, patterns: () => entries.map(([p, e]) => [p, Object.keys(e.methods)]) };
}

/**
 * A matcher for request-log paths: a RegExp is used as is; a string matches
 * the whole path, with `{name}` (or `*`) standing for one segment.
 */
export function pathMatcher(pattern) {
  if (pattern === undefined || pattern === null) return () => true;
  if (pattern instanceof RegExp) return (path) => pattern.test(path);
  const source = String(pattern).split(/(\{\w*\}|\*)/).map((part) => {
    if (/^\{\w*\}$/.test(part) || part === '*') return '[^/]+';
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('');
  const re = new RegExp(`^${source}/?$`);
  return (path) => re.test(path);
}
