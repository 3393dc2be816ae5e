import type { EngagementResult } from '../engagement/intercept.js';

const DEG = Math.PI / 180;
const r3 = (v: number) => Number(v.toFixed(3));
/** Three decimals, or null for a value that is not finite (a shot that never came near the threat). */
const finite3 = (v: number) => (Number.isFinite(v) ? r3(v) : null);

/** The engagement in the JSON of the command-line contract (s, m, m/s; degrees). */
export function engagementJson(result: EngagementResult) {
  return {
    feasible: result.feasible,
    reason: result.reason ?? null,
    launchWindow: result.launchWindow
      ? { earliest: r3(result.launchWindow.earliest), latest: r3(result.launchWindow.latest) }
      : null,
    interceptWindow: result.interceptWindow
      ? { earliest: r3(result.interceptWindow.earliest), latest: r3(result.interceptWindow.latest) }
      : null,
    intercepts: result.intercepts.map((i) => ({
      launchTime: r3(i.launchTime),
      time: r3(i.time),
      altitude: r3(i.altitude),
      lat: Number((i.lat / DEG).toFixed(6)),
      lon: Number((i.lon / DEG).toFixed(6)),
      closingSpeed: r3(i.closingSpeed),
      geometryAngle: Number((i.geometryAngle / DEG).toFixed(3)),
      launchAzimuth: Number(((i.azimuth / DEG + 360) % 360).toFixed(4)),
      loft: Number((i.loft / DEG).toFixed(4)),
      thrustCutoff: r3(i.cutoff),
      miss: finite3(i.miss),
      initialMiss: finite3(i.initialMiss),
      divertNeeded: finite3(i.divertNeeded),
      divertOk: i.divertOk,
    })),
    shots: result.shots,
    ...(result.latestUsefulLaunch !== undefined ? { latestUsefulLaunch: r3(result.latestUsefulLaunch) } : {}),
    timeline: result.timeline.map((e) => ({ time: r3(e.time), event: e.event })),
    note: 'divert needed assumes a perfect track at commit: miss after fire-control corrections over the time to go after seeker acquisition',
  };
}
