import { InputError } from '../../core/errors.js';
import { geodesicInverse } from '../../earth/geodesic.js';
import { solveEngagement } from '../../engagement/intercept.js';
import type { Threat } from '../../engagement/threat.js';
import { type Scenario, type ScenarioStudy, studySchema } from '../../scenario/scenario-schema.js';
import { runRaid } from '../raid.js';
import type { StudyContext, StudyStep } from '../study-context.js';

/** The threats as one raid against the defence: assignment, then the Monte Carlo. */
export type RaidStudy = Extract<ScenarioStudy, { kind: 'raid' }>;

/**
 * The raid settings of a scenario: its first raid study, or the schema's defaults, and that
 * study's index (for its seed); for commands and studies that run the scenario as a raid.
 */
export function raidSettings(scenario: Scenario): { study: RaidStudy; index: number } {
  const index = scenario.studies.findIndex((s) => s.kind === 'raid');
  return index >= 0
    ? { study: scenario.studies[index] as RaidStudy, index }
    : { study: studySchema.parse({ kind: 'raid' }) as RaidStudy, index: -1 };
}

export function raidStudy(
  study: Extract<ScenarioStudy, { kind: 'raid' }>,
  ctx: StudyContext,
  step: StudyStep,
): unknown[] {
  const { scenario, catalog, earth, flown, timeline, reach, defence: d } = ctx;
  const { index } = step;
  // Each threat's engagement from each site (commit from the sensors, or the study's), then
  // the Monte Carlo over the whole raid.
  const sites = d!.interceptorSites.map((site, k) => {
    const sspk =
      study.singleShotKillProbability ??
      catalog.interceptor(site.interceptor).killVehicle.singleShotKillProbability;
    if (sspk === undefined)
      throw new InputError(
        `studies[${index}].singleShotKillProbability`,
        undefined,
        `a single-shot kill probability in [0, 1] (${site.interceptor} has no cited one)`,
      );
    return {
      id: site.id ?? `site-${k + 1}`,
      inventory: site.inventory,
      singleShotKillProbability: sspk,
    };
  });
  // Threat evaluation: the defended asset nearest each threat's predicted impact, within
  // that asset's radius (no assets: every threat is engaged).
  const DEG = 180 / Math.PI;
  const assets = (d!.assets ?? []).map((a) => ({ ...a, place: catalog.place(a.site) }));
  const evaluate = (threat: Threat) => {
    if (assets.length === 0) return undefined;
    const impact = threat.trajectory.geodeticAt(threat.trajectory.endTime)!;
    const near = assets
      .map((a, index) => ({
        index,
        a,
        // GeographicLib takes degrees.
        distance: geodesicInverse(
          impact.lat * DEG,
          impact.lon * DEG,
          a.place.lat * DEG,
          a.place.lon * DEG,
          earth.ellipsoid,
        ).distance,
      }))
      .sort((x, y) => x.distance - y.distance || x.index - y.index);
    // The nearest asset whose radius holds the impact; else the nearest, to say how far.
    const within = near.find((x) => x.distance <= x.a.radius);
    if (within) return { index: within.index };
    const nearest = near[0]!;
    return {
      none: `impact ${(nearest.distance / 1000).toFixed(0)} km from the nearest defended asset (${nearest.a.id}, radius ${(nearest.a.radius / 1000).toFixed(0)} km), outside every asset's radius`,
    };
  };
  const raidThreats = scenario.threats.map((spec) => {
    const t = flown(spec.id);
    const base = { id: spec.id, launchTime: spec.launchTime?.value ?? 0, objects: spec.objects ?? [] };
    if (!('trajectory' in t.flown)) return { ...base, engagements: [], unflown: t.flown.message };
    const asset = evaluate(t.flown);
    const evaluated = asset ? { ...base, asset } : base;
    const threat = t.flown;
    const commit =
      study.commitTime?.value ??
      ((study.sensors ?? d?.sensors ?? []).length > 0 ? timeline(spec.id, threat, study).commit : undefined);
    if (commit === undefined) return { ...evaluated, engagements: [], unengageable: 'no fire-control track' };
    return {
      ...evaluated,
      engagements: d!.interceptorSites.map((_, k) =>
        solveEngagement(threat.trajectory, reach(k), {
          commitTime: commit,
          killAssessmentTime: d!.killAssessmentTime?.value ?? 60,
          maxShots: 20,
        }),
      ),
    };
  });
  return [
    runRaid(
      raidThreats,
      sites,
      {
        trials: study.trials,
        seed: (scenario.seed ?? 0) + index,
        salvo: study.salvo,
        maxLooks: study.maxLooks,
        discrimination: study.discrimination,
        doctrine: study.doctrine,
        assignment: study.assignment,
        lastLookSalvo: study.lastLookSalvo,
      },
      assets.map((a) => ({ id: a.id, value: a.value, salvo: a.salvo, lastLookSalvo: a.lastLookSalvo })),
    ),
  ];
}
