import type { AuditRecord } from '../audit/audit-entry.js';
import type { PublicKeyRecord } from '../signing/keyring.js';
import { openRegistry } from './exchange-directory.js';
import type { NewPartner, Partner } from './partner-registry.js';

/**
 * What `shieldlab exchange partner add|list|revoke|add-key` need of a registry, on SQLite (the
 * exchange's file) or PostgreSQL (the database several instances share). Each change is one
 * transaction with its audit entries.
 */
export interface RegistryAdmin {
  /** The exchange's id. */
  readonly id: string;
  get(id: string): Promise<Partner | undefined>;
  list(): Promise<readonly Partner[]>;
  keysOf(id: string): Promise<readonly PublicKeyRecord[]>;
  /** The active partner holding this token. */
  authenticate(token: string): Promise<Partner | undefined>;
  /** Add a partner; its token (shown once), or undefined for the public partner. */
  add(input: NewPartner, audit: AuditRecord): Promise<string | undefined>;
  /** Revoke a partner: its token and keys stop working. */
  revoke(id: string, now: string, audit: AuditRecord): Promise<void>;
  /** Trust one more key; optionally revoke one at the same time. */
  addKey(
    record: PublicKeyRecord,
    audit: AuditRecord,
    revoke?: { readonly kid: string; readonly now: string; readonly audit: AuditRecord },
  ): Promise<void>;
  close(): Promise<void>;
}

/** The registry of the exchange in `dir` (SQLite) or, with `database`, in PostgreSQL. */
export async function openRegistryAdmin(options: {
  readonly dir: string;
  readonly database?: string | undefined;
}): Promise<RegistryAdmin> {
  if (options.database !== undefined) {
    const { openPostgresRegistry } = await import('./postgres-exchange-directory.js');
    return openPostgresRegistry(options.database);
  }
  const { db, registry, audit, id } = openRegistry(options.dir);
  const immediate = <T>(work: () => T): T => db.transaction(work).immediate();
  return {
    id,
    get: async (partner) => registry.get(partner),
    list: async () => registry.list(),
    keysOf: async (partner) => registry.keysOf(partner),
    authenticate: async (token) => registry.authenticate(token),
    add: async (input, record) =>
      immediate(() => {
        const token = registry.add(input);
        audit.append(record);
        return token;
      }),
    revoke: async (partner, now, record) =>
      immediate(() => {
        registry.revoke(partner, now);
        audit.append(record);
      }),
    addKey: async (key, record, revoke) =>
      immediate(() => {
        registry.addKey(key);
        audit.append(record);
        if (revoke) {
          registry.revokeKey(revoke.kid, revoke.now);
          audit.append(revoke.audit);
        }
      }),
    close: async () => {
      db.close();
    },
  };
}
