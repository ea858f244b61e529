// The fake BusinessMap API v2 used by the tests and by the demo mode of the
// npm package. It needs nothing beyond Node's own modules.

export { startFakeBusinessMap } from './server.js';
export { createStore } from './seed.js';

/** The two accounts the CLI and the demo start with. */
export const DEFAULT_ACCOUNTS = Object.freeze({
  prod: Object.freeze({ apiKey: 'fake-key-prod', seed: 1 }),
  staging: Object.freeze({ apiKey: 'fake-key-staging', seed: 2 }),
});
