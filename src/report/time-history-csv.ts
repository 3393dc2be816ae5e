import type { EarthModel } from '../earth/earth-model.js';
import { geodeticOfState, inertialSpeed, relativeSpeed, type Trajectory } from '../flight/trajectory.js';

/**
 * A trajectory's time history as CSV (RFC 4180, comma-separated, one header line): time (s),
 * latitude and longitude (deg), height (m), speed relative to the ground and inertial (m/s), every
 * `step` seconds from launch to impact (the last row at impact).
 */
export function timeHistoryCsv(trajectory: Trajectory, earth: EarthModel, step = 1): string {
  const rows = ['time_s,lat_deg,lon_deg,height_m,ground_speed_m_s,inertial_speed_m_s'];
  const start = trajectory.startTime;
  const end = trajectory.endTime;
  const state = new Float64Array(7);
  const count = Math.floor((end - start) / step);
  const times = [
    ...Array.from({ length: count + 1 }, (_, i) => start + i * step),
    ...(start + count * step < end ? [end] : []),
  ];
  for (const t of times) {
    if (!trajectory.stateAt(t, state)) continue;
    const g = geodeticOfState(state, t, earth);
    rows.push(
      [
        t.toFixed(3),
        ((g.lat * 180) / Math.PI).toFixed(6),
        ((g.lon * 180) / Math.PI).toFixed(6),
        g.height.toFixed(1),
        relativeSpeed(state, earth).toFixed(3),
        inertialSpeed(state).toFixed(3),
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
