import type { AnyMessage, MessageStatus } from '../messages/message.js';
import { type CapArea, capArea } from './cap-area.js';
import { decimal } from './decimal.js';
import {
  type HazardNotice,
  isHazardNotice,
  type MessageLookup,
  type NoticeFacts,
  noticeFacts,
} from './hazard-notice.js';
import { description, eventName, headline } from './notice-text.js';
import { absoluteUrl, xmlDocument, xmlText } from './xml-document.js';
import { capTime } from './xml-time.js';

/**
 * A launch notification as a CAP 1.2 alert (OASIS Common Alerting Protocol Version 1.2, OASIS
 * Standard, 1 July 2010; section numbers below are of that document), for public hazard notices.
 * The alert validates against the OASIS schema (test/reference/schemas/cap/CAP-v1.2.xsd): elements
 * in the schema's order, enumerations as listed, times as "YYYY-MM-DDThh:mm:ss-00:00".
 *
 * Only hazard notices have an alert (hazard-notice.ts): for a receipt, acknowledgement, heartbeat or
 * error `capAlert` returns undefined (the server answers 404), so the public stream may hold any
 * type without the export deciding policy.
 *
 * The exchange is the CAP sender: it issues every public alert, signs the copies they come from and
 * guarantees the identifiers (message ids, UUIDs) unique; the notifying partner is the <source>.
 * So <references> to earlier alerts name the exchange too, and a reference needs only the earlier
 * message's id and sent time, which the lookup of earlier messages gives.
 */

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const CAP_MEDIA_TYPE = 'application/cap+xml';

export interface CapAlertOptions {
  /** The exchange's partner id; the CAP <sender> unless `senderAddress` is given. */
  readonly exchange: string;
  /**
   * CAP <sender> (3.2.1): "guaranteed by assigner to be unique globally; e.g., may be based on an
   * Internet domain name", without spaces, commas, "<" or "&"; say "exchange@shieldlab.example.org".
   */
  readonly senderAddress?: string | undefined;
  /** CAP <senderName> (3.2.2): the issuing body's name for people. */
  readonly senderName?: string | undefined;
  /** CAP <web> (3.2.2): an absolute URL with more about the alert, written as given. */
  readonly web?: string | undefined;
  /**
   * Earlier messages by id as the public holds them (the same copies their alerts were made from,
   * so a reference's sent time is the one that alert carries). Without it an alert references
   * nothing and a follow-up says only what it carries itself.
   */
  readonly referenced?: MessageLookup | undefined;
}

const CAP_STATUS: { readonly [S in MessageStatus]: 'Actual' | 'Exercise' | 'Test' } = {
  actual: 'Actual',
  exercise: 'Exercise',
  test: 'Test',
};

// CAP 3.2.1: <sender> and <identifier> must not include spaces, commas or "<" and "&".
const CAP_ID = /^[^\s,<&]+$/;

function capSender(options: CapAlertOptions): string {
  const sender = options.senderAddress ?? options.exchange;
  if (!CAP_ID.test(sender))
    throw new Error(`CAP sender: text without spaces, commas, "<" or "&", got ${JSON.stringify(sender)}`);
  return xmlText('CAP sender', sender);
}

/** <msgType> (3.2.1): a follow-up updates or cancels the notification's alert. */
function msgType(facts: NoticeFacts): 'Alert' | 'Update' | 'Cancel' {
  switch (facts.kind) {
    case 'planned':
      return 'Alert';
    case 'extended':
      return 'Update';
    case 'cancelled':
      return 'Cancel';
    case 'launched':
      // The launch supersedes the planned-launch alert it fulfils; a launch without one is new.
      return facts.notification !== undefined ? 'Update' : 'Alert';
  }
}

const HOUR = 3_600_000;

/**
 * <urgency> (3.2.2), judged at the alert's sent time. A planned launch is "Future" (notified at
 * least a day ahead, 1988 agreement) and "Expected" ("within the next hour") once its window is
 * that close or open; a launch event is "Immediate" while the flight may be under way; anything
 * over (window closed, impact passed, or an hour after a launch of unknown impact: longer than any
 * ballistic flight) is "Past", as is a cancellation ("responsive action is no longer required").
 */
function urgency(facts: NoticeFacts, sentMs: number): 'Immediate' | 'Expected' | 'Future' | 'Past' {
  switch (facts.kind) {
    case 'cancelled':
      return 'Past';
    case 'launched': {
      const over =
        facts.impactTime !== undefined
          ? Date.parse(facts.impactTime) <= sentMs
          : facts.launchTime !== undefined && Date.parse(facts.launchTime) + HOUR <= sentMs;
      return over ? 'Past' : 'Immediate';
    }
    case 'planned':
    case 'extended': {
      if (facts.windowEnd !== undefined && Date.parse(facts.windowEnd) <= sentMs) return 'Past';
      if (facts.windowStart !== undefined)
        return Date.parse(facts.windowStart) - sentMs <= HOUR ? 'Expected' : 'Future';
      // An extension comes while the window is open or about to be.
      return facts.kind === 'extended' && facts.windowEnd !== undefined ? 'Expected' : 'Future';
    }
  }
}

/**
 * <severity> (3.2.2): "Unknown". A notification says nothing of the threat to life or property
 * (a test flight into an empty ocean area and an attack look alike in it), and the exchange does
 * not guess; a cancelled launch is "Minor" ("minimal to no known threat").
 */
function severity(facts: NoticeFacts): 'Minor' | 'Unknown' {
  return facts.kind === 'cancelled' ? 'Minor' : 'Unknown';
}

