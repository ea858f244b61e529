// The --demo mode: two instances ("production", the default and
// read-only, and "staging") served by the embedded fake BusinessMap API on
// 127.0.0.1. Its keys are random and live only in this process.

import { randomBytes } from 'node:crypto';

import { startFakeBusinessMap } from '../tests/fake-businessmap/index.js';

const INSTANCES = [
  { name: 'production', seed: 1, readOnly: true, description: 'Demo production account (read-only)' },
  { name: 'staging', seed: 2, readOnly: false, description: 'Demo staging account' },
];

export async function startDemo({ logger } = {}) {
  const accounts = {};
  const env = { ALLOW_INSECURE_LOCALHOST: 'true' };
  for (const i of INSTANCES) {
    const key = randomBytes(16).toString('hex');
    accounts[i.name] = { apiKey: key, seed: i.seed };
    env[`BM_DEMO_${i.name.toUpperCase()}_TOKEN`] = key;
  }
  const fake = await startFakeBusinessMap({ accounts, host: '127.0.0.1', port: 0, quiet: true });
  const config = {
    version: '1.0',
    defaultInstance: 'production',
    instances: INSTANCES.map((i) => ({
      name: i.name,
      apiUrl: fake.url(i.name),
      apiTokenEnv: `BM_DEMO_${i.name.toUpperCase()}_TOKEN`,
      readOnlyMode: i.readOnly,
      description: i.description,
    })),
  };
  logger?.info(`demo: fake BusinessMap API on ${fake.host}:${fake.port} with instances production, staging`);
  return {
    env,
    source: { text: JSON.stringify(config), source: 'demo' },
    close: () => fake.close(),
  };
}
