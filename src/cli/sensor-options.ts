import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import type { EarthModel } from '../earth/earth-model.js';
import type { Trajectory } from '../flight/trajectory.js';
import type { Override } from '../scenario/overrides.js';
import { radarAgainst } from '../scenario/sensor-file.js';
import { STANDARD_REFRACTION } from '../sensors/radar.js';
import { OWN_SENSORS, type SharingArrangement } from '../sensors/sharing.js';
import { type DefenceTimeline, defenceTimeline, type SensorSet } from '../sensors/timeline.js';
import { resolveSensor, sensorFiles, sharingCatalog } from './catalog-files.js';

/** Sensors, sharing and the defending party, for `sense` and `engage`. */
export interface SensorFlags {
  sensors?: string;
  sharing: string;
  defence: string;
  object: string;
  refraction?: boolean;
}

export function addSensorOptions(cmd: Command, sensorsDefault?: string): Command {
  return cmd
    .option(
      '--sensors <id,id,...>',
      `sensors (catalog ids or files)${sensorsDefault ? ` (default: ${sensorsDefault})` : ''}`,
    )
    .option(
      '--sharing <arrangement>',
      'data-sharing arrangement of data/sharing.yaml, or "each" to compare them all with own sensors',
      OWN_SENSORS.id,
    )
    .option('--defence <party>', 'the defending party', 'united-states')
    .option('--object <name>', 'threat object the radars look for (its cross-section)', 'warhead')
    .option('--refraction', 'bend radar rays by standard 4/3-Earth refraction');
}

export interface ResolvedSensors {
  readonly set: SensorSet;
  readonly arrangement: SharingArrangement;
  /** With `--sharing each`: every arrangement of the catalog, each compared with own sensors. */
  readonly compare: readonly SharingArrangement[];
  /** Each radar's detection range against the object (m), by id. */
  readonly detectionRanges: ReadonlyMap<string, number>;
  readonly texts: string[];
}

/** The sensors named by `--sensors` (all catalog sensors when `all`), and the arrangement. */
export function resolveSensors(
  flags: SensorFlags,
  overrides: readonly Override[],
  fallback = 'all',
): ResolvedSensors {
  const list = (flags.sensors ?? fallback).trim();
  const ids = list === 'all' ? [...sensorFiles().keys()] : list.split(',').map((s) => s.trim());
  const repeated = ids.find((s, i) => ids.indexOf(s) !== i);
  if (repeated !== undefined)
    throw new InputError('--sensors', flags.sensors, `each sensor once (${repeated} twice)`);
  if (ids.length === 0 || ids.some((s) => s === ''))
    throw new InputError(
      '--sensors',
      flags.sensors,
      'a comma-separated list of sensor ids or files (or "all")',
    );
  const radars = [];
  const infrared = [];
  const detectionRanges = new Map<string, number>();
  const texts: string[] = [];
  for (const id of ids) {
    const file = resolveSensor(id, overrides);
    texts.push(JSON.stringify(file.parameters));
    if (file.kind === 'radar') {
      const radar = radarAgainst(file.radar, flags.object);
      detectionRanges.set(radar.id, radar.detectionRange);
      radars.push(radar);
    } else {
      infrared.push(file.constellation);
    }
  }
  const arrangements = [OWN_SENSORS, ...sharingCatalog().arrangements];
  const each = flags.sharing === 'each';
  const arrangement = each ? OWN_SENSORS : arrangements.find((a) => a.id === flags.sharing);
  if (!arrangement)
    throw new InputError(
      '--sharing',
      flags.sharing,
      `an arrangement of data/sharing.yaml (${arrangements.map((a) => a.id).join(', ')}) or "each"`,
    );
  const parties = sharingCatalog().parties.map((p) => p.id);
  if (!parties.includes(flags.defence))
    throw new InputError('--defence', flags.defence, `a party of data/sharing.yaml (${parties.join(', ')})`);
  const compare = each ? sharingCatalog().arrangements.filter((a) => a.id !== OWN_SENSORS.id) : [];
  return { set: { radars, infrared }, arrangement, compare, detectionRanges, texts };
}

/** The defence's timeline for a threat with the resolved sensors. */
export function timelineFor(
  threat: Trajectory,
  sensors: ResolvedSensors,
  flags: SensorFlags,
  earth: EarthModel,
  arrangement = sensors.arrangement,
): DefenceTimeline {
  return defenceTimeline(threat, sensors.set, flags.defence, arrangement, earth, {
    refraction: flags.refraction ? STANDARD_REFRACTION : 1,
  });
}
