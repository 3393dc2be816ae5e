import type { RadarGeometry } from './radar.js';
import type { ThreatPath } from './threat-path.js';
import { type Interval, intervalsWhere } from './visibility.js';

/** When a radar sees a threat: the intervals where its conditions hold. */
export function radarVisibility(radar: RadarGeometry, path: ThreatPath): Interval[] {
  return intervalsWhere(
    path,
    radar.constraintCount,
    (x, y, z, out) => {
      radar.constraints(x, y, z, out);
    },
    (values) => radar.holds(values),
  );
}
