import type { EngagementResult } from '../engagement/intercept.js';
import { killProbability } from '../engagement/layered-defence.js';
import {
  type Estimate,
  type RaidObject,
  type RaidPlan,
  raidEstimates,
  simulateRaid,
} from '../engagement/raid-monte-carlo.js';

/**
 * The raid study: several threats, each with its objects (the warhead, and decoys or tanks the
 * sensors see), against interceptor sites with finite inventories. The windows come from the
 * intercept solver: each object gets the shoot-look-shoot looks of its threat's engagement from
 * one site. Assignment is greedy and explained: each object goes to the site that offers it the
 * most looks (then the earliest first look, then the site listed first); the Monte Carlo then
 * fires in time order across the raid, so early threats can use up what later ones needed.
 */

export interface RaidThreat {
  readonly id: string;
  /** Launch time within the raid (s). */
  readonly launchTime: number;
  /** Objects besides the warhead. */
  readonly objects: ReadonlyArray<'warhead' | 'tank' | 'decoy'>;
  /** The engagement from each site (undefined when the threat could not be flown), in site order. */
  readonly engagements: ReadonlyArray<EngagementResult | undefined>;
  /**
   * Why the threat could not be flown at its target (out of range, not aimed): it is then no
   * threat to that target and stays out of the raid.
   */
  readonly unflown?: string;
  /** Why no site can engage it although it flies (no fire-control track): its warhead leaks. */
  readonly unengageable?: string;
  /**
   * The defended asset it is aimed at (the nearest to its predicted impact within the asset's
   * radius), or why none; undefined when the scenario names no assets.
   */
  readonly asset?: { readonly index: number } | { readonly none: string };
}

export interface RaidAsset {
  readonly id: string;
  readonly value: number;
}

export interface RaidSite {
  readonly id: string;
  readonly inventory: number;
  /** Single-shot kill probability of its interceptor. */
  readonly singleShotKillProbability: number;
}

export interface RaidOptions {
  readonly trials: number;
  readonly seed: number;
  /** Interceptors per look. */
  readonly salvo: number;
  /** At most this many looks per object. */
  readonly maxLooks?: number | undefined;
  /** Probability that a decoy or tank is recognised as such and not engaged. */
  readonly discrimination: number;
  readonly doctrine: 'first-come' | 'preferential';
}

export interface RaidAssignment {
  readonly object: string;
  readonly threat: string;
  readonly kind: 'warhead' | 'tank' | 'decoy';
  /** The site that engages it, or null when none can. */
  readonly site: string | null;
  /** Launch times of its looks within the raid (s). */
  readonly looks: readonly number[];
  /** The defended asset it is aimed at, if the scenario names assets. */
  readonly asset: string | null;
  /** Interceptors reserved for it (preferential doctrine), or null (first come, first served). */
  readonly reserved: number | null;
  /** Why this site (or why none). */
  readonly reason: string;
}

export interface RaidResult {
  readonly trials: number;
  readonly salvo: number;
  readonly discrimination: number;
  readonly assignments: readonly RaidAssignment[];
  readonly noLeaker: Estimate;
  readonly expectedLeakers: Estimate;
  readonly interceptorsUsed: Estimate;
  /** Each warhead's chance of getting through. */
  readonly leak: ReadonlyArray<{ readonly object: string; readonly probability: Estimate }>;
  /** Each defended asset's chance that no warhead aimed at it gets through. */
  readonly assets: ReadonlyArray<{
    readonly asset: string;
    readonly value: number;
    readonly survival: Estimate;
  }>;
  readonly doctrine: RaidOptions['doctrine'];
  /**
   * The closed form with unlimited interceptors and perfect discrimination, for comparison: the
   * product over warheads of 1 - (1 - SSPK)^(salvo x looks).
   */
  readonly noLeakerUnlimited: number;
}