/**
 * <certainty> (3.2.2): a launch that took place is "Observed" ("determined to have occurred"),
 * whether declared or detected; a notified launch is "Likely" (p > ~50%: the launching party
 * plans it); a cancelled one "Unlikely" ("not expected to occur").
 */
function certainty(facts: NoticeFacts): 'Observed' | 'Likely' | 'Unlikely' {
  return facts.kind === 'launched' ? 'Observed' : facts.kind === 'cancelled' ? 'Unlikely' : 'Likely';
}

/**
 * <category> (3.2.2): "Safety" ("general emergency and public safety": the launch and impact areas
 * are hazard areas, as in navigational warnings) and, for a missile, "Security" (whose definition
 * includes "military"). A space launch is a safety notice only.
 */
function categories(facts: NoticeFacts): string[] {
  return facts.vehicleClass === 'space-launch-vehicle' ? ['Safety'] : ['Safety', 'Security'];
}

/** Machine-readable values (<parameter>, 3.2.2), SI units named in the value name. */
function parameters(facts: NoticeFacts): { valueName: string; value: string }[] {
  const list: { valueName: string; value: string }[] = [];
  const add = (valueName: string, value: string | undefined) => {
    if (value !== undefined) list.push({ valueName, value });
  };
  add('vehicleClass', facts.vehicleClass);
  add('basis', facts.basis);
  add('launchTime', facts.launchTime !== undefined ? capTime(facts.launchTime) : undefined);
  add('impactTime', facts.impactTime !== undefined ? capTime(facts.impactTime) : undefined);
  add('azimuthDegrees', facts.azimuth !== undefined ? decimal(facts.azimuth, 3) : undefined);
  add('rangeMetres', facts.range !== undefined ? decimal(facts.range, 0) : undefined);
  add('apogeeMetres', facts.apogee !== undefined ? decimal(facts.apogee, 0) : undefined);
  add('notification', facts.kind === 'planned' ? undefined : facts.notificationId);
  add('releasePolicy', facts.policy);
  return list;
}

function areas(facts: NoticeFacts): CapArea[] {
  const list: CapArea[] = [];
  if (facts.launchArea !== undefined) list.push(capArea(facts.launchArea, 'Launch area'));
  const n = facts.impactAreas.length;
  facts.impactAreas.forEach((a, i) => {
    list.push(capArea(a, n === 1 ? 'Impact area' : `Impact area ${i + 1} of ${n}`));
  });
  return list;
}

/** Onset and expiry (3.2.2): the launch window, or launch to impact; floored and ceiled. */
function interval(facts: NoticeFacts): { onset?: string | undefined; expires?: string | undefined } {
  switch (facts.kind) {
    case 'planned':
    case 'extended':
      return {
        onset: facts.windowStart !== undefined ? capTime(facts.windowStart) : undefined,
        expires: facts.windowEnd !== undefined ? capTime(facts.windowEnd, 'ceil') : undefined,
      };
    case 'launched':
      return {
        onset: facts.launchTime !== undefined ? capTime(facts.launchTime) : undefined,
        expires: facts.impactTime !== undefined ? capTime(facts.impactTime, 'ceil') : undefined,
      };
    case 'cancelled':
      return {};
  }
}

/**
 * <references> (3.2.1): "sender,identifier,sent" of each earlier alert, whitespace-separated. Only
 * messages the lookup holds and that have an alert are referenced; others are left out (an
 * unknown sent time cannot be written, and a receipt has no alert to refer to).
 */
function references(message: HazardNotice, sender: string, lookup: MessageLookup | undefined): string[] {
  const list: string[] = [];
  for (const id of message.references) {
    const earlier = lookup?.(id);
    if (earlier !== undefined && earlier.id === id && isHazardNotice(earlier))
      list.push(`${sender},${earlier.id},${capTime(earlier.sent)}`);
  }
  return list;
}

/** The CAP 1.2 alert of a hazard notice. */
export function capAlert(message: HazardNotice, options: CapAlertOptions): string;
/** The CAP 1.2 alert of a message, or undefined for a type that is not a hazard notice. */
export function capAlert(message: AnyMessage, options: CapAlertOptions): string | undefined;
export function capAlert(message: AnyMessage, options: CapAlertOptions): string | undefined {
  if (!isHazardNotice(message)) return undefined;
  const sender = capSender(options);
  const facts = noticeFacts(message, options.referenced);
  const refs = references(message, sender, options.referenced);
  const params = parameters(facts);
  const areaList = areas(facts);
  const { onset, expires } = interval(facts);
  // Keys in the order of the schema's sequences (3.2.1 alert, 3.2.2 info, 3.2.4 area).
  const info = {
    language: 'en',
    category: categories(facts),
    event: eventName(facts),
    urgency: urgency(facts, Date.parse(message.sent)),
    severity: severity(facts),
    certainty: certainty(facts),
    onset,
    expires,
    senderName: options.senderName !== undefined ? xmlText('CAP senderName', options.senderName) : undefined,
    headline: headline(facts),
    description: description(facts),
    web: options.web !== undefined ? absoluteUrl('CAP web', options.web) : undefined,
    parameter: params.length > 0 ? params : undefined,
    area: areaList.length > 0 ? areaList : undefined,
  };
  return xmlDocument({
    alert: {
      '@_xmlns': CAP_NAMESPACE,
      identifier: message.id,
      sender,
      sent: capTime(message.sent),
      status: CAP_STATUS[message.status],
      msgType: msgType(facts),
      source: `partner ${message.sender}`,
      scope: 'Public',
      references: refs.length > 0 ? refs.join(' ') : undefined,
      // <incidents> (3.2.1) collates every alert about one notified launch under the notification's id.
      incidents: facts.notificationId,
      info,
    },
  });
}
