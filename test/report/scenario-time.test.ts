import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH, epochMillis, isoInstant } from '../../src/report/scenario-time.js';

describe('scenario time on the calendar', () => {
  it('reads a date, a date and time, and the default epoch as UTC', () => {
    expect(epochMillis('2007-06-08')).toBe(Date.UTC(2007, 5, 8));
    expect(epochMillis()).toBe(Date.UTC(2007, 5, 8));
    expect(epochMillis(DEFAULT_EPOCH)).toBe(Date.UTC(2007, 5, 8));
    expect(epochMillis('2010-03-01T12:30')).toBe(Date.UTC(2010, 2, 1, 12, 30));
    expect(epochMillis('2010-03-01T12:30:15.25Z')).toBe(Date.UTC(2010, 2, 1, 12, 30, 15, 250));
    expect(() => epochMillis('2010-13-45')).toThrow(/ISO 8601/);
    expect(() => epochMillis('2010-02-30')).toThrow(/ISO 8601/);
    expect(() => epochMillis('2010-02-03T24:00')).toThrow(/ISO 8601/);
    expect(() => epochMillis('8 June 2007')).toThrow(/ISO 8601/);
  });

  it('writes instants to the microsecond, across minutes and days', () => {
    const epoch = Date.UTC(2007, 5, 8);
    expect(isoInstant(epoch, 0)).toBe('2007-06-08T00:00:00Z');
    expect(isoInstant(epoch, 1131.2231186)).toBe('2007-06-08T00:18:51.223119Z');
    expect(isoInstant(epoch, 86_399.9999996)).toBe('2007-06-09T00:00:00Z');
    expect(isoInstant(epoch, -0.5)).toBe('2007-06-07T23:59:59.500000Z');
  });
});
