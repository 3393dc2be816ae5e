import { InputError } from '../core/errors.js';

/**
 * Calendar time for exports that place a run on a timeline (CZML, KML): the physics counts seconds
 * from launch, a globe or a map needs UTC instants. The scenario's `epoch` (ISO 8601, UTC) is t = 0
 * of the scenario; without one, the day of the 2007 proposal is used.
 */

export const DEFAULT_EPOCH = '2007-06-08T00:00:00Z';

/** Milliseconds since 1970 (UTC) of a scenario epoch: a date, or a date and time (UTC). */
export function epochMillis(epoch: string = DEFAULT_EPOCH): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}(?:\.\d+)?))?)?Z?$/.exec(epoch);
  const field = (i: number) => Number(m?.[i] ?? 0);
  const [year, month, day, hour, minute, second] = [
    field(1),
    field(2),
    field(3),
    field(4),
    field(5),
    field(6),
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute) + second * 1000;
  // Date.UTC rolls month 13 into the next year: a date that does not read back is no date.
  const back = new Date(Date.UTC(year, month - 1, day));
  const valid =
    m !== null &&
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  if (!valid) throw new InputError('epoch', epoch, 'an ISO 8601 date such as 2007-06-08');
  return ms;
}

/** The UTC instant `seconds` after `epochMs`, ISO 8601 to the microsecond (Date keeps only milliseconds). */
export function isoInstant(epochMs: number, seconds: number): string {
  const micros = Math.round(epochMs * 1000 + seconds * 1e6);
  const whole = Math.floor(micros / 1e6);
  const fraction = micros - whole * 1e6;
  const base = new Date(whole * 1000).toISOString().slice(0, 19);
  return fraction === 0 ? `${base}Z` : `${base}.${String(fraction).padStart(6, '0')}Z`;
}