export function runRaid(
  threats: readonly RaidThreat[],
  sites: readonly RaidSite[],
  options: RaidOptions,
  assets: readonly RaidAsset[] = [],
): RaidResult {
  const assignments: RaidAssignment[] = [];
  const objects: RaidObject[] = [];
  for (const threat of threats) {
    const outside =
      threat.unflown ?? (threat.asset && 'none' in threat.asset ? threat.asset.none : undefined);
    if (outside) {
      assignments.push({
        object: threat.id,
        threat: threat.id,
        kind: 'warhead',
        site: null,
        looks: [],
        asset: null,
        reserved: null,
        reason: `not in the raid: ${outside}`,
      });
      continue;
    }
    const assetIndex = threat.asset && 'index' in threat.asset ? threat.asset.index : undefined;
    const kinds: Array<'warhead' | 'tank' | 'decoy'> = [
      'warhead',
      ...threat.objects.filter((o) => o !== 'warhead'),
    ];
    // Looks from each site: the launch times of the shoot-look-shoot shots its engagement found.
    const offers = sites.map((site, k) => {
      const e = threat.engagements[k];
      const launches = (e?.intercepts ?? [])
        .slice(0, e?.shots ?? 0)
        .map((i) => threat.launchTime + i.launchTime);
      return { site, k, looks: launches.slice(0, options.maxLooks ?? launches.length), reason: e?.reason };
    });
    const best = [...offers]
      .filter((o) => o.looks.length > 0)
      .sort((a, b) => b.looks.length - a.looks.length || a.looks[0]! - b.looks[0]! || a.k - b.k)[0];
    const reason = best
      ? `${best.site.id}: ${best.looks.length} look${best.looks.length === 1 ? '' : 's'} from ${best.looks[0]!.toFixed(1)} s${
          offers.length > 1
            ? ` (${offers
                .filter((o) => o !== best)
                .map((o) => `${o.site.id}: ${o.looks.length}`)
                .join(', ')})`
            : ''
        }`
      : `no site can engage it: ${threat.unengageable ?? offers.map((o) => `${o.site.id}: ${o.reason ?? 'no shot'}`).join('; ')}`;
    kinds.forEach((kind, n) => {
      const object = kind === 'warhead' ? threat.id : `${threat.id}/${kind}-${n}`;
      assignments.push({
        object,
        threat: threat.id,
        kind,
        site: best ? best.site.id : null,
        looks: best ? best.looks.map((t) => Number(t.toFixed(3))) : [],
        asset: assetIndex === undefined ? null : assets[assetIndex]!.id,
        reserved: null,
        reason,
      });
      objects.push({
        id: object,
        kind: kind === 'warhead' ? 'warhead' : 'decoy',
        site: best ? best.k : 0,
        looks: best ? best.looks : [],
        salvo: options.salvo,
        sspk: best ? best.site.singleShotKillProbability : 0,
        ...(assetIndex !== undefined ? { asset: assetIndex } : {}),
      });
    });
  }
  // Preferential defence: reserve interceptors for the objects aimed at the most valuable assets
  // first (then the earliest looks), as many as their looks can fire.
  if (options.doctrine === 'preferential') {
    const left = sites.map((s) => s.inventory);
    const value = (o: RaidObject) => (o.asset === undefined ? 0 : assets[o.asset]!.value);
    const order = objects
      .map((_, j) => j)
      .filter((j) => objects[j]!.looks.length > 0)
      .sort(
        (a, b) =>
          value(objects[b]!) - value(objects[a]!) || objects[a]!.looks[0]! - objects[b]!.looks[0]! || a - b,
      );
    const reserved = new Map<number, number>();
    for (const j of order) {
      const o = objects[j]!;
      const n = Math.min(o.salvo * o.looks.length, left[o.site]!);
      left[o.site]! -= n;
      reserved.set(j, n);
    }
    objects.forEach((o, j) => {
      const n = reserved.get(j) ?? 0;
      objects[j] = { ...o, reserve: n };
      const k = assignments.findIndex((a) => a.object === o.id);
      assignments[k] = { ...assignments[k]!, reserved: n };
    });
  }
  const plan: RaidPlan = {
    assets: assets.length,
    objects,
    inventories: sites.map((s) => s.inventory),
    discrimination: options.discrimination,
  };
  const estimates = raidEstimates(simulateRaid(plan, options.trials, options.seed));
  const noLeakerUnlimited = objects
    .filter((o) => o.kind === 'warhead')
    .reduce((p, o) => p * killProbability(o.sspk, options.salvo * o.looks.length), 1);
  const round = (e: Estimate): Estimate => ({
    value: Number(e.value.toFixed(6)),
    low: Number(e.low.toFixed(6)),
    high: Number(e.high.toFixed(6)),
    standardError: Number(e.standardError.toFixed(6)),
  });
  return {
    trials: options.trials,
    salvo: options.salvo,
    discrimination: options.discrimination,
    assignments,
    noLeaker: round(estimates.noLeaker),
    expectedLeakers: round(estimates.expectedLeakers),
    interceptorsUsed: round(estimates.interceptorsUsed),
    leak: objects.flatMap((o, j) =>
      o.kind === 'warhead' ? [{ object: o.id, probability: round(estimates.survival[j]!) }] : [],
    ),
    noLeakerUnlimited: Number(noLeakerUnlimited.toFixed(6)),
    assets: assets.map((a, k) => ({
      asset: a.id,
      value: a.value,
      survival: round(estimates.assetSurvival[k]!),
    })),
    doctrine: options.doctrine,
  };
}
