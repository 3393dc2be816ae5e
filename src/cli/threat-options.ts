import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import type { EarthModel } from '../earth/earth-model.js';
import { geodesicBetween } from '../earth/geodesic.js';
import type { Geodetic } from '../earth/geodetic.js';
import { flyThreat } from '../engagement/threat.js';
import type { TrajectoryFamily } from '../flight/aim.js';
import type { Trajectory } from '../flight/trajectory.js';
import type { Override } from '../scenario/overrides.js';
import { resolveMissile } from './catalog-files.js';
import { requirePlace } from './common-flags.js';

/** The threat of `engage` and `sense`: a missile flown from one place at another. */
export interface ThreatFlags {
  threat?: string;
  from?: string;
  to?: string;
  trajectory: string;
}

export function addThreatOptions(cmd: Command): Command {
  return cmd
    .option('--threat <id|file>', 'threat missile (catalog id or file)')
    .option('--from <site|lat,lon>', 'threat launch site')
    .option('--to <site|lat,lon>', 'threat target')
    .option('--trajectory <family>', 'threat trajectory: min-energy, lofted or depressed', 'min-energy');
}

export interface ResolvedThreat {
  readonly from: Geodetic;
  readonly to: Geodetic;
  readonly family: TrajectoryFamily;
  readonly missileName: string;
  readonly missileText: string;
  /** The flown trajectory, or why the missile cannot reach the target. */
  readonly flight: { readonly trajectory: Trajectory } | { readonly message: string };
}

/** Check the threat flags, resolve the missile and fly it (bad input: InputError naming the flag). */
export function resolveThreat(
  flags: ThreatFlags,
  overrides: readonly Override[],
  earth: EarthModel,
): ResolvedThreat {
  if (flags.threat === undefined)
    throw new InputError(
      '--threat',
      undefined,
      'a threat missile: a catalog id (e.g. ss-25) or a missile file',
    );
  const from = requirePlace(flags.from, '--from', 'the threat launch site');
  const to = requirePlace(flags.to, '--to', 'the threat target');
  if (geodesicBetween(from, to).distance < 50e3) {
    throw new InputError('--to', flags.to, 'a target at least 50 km from the threat launch site');
  }
  const family = flags.trajectory as TrajectoryFamily;
  if (!['min-energy', 'lofted', 'depressed'].includes(family))
    throw new InputError('--trajectory', flags.trajectory, 'min-energy, lofted or depressed');
  const { missile, text: missileText } = resolveMissile(flags.threat, '--threat', overrides);
  const t = flyThreat(missile.rocket, from, to, family, earth);
  return {
    from,
    to,
    family,
    missileName: missile.rocket.name,
    missileText,
    flight: 'trajectory' in t ? { trajectory: t.trajectory } : { message: t.message },
  };
}
