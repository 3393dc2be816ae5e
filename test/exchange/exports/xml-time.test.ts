import { describe, expect, it } from 'vitest';
import { atomTime, capTime, readableTime } from '../../../src/exchange/exports/xml-time.js';

describe('export times', () => {
  it('writes CAP times with "-00:00" and whole seconds, floored or ceiled (CAP 1.2 3.3.2)', () => {
    expect(capTime('2007-06-07T07:12:40.250Z')).toBe('2007-06-07T07:12:40-00:00');
    expect(capTime('2007-06-07T07:12:40.250Z', 'ceil')).toBe('2007-06-07T07:12:41-00:00');
    expect(capTime('2007-06-07T07:12:40.000Z', 'ceil')).toBe('2007-06-07T07:12:40-00:00');
    expect(capTime(Date.parse('1999-12-31T23:59:59.999Z'), 'ceil')).toBe('2000-01-01T00:00:00-00:00');
  });

  it('writes Atom times with "Z" (RFC 3339), the same instant as CAP', () => {
    expect(atomTime('2007-06-07T07:12:40.250Z')).toBe('2007-06-07T07:12:40Z');
    expect(atomTime(0)).toBe('1970-01-01T00:00:00Z');
    expect(readableTime('2007-06-07T07:12:40.250Z')).toBe('2007-06-07 07:12:40');
  });

  it('refuses what is not a UTC instant of a four-digit year', () => {
    expect(() => capTime('not a time')).toThrow(/not a UTC instant/);
    expect(() => capTime(Date.parse('9999-12-31T23:59:59.500Z'), 'ceil')).toThrow(/0000 to 9999/);
  });
});
