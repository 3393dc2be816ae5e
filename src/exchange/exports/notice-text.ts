import type { VehicleClass } from '../messages/bodies.js';
import type { Area } from '../messages/geometry.js';
import { namedArea } from '../messages/named-areas.js';
import { decimal, degrees, kilometres, kilometresCeil } from './decimal.js';
import type { NoticeFacts } from './hazard-notice.js';
import { readableTime } from './xml-time.js';

/**
 * The words of a hazard notice, for people: the event type, a headline and a description in plain
 * English built only from the facts present. Shared by the CAP alert (event, headline, description)
 * and the Atom entry (title, summary), so both say the same. Distances are written in km and
 * times in UTC to the second; no text comes from a partner verbatim (every value is an enum, a
 * number, a time or an id), and the XML builder escapes all of it anyway.
 */

const CLASS_NAMES: { readonly [C in VehicleClass]: { readonly short: string; readonly long: string } } = {
  srbm: { short: 'SRBM', long: 'a short-range ballistic missile (SRBM)' },
  mrbm: { short: 'MRBM', long: 'a medium-range ballistic missile (MRBM)' },
  irbm: { short: 'IRBM', long: 'an intermediate-range ballistic missile (IRBM)' },
  icbm: { short: 'ICBM', long: 'an intercontinental ballistic missile (ICBM)' },
  slbm: { short: 'SLBM', long: 'a submarine-launched ballistic missile (SLBM)' },
  // "space launch", not "space launch vehicle launch".
  'space-launch-vehicle': { short: 'space', long: 'a space launch vehicle' },
};

