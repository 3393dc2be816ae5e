import type { Reach, VehicleClass } from '../messages/bodies.js';
import type { Area } from '../messages/geometry.js';
import { type AnyMessage, isReleased, type MessageStatus } from '../messages/message.js';

/**
 * Which messages are public hazard notices, and what each says about its launch.
 *
 * The four launch notifications are: a pre-launch notification (a planned launch), its window
 * extension and its cancellation, and a launch event (a launch that took place). Receipts,
 * acknowledgements, heartbeats and errors are the exchange's own traffic and have no public form.
 *
 * A follow-up (extension, cancellation) carries only what changed, and a launch event may fulfil a
 * notification; with a lookup of earlier messages (the public copies, by id) the facts of the
 * notification complete the follow-up, so its alert can stand alone. A released copy may lack any
 * body field (its policy removed it): every fact is optional and the exports say only what is there.
 */

export const HAZARD_TYPES = ['pre-launch', 'window-extension', 'cancellation', 'launch-event'] as const;
export type HazardType = (typeof HAZARD_TYPES)[number];
export type HazardNotice = Extract<AnyMessage, { type: HazardType }>;
export type PreLaunchNotice = Extract<AnyMessage, { type: 'pre-launch' }>;

export function isHazardNotice(message: AnyMessage): message is HazardNotice {
  return (HAZARD_TYPES as readonly string[]).includes(message.type);
}

/** Earlier messages by id, as the recipient holds them (for the public exports: the public copies). */
export type MessageLookup = (id: string) => AnyMessage | undefined;

export type NoticeKind = 'planned' | 'extended' | 'cancelled' | 'launched';

export interface NoticeFacts {
  readonly kind: NoticeKind;
  readonly id: string;
  /** The partner that sent the notification (or, for a launch event, reported the launch). */
  readonly partner: string;
  readonly status: MessageStatus;
  readonly sent: string;
  /** The release policy that generalized this copy, for a released copy. */
  readonly policy?: string | undefined;
  /** The pre-launch notification followed (extension, cancellation) or fulfilled (launch event). */
  readonly notificationId?: string | undefined;
  /** That notification, when the lookup holds it. */
  readonly notification?: PreLaunchNotice | undefined;
  readonly vehicleClass?: VehicleClass | undefined;
  /** The planned launch window (UTC); for an extension, `windowEnd` is the new end. */
  readonly windowStart?: string | undefined;
  readonly windowEnd?: string | undefined;
  readonly launchArea?: Area | undefined;
  readonly impactAreas: readonly Area[];
  /** Planned direction (notifications) or observed azimuth (launch events), deg from true north. */
  readonly azimuth?: number | undefined;
  readonly range?: number | undefined;
  readonly apogee?: number | undefined;
  readonly basis?: 'declared' | 'detected' | undefined;
  readonly launchTime?: string | undefined;
  readonly impactTime?: string | undefined;
}

/** The pre-launch notification a message follows: its body link, else a reference that resolves to one. */
function notificationOf(
  message: HazardNotice,
  linked: string | undefined,
  lookup: MessageLookup | undefined,
): { id?: string | undefined; message?: PreLaunchNotice | undefined } {
  const candidates = linked !== undefined ? [linked] : message.references;
  for (const id of candidates) {
    const found = lookup?.(id);
    if (found !== undefined && found.type === 'pre-launch' && found.id === id) return { id, message: found };
  }
  return { id: linked };
}

/** What the pre-launch notification says, as facts a follow-up inherits. */
function plannedFacts(notification: PreLaunchNotice | undefined) {
  const body = notification?.body;
  const reach: Partial<Reach> | undefined = body?.reach;
  return {
    vehicleClass: body?.vehicleClass,
    windowStart: body?.launchWindow?.start,
    windowEnd: body?.launchWindow?.end,
    launchArea: body?.launchArea,
    impactAreas: body?.impactAreas ?? [],
    azimuth: body?.plannedAzimuth,
    range: reach?.range,
    apogee: reach?.apogee,
  };
}

export function noticeFacts(message: HazardNotice, lookup?: MessageLookup): NoticeFacts {
  const envelope = {
    id: message.id,
    partner: message.sender,
    status: message.status,
    sent: message.sent,
    policy: isReleased(message) ? message.release.policy : undefined,
  };
  switch (message.type) {
    case 'pre-launch':
      return { ...envelope, kind: 'planned', notificationId: message.id, ...plannedFacts(message) };
    case 'window-extension': {
      const n = notificationOf(message, message.body.notification, lookup);
      return {
        ...envelope,
        kind: 'extended',
        ...plannedFacts(n.message),
        notificationId: n.id,
        notification: n.message,
        // The new end only: the old end of the notification is what this message replaces.
        windowEnd: message.body.launchWindowEnd,
      };
    }
    case 'cancellation': {
      const n = notificationOf(message, message.body.notification, lookup);
      return {
        ...envelope,
        kind: 'cancelled',
        ...plannedFacts(n.message),
        notificationId: n.id,
        notification: n.message,
      };
    }
    case 'launch-event': {
      const body = message.body;
      // A launch event need not follow a notification: only a linked or referenced pre-launch counts.
      const n =
        body.notification !== undefined || message.references.length > 0
          ? notificationOf(message, body.notification, lookup)
          : {};
      const reach: Partial<Reach> | undefined = body.reach;
      return {
        ...envelope,
        kind: 'launched',
        notificationId: n.id,
        notification: n.message,
        vehicleClass: body.vehicleClass,
        launchArea: body.launchArea,
        impactAreas: body.impactArea !== undefined ? [body.impactArea] : [],
        azimuth: body.azimuth,
        range: reach?.range,
        apogee: reach?.apogee,
        basis: body.basis,
        launchTime: body.launchTime,
        impactTime: body.impactTime,
      };
    }
  }
}
