import { RADAR_CONSTRAINTS, type RadarGeometry } from './radar.js';
import type { ThreatPath } from './threat-path.js';
import { type Interval, intervalsWhere } from './visibility.js';

/** When a radar sees a threat: the intervals where every one of its conditions holds. */
export function radarVisibility(radar: RadarGeometry, path: ThreatPath): Interval[] {
  return intervalsWhere(path, RADAR_CONSTRAINTS.length, (x, y, z, out) => {
    radar.constraints(x, y, z, out);
  });
}
