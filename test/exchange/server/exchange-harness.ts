import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageType } from '../../../src/exchange/messages/bodies.js';
import type { MessageOf } from '../../../src/exchange/messages/message.js';
import {
  parseReleasePolicy,
  type ReleasePolicy,
  type ReleasePolicyInput,
} from '../../../src/exchange/policy/policy.js';
import { initExchange, openRegistry } from '../../../src/exchange/server/exchange-directory.js';
import { generateKeyFile, readSigningKey } from '../../../src/exchange/server/key-files.js';
import {
  initPostgresExchange,
  openPostgresRegistry,
} from '../../../src/exchange/server/postgres-exchange-directory.js';
import type { SigningKey } from '../../../src/exchange/signing/signing-key.js';

/** A partner of a test exchange: its token and signing key. */
export interface TestPartner {
  readonly id: string;
  readonly token: string | undefined;
  readonly key: SigningKey;
  readonly keyFile: string;
}

export interface PartnerSpec {
  readonly id: string;
  readonly publish?: readonly MessageType[];
  readonly policy?: Partial<ReleasePolicyInput>;
}

/** A release policy that passes every launch-event field at 1 deg, 60 s, 10 deg, 100 km. */
export function testPolicy(partner: string, input: Partial<ReleasePolicyInput> = {}): ReleasePolicy {
  const parsed = parseReleasePolicy({
    id: `to-${partner}.1`,
    partner,
    statuses: ['actual', 'exercise'],
    types: {
      'launch-event': [
        'basis',
        'vehicleClass',
        'launchTime',
        'launchArea',
        'azimuth',
        'impactArea',
        'impactTime',
        'reach',
      ],
    },
    precision: { area: { kind: 'grid', degrees: 1 }, time: 60, azimuth: 10, reach: 100_000 },
    ...input,
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.value;
}

/**
 * A new exchange in a temporary directory with these partners; with `database` (a PostgreSQL URL),
 * its tables in that database and only its key files in the directory.
 */
export async function createTestExchange(
  specs: readonly PartnerSpec[],
  options: { readonly database?: string } = {},
): Promise<{
  dir: string;
  /** The PostgreSQL URL, when the exchange is there. */
  database: string | undefined;
  partners: Record<string, TestPartner>;
  dispose(): void;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'shieldlab-exchange-'));
  const now = new Date();
  if (options.database !== undefined) {
    const partners = await addPostgresPartners(options.database, dir, specs, now);
    return {
      dir,
      database: options.database,
      partners,
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  await initExchange(dir, 'exchange', now);
  const partners: Record<string, TestPartner> = {};
  const { db, registry } = openRegistry(dir);
  try {
    for (const spec of specs) {
      const keyFile = join(dir, `${spec.id}-key.json`);
      const { record } = await generateKeyFile(keyFile, spec.id, {
        notBefore: new Date(now.getTime() - 86_400_000).toISOString(),
        notAfter: new Date(now.getTime() + 86_400_000).toISOString(),
      });
      const token = registry.add({
        id: spec.id,
        publishTypes: spec.publish ?? [],
        policy: spec.policy ? testPolicy(spec.id, spec.policy) : undefined,
        keys: [record],
        now: now.toISOString(),
      });
      partners[spec.id] = { id: spec.id, token, key: (await readSigningKey(keyFile)).key, keyFile };
    }
  } finally {
    db.close();
  }
  return { dir, database: undefined, partners, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A test key file valid from a day ago to a day ahead. */
function testKeyFile(dir: string, id: string, now: Date) {
  return generateKeyFile(join(dir, `${id}-key.json`), id, {
    notBefore: new Date(now.getTime() - 86_400_000).toISOString(),
    notAfter: new Date(now.getTime() + 86_400_000).toISOString(),
  });
}

/** init --database, then the partners, through the PostgreSQL registry (with their audit entries). */
async function addPostgresPartners(
  database: string,
  dir: string,
  specs: readonly PartnerSpec[],
  now: Date,
): Promise<Record<string, TestPartner>> {
  await initPostgresExchange(database, dir, 'exchange', now);
  const registry = await openPostgresRegistry(database);
  const partners: Record<string, TestPartner> = {};
  try {
    for (const spec of specs) {
      const { record } = await testKeyFile(dir, spec.id, now);
      const token = await registry.add(
        {
          id: spec.id,
          publishTypes: spec.publish ?? [],
          policy: spec.policy ? testPolicy(spec.id, spec.policy) : undefined,
          keys: [record],
          now: now.toISOString(),
        },
        { actor: registry.id, action: 'partner.added', subject: spec.id },
      );
      const keyFile = join(dir, `${spec.id}-key.json`);
      partners[spec.id] = { id: spec.id, token, key: (await readSigningKey(keyFile)).key, keyFile };
    }
  } finally {
    await registry.close();
  }
  return partners;
}

/** A launch event from `sender`, sent now (a live message), launched a minute ago. */
export function liveLaunchEvent(
  sender: string,
  sequence: number,
  overrides: { sent?: string; launchTime?: string; range?: number } = {},
): MessageOf<'launch-event'> {
  const now = Date.now();
  return {
    schemaVersion: 1,
    id: crypto.randomUUID(),
    sender,
    sequence,
    sent: overrides.sent ?? new Date(now).toISOString(),
    status: 'exercise',
    references: [],
    type: 'launch-event',
    body: {
      basis: 'detected',
      vehicleClass: 'irbm',
      launchTime: overrides.launchTime ?? new Date(now - 60_000).toISOString(),
      launchArea: { kind: 'circle', centre: { lat: 35.2311, lon: 53.9207 }, radius: 5_000 },
      azimuth: 151.7,
      impactArea: { kind: 'circle', centre: { lat: 10.93, lon: 62.71 }, radius: 25_000 },
      impactTime: new Date(now + 600_000).toISOString(),
      reach: { range: overrides.range ?? 2_034_500, apogee: 612_300 },
    },
  };
}
