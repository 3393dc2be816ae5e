import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { auditToJsonLines, parseAuditJsonLines } from '../../../src/exchange/audit/audit-json-lines.js';
import { verifyAudit } from '../../../src/exchange/audit/verify-audit.js';
import { buildLog, publicKeys } from './audit-fixtures.js';

describe('audit JSON lines', () => {
  it('round-trip a log: a header, one entry per line, each checkpoint after the entry it covers', () => {
    const { entries, checkpoints } = buildLog(25, 10);
    const text = auditToJsonLines(entries, checkpoints);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 25 + 2);
    expect(JSON.parse(lines[0]!)).toEqual({ kind: 'header', format: 'shieldlab-audit', version: 1 });
    expect(JSON.parse(lines[11]!)).toMatchObject({ kind: 'checkpoint', index: 10 });
    expect(parseAuditJsonLines(text, 'a.jsonl')).toEqual({ entries, checkpoints });
  });

  it('keep a checkpoint beyond the last entry (the evidence of a cut tail)', () => {
    const { entries, checkpoints } = buildLog(20, 10);
    const { entries: cut, checkpoints: kept } = parseAuditJsonLines(
      auditToJsonLines(entries.slice(0, 15), checkpoints),
      'a.jsonl',
    );
    expect(kept).toEqual(checkpoints);
    expect(verifyAudit(cut, kept, publicKeys).problem?.kind).toBe('truncated');
  });

  it('do not depend on spelling: key order and spacing may change, values may not', () => {
    const { entries } = buildLog(3);
    const respelled = auditToJsonLines(entries, [])
      .split('\n')
      .map((line) =>
        line
          ? JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(line)).reverse()), null, 0).replace(
              /,/g,
              ', ',
            )
          : line,
      )
      .join('\n');
    const parsed = parseAuditJsonLines(respelled, 'a.jsonl');
    expect(verifyAudit(parsed.entries, parsed.checkpoints).ok).toBe(true);
  });

  it('name the file, line and field of anything that is not an audit export', () => {
    const { entries } = buildLog(2);
    const good = auditToJsonLines(entries, []).trimEnd().split('\n');
    const cases: Array<[string[], string]> = [
      [
        [],
        'a.jsonl: line 1: got nothing, expected a header line {"kind":"header","format":"shieldlab-audit","version":1}',
      ],
      [
        ['{"kind":"entry"}'],
        'a.jsonl: line 1: format: got nothing, expected "shieldlab-audit" (a header line first)',
      ],
      [[good[0]!.replace('"version":1', '"version":2')], 'a.jsonl: line 1: version: got 2, expected 1'],
      [[good[0]!, 'not json'], 'a.jsonl: line 2: got "not json", expected a JSON object'],
      [[good[0]!, '[1]'], 'a.jsonl: line 2: got [1], expected a JSON object'],
      [
        [good[0]!, good[1]!.replace('"index":1', '"index":"1"')],
        'a.jsonl: line 2: index: got "1", expected an integer >= 1',
      ],
      [
        [good[0]!, good[1]!.replace('"index":1', '"index":0')],
        'a.jsonl: line 2: index: got 0, expected an integer >= 1',
      ],
      [
        [good[0]!, good[1]!.replace(/"hash":"[0-9a-f]+"/, '"hash":"XYZ"')],
        'a.jsonl: line 2: hash: got "XYZ", expected a SHA-256 hash (64 lowercase hex digits)',
      ],
      [
        [good[0]!, good[1]!.replace(/"details":\{[^}]*\}/, '"details":[]')],
        'a.jsonl: line 2: details: got [], expected a JSON object',
      ],
      [
        [good[0]!, good[1]!.replace('"kind":"entry"', '"kind":"note"')],
        'a.jsonl: line 2: kind: got "note", expected "entry" or "checkpoint"',
      ],
      [
        [good[0]!, good[1]!.replace('{', '{"extra":1,')],
        'a.jsonl: line 2: extra: got 1, expected only the fields kind, index, time, actor, action, subject, details, previousHash, hash',
      ],
      [
        [good[0]!, `{"kind":"checkpoint","index":1,"hash":"${'a'.repeat(64)}","keyId":5}`],
        'a.jsonl: line 2: keyId: got 5, expected a string',
      ],
    ];
    for (const [lines, message] of cases) {
      let error: unknown;
      try {
        parseAuditJsonLines(lines.join('\n'), 'a.jsonl');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(message);
    }
  });
});
