// Result and error values shared by every route module. A handler returns a
// result built here, or throws an ApiError; the server turns both into the
// envelopes of the API reference (§2).

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status
   * @param {string|number} code the `error.code` value
   * @param {string} message the `error.message` value
   * @param {object} [details] per-field details, sent as `error.details`
   * @param {object} [opts] `bare: true` sends only {code, message}
   */
  constructor(status, code, message, details, opts = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.bare = Boolean(opts.bare);
    this.headers = opts.headers || null;
  }
}

export const ok = (data) => ({ status: 200, json: { data } });
export const noContent = () => ({ status: 204, json: null });
export const raw = (json, status = 200) => ({ status, json });

export function badRequest(message, details) {
  return new ApiError(400, 'VE01', message, details);
}

export function notFound(what, id) {
  const suffix = id === undefined ? '' : ` ${id}`;
  return new ApiError(404, 'NF01', `${what}${suffix} was not found`);
}

export function conflict(message) {
  return new ApiError(409, 'CF01', message);
}

export function forbidden(message) {
  return new ApiError(403, 'AC01', message);
}

/** The JSON body of an error answer. */
export function errorJson(err, reference) {
  const error = { code: err.code, message: err.message };
  if (!err.bare) error.reference = reference;
  if (err.details) error.details = err.details;
  return { error };
}

/** A 404 with a message of its own. */
export function missing(message) {
  return new ApiError(404, 'NF01', message);
}
