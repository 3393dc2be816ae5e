import { InputError } from '../../core/errors.js';
import type { AuditCheckpoint } from './audit-checkpoint.js';
import type { AuditEntry, JsonObject } from './audit-entry.js';

/**
 * The audit log as JSON lines: a header line, then each entry in index order, each checkpoint right
 * after the entry it covers. One JSON object per line, so the file can be appended to, split,
 * diffed and read by any tool; the hashes are over canonical JSON, so how a line is spelled
 * (key order, spacing) does not matter, only its values.
 */

export const AUDIT_EXPORT_FORMAT = 'shieldlab-audit';
export const AUDIT_EXPORT_VERSION = 1;

const HEX64 = /^[0-9a-f]{64}$/;

/** The JSON-lines text of a log (ends with a newline). */
export function auditToJsonLines(
  entries: readonly AuditEntry[],
  checkpoints: readonly AuditCheckpoint[],
): string {
  const byIndex = new Map<number, AuditCheckpoint[]>();
  for (const cp of checkpoints) byIndex.set(cp.index, [...(byIndex.get(cp.index) ?? []), cp]);
  const lines = [
    JSON.stringify({ kind: 'header', format: AUDIT_EXPORT_FORMAT, version: AUDIT_EXPORT_VERSION }),
  ];
  const line = (cp: AuditCheckpoint) =>
    JSON.stringify({
      kind: 'checkpoint',
      index: cp.index,
      hash: cp.hash,
      keyId: cp.keyId,
      time: cp.time,
      signature: cp.signature,
    });
  for (const e of entries) {
    lines.push(
      JSON.stringify({
        kind: 'entry',
        index: e.index,
        time: e.time,
        actor: e.actor,
        action: e.action,
        subject: e.subject,
        details: e.details,
        previousHash: e.previousHash,
        hash: e.hash,
      }),
    );
    for (const cp of byIndex.get(e.index) ?? []) lines.push(line(cp));
    byIndex.delete(e.index);
  }
  // Checkpoints beyond the last entry are kept too: they are the evidence of a cut-off tail.
  for (const cps of [...byIndex.entries()].sort((a, b) => a[0] - b[0]))
    for (const cp of cps[1]) lines.push(line(cp));
  return `${lines.join('\n')}\n`;
}

/**
 * Read a JSON-lines export: entries in file order (order is evidence: verifyAudit judges it) and
 * checkpoints. A line that is not JSON or a field of the wrong type is bad input, named by file,
 * line and field; whether the values are honest is verifyAudit's question, not this one's.
 */
export function parseAuditJsonLines(
  text: string,
  file: string,
): { entries: AuditEntry[]; checkpoints: AuditCheckpoint[] } {
  const entries: AuditEntry[] = [];
  const checkpoints: AuditCheckpoint[] = [];
  let headerSeen = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const at = `line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new InputError(at, raw.length > 60 ? `${raw.slice(0, 57)}...` : raw, 'a JSON object', file);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError(at, value, 'a JSON object', file);
    }
    const fields = new Fields(value as Record<string, unknown>, at, file);
    const kind = fields.value('kind');
    if (!headerSeen) {
      if (kind !== 'header' || fields.value('format') !== AUDIT_EXPORT_FORMAT) {
        throw new InputError(
          `${at}: format`,
          fields.value('format'),
          `"${AUDIT_EXPORT_FORMAT}" (a header line first)`,
          file,
        );
      }
      if (fields.value('version') !== AUDIT_EXPORT_VERSION) {
        throw new InputError(`${at}: version`, fields.value('version'), String(AUDIT_EXPORT_VERSION), file);
      }
      fields.only(['kind', 'format', 'version']);
      headerSeen = true;
    } else if (kind === 'entry') {
      fields.only(['kind', 'index', 'time', 'actor', 'action', 'subject', 'details', 'previousHash', 'hash']);
      entries.push({
        index: fields.index('index'),
        time: fields.string('time'),
        actor: fields.string('actor'),
        action: fields.string('action'),
        subject: fields.string('subject'),
        details: fields.object('details'),
        previousHash: fields.hash('previousHash'),
        hash: fields.hash('hash'),
      });
    } else if (kind === 'checkpoint') {
      fields.only(['kind', 'index', 'hash', 'keyId', 'time', 'signature']);
      checkpoints.push({
        index: fields.index('index'),
        hash: fields.hash('hash'),
        keyId: fields.string('keyId'),
        time: fields.string('time'),
        signature: fields.string('signature'),
      });
    } else {
      throw new InputError(`${at}: kind`, kind, '"entry" or "checkpoint"', file);
    }
  }
  if (!headerSeen) {
    const header = JSON.stringify({
      kind: 'header',
      format: AUDIT_EXPORT_FORMAT,
      version: AUDIT_EXPORT_VERSION,
    });
    throw new InputError('line 1', undefined, `a header line ${header}`, file);
  }
  return { entries, checkpoints };
}

/** Typed reads of one line's fields, each failure naming the line and the field. */
class Fields {
  constructor(
    private readonly o: Record<string, unknown>,
    private readonly at: string,
    private readonly file: string,
  ) {}

  value(name: string): unknown {
    return this.o[name];
  }

  only(allowed: readonly string[]): void {
    for (const key of Object.keys(this.o)) {
      if (!allowed.includes(key)) throw this.error(key, this.o[key], `only the fields ${allowed.join(', ')}`);
    }
  }

  string(name: string): string {
    const v = this.o[name];
    if (typeof v !== 'string') throw this.error(name, v, 'a string');
    return v;
  }

  index(name: string): number {
    const v = this.o[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
      throw this.error(name, v, 'an integer >= 1');
    return v;
  }

  hash(name: string): string {
    const v = this.o[name];
    if (typeof v !== 'string' || !HEX64.test(v))
      throw this.error(name, v, 'a SHA-256 hash (64 lowercase hex digits)');
    return v;
  }

  object(name: string): JsonObject {
    const v = this.o[name];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw this.error(name, v, 'a JSON object');
    return v as JsonObject;
  }

  private error(name: string, value: unknown, expected: string): InputError {
    return new InputError(`${this.at}: ${name}`, value, expected, this.file);
  }
}