/** CAP <event> (section 3.2.2): the type of event, the same for every notice of one launch. */
export function eventName(facts: NoticeFacts): string {
  const what =
    facts.vehicleClass === undefined
      ? 'missile or space launch'
      : facts.vehicleClass === 'space-launch-vehicle'
        ? 'space launch'
        : 'ballistic missile launch';
  return facts.kind === 'launched' ? capitalised(what) : `Planned ${what}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const STATUS_PREFIX = { actual: '', exercise: 'EXERCISE: ', test: 'TEST: ' } as const;

/** One line (CAP 3.2.2 suggests about 160 characters at most; these stay under 110). */
export function headline(facts: NoticeFacts): string {
  const noun =
    facts.vehicleClass === undefined
      ? 'missile or space launch'
      : `${CLASS_NAMES[facts.vehicleClass].short} launch`;
  const window =
    facts.windowStart !== undefined && facts.windowEnd !== undefined
      ? ` between ${readableTime(facts.windowStart)} and ${readableTime(facts.windowEnd, 'ceil')} UTC`
      : '';
  let line: string;
  switch (facts.kind) {
    case 'planned':
      line = `Planned ${noun}${window}`;
      break;
    case 'extended':
      line = `Launch window extended${facts.windowEnd !== undefined ? ` to ${readableTime(facts.windowEnd, 'ceil')} UTC` : ''}: planned ${noun}`;
      break;
    case 'cancelled':
      line = `Cancelled: planned ${noun}${window}`;
      break;
    case 'launched':
      line = `${capitalised(noun)}${facts.launchTime !== undefined ? ` at ${readableTime(facts.launchTime)} UTC` : ''}${facts.basis !== undefined ? ` (${facts.basis})` : ''}`;
      break;
  }
  return STATUS_PREFIX[facts.status] + line;
}

function latitudeText(lat: number): string {
  return `${degrees(Math.abs(lat))} ${lat < 0 ? 'S' : 'N'}`;
}

function longitudeText(lon: number): string {
  return `${degrees(Math.abs(lon))} ${lon < 0 ? 'W' : 'E'}`;
}

/** An area in words: bounded in length whatever the number of polygon vertices. */
export function areaText(area: Area): string {
  switch (area.kind) {
    case 'circle':
      return `within ${kilometresCeil(area.radius)} km of ${latitudeText(area.centre.lat)}, ${longitudeText(area.centre.lon)}`;
    case 'polygon': {
      const lats = area.ring.map((p) => p.lat);
      const lons = area.ring.map((p) => p.lon);
      return (
        `a polygon of ${area.ring.length - 1} corners between ${latitudeText(Math.min(...lats))} and ` +
        `${latitudeText(Math.max(...lats))}, ${longitudeText(Math.min(...lons))} and ${longitudeText(Math.max(...lons))}`
      );
    }
    case 'named': {
      const n = namedArea(area.id);
      if (n === undefined) return `the named area "${area.id}"`;
      // The named-area boxes are shieldlab's own, not official limits (named-areas.ts).
      return (
        `${n.name} (an approximate box: ${latitudeText(n.south)} to ${latitudeText(n.north)}, ` +
        `${longitudeText(n.west)} to ${longitudeText(n.east)})`
      );
    }
  }
}

/** Plain English, one sentence per fact present. */
export function description(facts: NoticeFacts): string {
  const partner = `Partner ${facts.partner}`;
  const vehicle = facts.vehicleClass !== undefined ? CLASS_NAMES[facts.vehicleClass].long : undefined;
  const notification = facts.notificationId !== undefined ? ` ${facts.notificationId}` : '';
  const sentences: string[] = [];
  switch (facts.kind) {
    case 'planned':
      sentences.push(
        `${partner} has notified a planned launch of ${vehicle ?? 'a missile or space launch vehicle'}.`,
      );
      break;
    case 'extended':
      sentences.push(
        `${partner} has extended the launch window of its launch notification${notification}` +
          `${facts.windowEnd !== undefined ? ` to ${readableTime(facts.windowEnd, 'ceil')} UTC` : ''}.`,
      );
      if (vehicle !== undefined) sentences.push(`The planned launch is of ${vehicle}.`);
      break;
    case 'cancelled':
      sentences.push(
        `${partner} has cancelled its launch notification${notification}: the launch is not expected.`,
      );
      if (vehicle !== undefined) sentences.push(`The cancelled launch was of ${vehicle}.`);
      break;
    case 'launched': {
      const basis =
        facts.basis === 'detected'
          ? ', detected by its early-warning sensors'
          : facts.basis === 'declared'
            ? ', declared by the launching party'
            : '';
      const when = facts.launchTime !== undefined ? ` at ${readableTime(facts.launchTime)} UTC` : '';
      sentences.push(
        `${partner} reports the launch of ${vehicle ?? 'a missile or space launch vehicle'}${when}${basis}.`,
      );
      break;
    }
  }
  if (facts.kind !== 'launched' && facts.windowStart !== undefined && facts.windowEnd !== undefined)
    sentences.push(
      `Launch window: ${readableTime(facts.windowStart)} to ${readableTime(facts.windowEnd, 'ceil')} UTC.`,
    );
  if (facts.launchArea !== undefined) sentences.push(`Launch area: ${areaText(facts.launchArea)}.`);
  if (facts.azimuth !== undefined)
    sentences.push(
      `${facts.kind === 'launched' ? 'Direction of flight' : 'Planned direction'}: ${decimal(facts.azimuth, 1)} degrees clockwise from true north.`,
    );
  const impact = facts.kind === 'launched' ? 'Impact area' : 'Planned impact area';
  if (facts.impactAreas.length === 1) sentences.push(`${impact}: ${areaText(facts.impactAreas[0]!)}.`);
  else if (facts.impactAreas.length > 1)
    sentences.push(`${impact}s: ${facts.impactAreas.map((a, i) => `(${i + 1}) ${areaText(a)}`).join('; ')}.`);
  if (facts.impactTime !== undefined) sentences.push(`Impact time: ${readableTime(facts.impactTime)} UTC.`);
  if (facts.range !== undefined) sentences.push(`Maximum range: ${kilometres(facts.range)} km.`);
  if (facts.apogee !== undefined) sentences.push(`Apogee: ${kilometres(facts.apogee)} km.`);
  if (facts.kind === 'launched' && facts.notificationId !== undefined)
    sentences.push(`The launch was notified in advance (launch notification ${facts.notificationId}).`);
  if (facts.status === 'exercise') sentences.push('This is an exercise, not a real launch.');
  if (facts.status === 'test') sentences.push('This is a test message, not a real launch.');
  if (facts.policy !== undefined)
    sentences.push(`Positions, times and values may be generalized (release policy ${facts.policy}).`);
  return sentences.join(' ');
}
