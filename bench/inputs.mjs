// The inputs every part of the benchmark shares: instances files of a
// given size, one per tool profile, and the API answers the core is fed
// without a network. Written once per run into bench/results/inputs so
// that the native, WASI and core.js measurements read the same bytes.

import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONFIG_SIZES = [1, 10, 100, 1000];
export const PROFILES = ['essential', 'standard', 'full', 'compact'];
export const PROFILE_INSTANCES = 3;
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

// The card and board the scripted calls ask for (ids in bench/fixtures).
export const CARD_ID = 100170;
export const BOARD_ID = 100029;

export function instanceName(i) {
  return `acct-${String(i).padStart(4, '0')}`;
}

export function tokenVar(i) {
  return `BM_TOKEN_ACCT_${String(i).padStart(4, '0')}`;
}

// An instances file of n accounts. urlOf(i) gives each account's API URL;
// by default a closed port on 127.0.0.1, since the core never connects.
export function instancesConfig(n, { urlOf, profile } = {}) {
  const url = urlOf ?? ((i) => `http://127.0.0.1:9/acct/${instanceName(i)}/api/v2`);
  const instances = [];
  for (let i = 0; i < n; i++) {
    instances.push({
      name: instanceName(i),
      apiUrl: url(i),
      apiTokenEnv: tokenVar(i),
      description: `Benchmark account ${i}`,
      tags: ['bench'],
    });
  }
  return {
    version: '1.0',
    defaultInstance: instanceName(0),
    ...(profile ? { toolProfile: profile } : {}),
    instances,
  };
}

// Dummy values for the token variables of n accounts, plus the switch
// that lets plain http reach 127.0.0.1.
export function tokenEnv(n) {
  const env = { ALLOW_INSECURE_LOCALHOST: 'true' };
  for (let i = 0; i < n; i++) env[tokenVar(i)] = `dummy-token-${i}`;
  return env;
}

export function writeInputs(dir) {
  mkdirSync(dir, { recursive: true });
  for (const n of CONFIG_SIZES) {
    writeFileSync(join(dir, `config-${n}.json`), JSON.stringify(instancesConfig(n), null, 2));
  }
  for (const p of PROFILES) {
    const cfg = instancesConfig(PROFILE_INSTANCES, { profile: p });
    writeFileSync(join(dir, `profile-${p}.json`), JSON.stringify(cfg, null, 2));
  }
  for (const f of ['card.json', 'board.json']) copyFileSync(join(FIXTURES, f), join(dir, f));
  return dir;
}
