import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { timelineJson } from '../report/timeline-json.js';
import { parseOverride } from '../scenario/overrides.js';
import {
  addCommonOptions,
  addSetOption,
  type CommonFlags,
  parseCommon,
  resultHeader,
} from './common-flags.js';
import { fixed, keyValues, table, toJson } from './render.js';
import { addSensorOptions, resolveSensors, type SensorFlags, timelineFor } from './sensor-options.js';
import { addThreatOptions, resolveThreat, type ThreatFlags } from './threat-options.js';

interface SenseFlags extends CommonFlags, ThreatFlags, SensorFlags {
  set: string[];
}

/** `shieldlab sense`: what each sensor sees of a threat, and the defence's warning timeline. */
export function registerSense(program: Command): void {
  const cmd = addSensorOptions(
    addThreatOptions(
      program.command('sense').description('what each sensor sees of a threat, and the timeline'),
    ),
    'all',
  );
  addCommonOptions(addSetOption(cmd)).action((flags: SenseFlags) => {
    process.stdout.write(`${runSense(flags)}\n`);
  });
}

const r3 = (v: number | undefined) => (v === undefined ? null : Math.round(v * 1000) / 1000);

export function runSense(flags: SenseFlags): string {
  const { format, earth } = parseCommon(flags);
  const overrides = flags.set.map((s) => parseOverride(s));
  const threat = resolveThreat(flags, overrides, earth);
  if (flags.sharing === 'each')
    throw new InputError(
      '--sharing',
      flags.sharing,
      'one arrangement (comparing them all is for engage --sharing each)',
    );
  const sensors = resolveSensors(flags, overrides);
  const inputs: Record<string, unknown> = {
    ...flags,
    missileText: threat.missileText,
    sensors: sensors.texts,
  };
  if (!('trajectory' in threat.flight)) {
    const message = `threat cannot be flown to its target: ${threat.flight.message}`;
    return format === 'json' ? toJson({ ...resultHeader(inputs, earth), error: message }) : message;
  }
  const timeline = timelineFor(threat.flight.trajectory, sensors, flags, earth);
  const json = timelineJson(timeline, sensors.detectionRanges);
  if (format === 'json') {
    return toJson({
      ...resultHeader(inputs, earth),
      threat: { missile: threat.missileName, flightTime: r3(threat.flight.trajectory.endTime) },
      object: flags.object,
      refraction: flags.refraction ? '4/3 Earth' : 'none',
      ...json,
    });
  }
  const head = keyValues([
    [
      'threat',
      `${threat.missileName}, ${threat.family}, ${fixed(threat.flight.trajectory.endTime / 60, 1)} min of flight`,
    ],
    ['defence', `${flags.defence}, sharing: ${timeline.arrangement}`],
    ['warning', at(timeline.warning)],
    ['first track', at(timeline.firstTrack)],
    ['fire-control track', at(timeline.fireControlTrack)],
    ['commit', at(timeline.commit)],
  ]);
  const rows = json.sensors.map((s) => [
    s.id,
    s.party,
    s.access ? `${s.access.via}, ${s.access.quality}, +${fixed(s.access.latency ?? 0, 0)} s` : 'not received',
    s.detectionRange === null ? '-' : fixed(s.detectionRange / 1000, 0),
    s.intervals.map((i) => `${fixed(i.start ?? 0, 0)}-${fixed(i.end ?? 0, 0)}`).join(' ') || '-',
    at(s.firstDetection ?? undefined),
    at(s.firstTrack ?? undefined),
    at(s.fireControlTrack ?? undefined),
  ]);
  const sensorTable = table(
    [
      'sensor',
      'party',
      'data to the defence',
      'range km',
      'in view (s)',
      'detection',
      'track',
      'fire control',
    ],
    rows,
  );
  const events = table(
    ['time s', 'event', 'sensor'],
    timeline.events.map((e) => [fixed(e.time, 1), e.event, e.sensor ?? '']),
  );
  return `${head}\n\n${sensorTable}\n\nTimeline at the defence (s from threat launch; latencies included):\n${events}\nTimes in the sensor table are at the sensor.`;
}

function at(t: number | undefined): string {
  return t === undefined ? 'never' : `${fixed(t, 1)} s`;
}
