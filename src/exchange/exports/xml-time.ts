/**
 * Instants as the exports write them. Messages carry UTC instants as `toISOString` writes them
 * (milliseconds, "Z"); the exports write whole seconds:
 *
 * - CAP 1.2 (section 3.3.2, DateTime Data Type): "YYYY-MM-DDThh:mm:ssXzh:zm", the offset always
 *   numeric; "Z" is not allowed and a UTC time is written with "-00:00". The schema's pattern
 *   `\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[-,+]\d\d:\d\d` also forbids fractional seconds.
 * - Atom (RFC 4287 section 3.3, RFC 3339): "Z". RFC 3339 section 4.3 gives "-00:00" the meaning
 *   "UTC known, local offset unknown", a CAP convention feed readers need not know, so the feed
 *   writes the same instant (same rounding) with "Z".
 *
 * Rounding is explicit: a start (sent, onset) is floored to the second and an end (expires) is
 * ceiled, so a written interval never shrinks.
 */

export type Rounding = 'floor' | 'ceil';

/** Whole seconds of a UTC instant given as an ISO string or milliseconds since 1970. */
function wholeSeconds(instant: string | number, rounding: Rounding): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new Error(`not a UTC instant: ${String(instant)}`);
  const s = rounding === 'floor' ? Math.floor(ms / 1000) : Math.ceil(ms / 1000);
  const iso = new Date(s * 1000).toISOString();
  // Years outside 0000-9999 are written with a sign and six digits, which neither format takes.
  if (!/^\d{4}-/.test(iso)) throw new Error(`a UTC instant in the years 0000 to 9999, got ${iso}`);
  return iso.slice(0, 19);
}

/** CAP 1.2 DateTime (section 3.3.2): "2007-06-07T07:12:40-00:00". */
export function capTime(instant: string | number, rounding: Rounding = 'floor'): string {
  return `${wholeSeconds(instant, rounding)}-00:00`;
}

/** RFC 3339 date-time for Atom (RFC 4287 section 3.3): "2007-06-07T07:12:40Z". */
export function atomTime(instant: string | number, rounding: Rounding = 'floor'): string {
  return `${wholeSeconds(instant, rounding)}Z`;
}

/** For sentences: "2007-06-07 07:12:40" (the caller adds "UTC"). */
export function readableTime(instant: string | number, rounding: Rounding = 'floor'): string {
  return wholeSeconds(instant, rounding).replace('T', ' ');
}
