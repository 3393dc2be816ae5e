import type { EngagementResult } from '../engagement/intercept.js';
import { killProbability } from '../engagement/layered-defence.js';
import {
  type Estimate,
  plannedShots,
  type RaidObject,
  type RaidPlan,
  type RaidTally,
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
  /** Interceptors per look at threats aimed at it (the doctrine for this asset), else the study's. */
  readonly salvo?: number | undefined;
  /** Interceptors at the last (or only) look at threats aimed at it, else the study's. */
  readonly lastLookSalvo?: number | undefined;
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
  /** Interceptors at the last (or only) look: a salvo when no look remains; default `salvo`. */
  readonly lastLookSalvo?: number | undefined;
  /** At most this many looks per object. */
  readonly maxLooks?: number | undefined;
  /** Probability that a decoy or tank is recognised as such and not engaged. */
  readonly discrimination: number;
  readonly doctrine: 'first-come' | 'preferential';
  /** greedy (most looks) or exact (every combination of sites compared, for small raids). */
  readonly assignment: 'greedy' | 'exact';
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
  readonly assignment: RaidOptions['assignment'];
  /**
   * The closed form with unlimited interceptors and perfect discrimination, for comparison: the
   * product over warheads of 1 - (1 - SSPK)^(salvo x looks).
   */
  readonly noLeakerUnlimited: number;
}

/** At most this many assignments are compared by the exact assignment; beyond, greedy is used. */
export const EXACT_ASSIGNMENT_LIMIT = 4096;
/** Trials per compared assignment (the same seed for all: common random numbers). */
const EXACT_ASSIGNMENT_TRIALS = 2000;

interface Offer {
  readonly k: number;
  readonly looks: readonly number[];
  readonly reason: string | undefined;
}

interface EngagedThreat {
  readonly threat: RaidThreat;
  readonly assetIndex: number | undefined;
  readonly kinds: ReadonlyArray<'warhead' | 'tank' | 'decoy'>;
  readonly offers: readonly Offer[];
}

export function runRaid(
  threats: readonly RaidThreat[],
  sites: readonly RaidSite[],
  options: RaidOptions,
  assets: readonly RaidAsset[] = [],
): RaidResult {
  const excluded: RaidAssignment[] = [];
  const engaged: EngagedThreat[] = [];
  for (const threat of threats) {
    const outside =
      threat.unflown ?? (threat.asset && 'none' in threat.asset ? threat.asset.none : undefined);
    if (outside) {
      excluded.push({
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
    // Looks from each site: the launch times of the shoot-look-shoot shots its engagement found.
    const offers = sites.map((_, k): Offer => {
      const e = threat.engagements[k];
      const launches = (e?.intercepts ?? [])
        .slice(0, e?.shots ?? 0)
        .map((i) => threat.launchTime + i.launchTime);
      return { k, looks: launches.slice(0, options.maxLooks ?? launches.length), reason: e?.reason };
    });
    engaged.push({
      threat,
      assetIndex: threat.asset && 'index' in threat.asset ? threat.asset.index : undefined,
      kinds: ['warhead', ...threat.objects.filter((o) => o !== 'warhead')],
      offers,
    });
  }

  // Greedy: the site with the most looks, then the earliest first look, then the first listed.
  const greedy = engaged.map((t) => {
    const best = t.offers
      .filter((o) => o.looks.length > 0)
      .sort((a, b) => b.looks.length - a.looks.length || a.looks[0]! - b.looks[0]! || a.k - b.k)[0];
    return best ? best.k : -1;
  });
  let choice = greedy;
  let exactNote: string | undefined;
  if (options.assignment === 'exact') {
    // Every combination of sites that can engage each threat, compared by the Monte Carlo on the
    // same random numbers; the greedy choice first, so a tie keeps it.
    const candidates = engaged.map((t) => {
      const able = t.offers.filter((o) => o.looks.length > 0).map((o) => o.k);
      return able.length > 0 ? able : [-1];
    });
    const count = candidates.reduce((n, c) => n * c.length, 1);
    if (count > EXACT_ASSIGNMENT_LIMIT) {
      exactNote = `greedy: ${count} assignments are more than the ${EXACT_ASSIGNMENT_LIMIT} the exact assignment compares`;
    } else {
      const objective = (c: readonly number[]) =>
        score(
          simulateRaid(
            buildPlan(engaged, c, sites, options, assets).plan,
            EXACT_ASSIGNMENT_TRIALS,
            // Chosen on other random numbers than those reported, so the report is not biased
            // toward the winner's luck.
            (options.seed ^ 0x5eed5eed) >>> 0,
          ),
          assets,
        );
      let best = objective(greedy);
      for (let n = 0; n < count; n++) {
        let rest = n;
        const c = candidates.map((list) => {
          const k = list[rest % list.length]!;
          rest = Math.floor(rest / list.length);
          return k;
        });
        const value = objective(c);
        if (value > best) {
          best = value;
          choice = c;
        }
      }
      exactNote = `exact: the best of ${count} assignments (compared on the same seed) by ${assets.length > 0 ? 'expected surviving asset value' : 'probability of no leaker'} (${best.toFixed(4)} over ${EXACT_ASSIGNMENT_TRIALS} trials)`;
    }
  }

  const { plan, assignments } = buildPlan(engaged, choice, sites, options, assets, exactNote);
  const estimates = raidEstimates(simulateRaid(plan, options.trials, options.seed));
  const objects = plan.objects;
  const noLeakerUnlimited = objects
    .filter((o) => o.kind === 'warhead')
    .reduce((p, o) => p * killProbability(o.sspk, plannedShots(o)), 1);
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
    assignments: [...assignments, ...excluded],
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
    assignment: options.assignment,
  };
}

/** What an assignment is worth: expected surviving asset value, or the chance of no leaker. */
function score(t: RaidTally, assets: readonly RaidAsset[]): number {
  if (assets.length === 0) return t.noLeaker / t.trials;
  return assets.reduce((v, a, k) => v + (a.value * t.assetsSurvived[k]!) / t.trials, 0);
}

/** The Monte Carlo plan of an assignment (a site index per engaged threat, -1 for none), explained. */
function buildPlan(
  engaged: readonly EngagedThreat[],
  choice: readonly number[],
  sites: readonly RaidSite[],
  options: RaidOptions,
  assets: readonly RaidAsset[],
  note?: string,
): { plan: RaidPlan; assignments: RaidAssignment[] } {
  const assignments: RaidAssignment[] = [];
  let objects: RaidObject[] = [];
  engaged.forEach((t, n) => {
    const offer = choice[n]! >= 0 ? t.offers[choice[n]!]! : undefined;
    const asset = t.assetIndex !== undefined ? assets[t.assetIndex] : undefined;
    const salvo = asset?.salvo ?? options.salvo;
    // The asset's own doctrine first, whole: its last-look salvo, else its salvo; then the raid's.
    const lastSalvo = asset?.lastLookSalvo ?? asset?.salvo ?? options.lastLookSalvo ?? options.salvo;
    const others = t.offers.filter((o) => o !== offer).map((o) => `${sites[o.k]!.id}: ${o.looks.length}`);
    const reason = offer
      ? `${sites[offer.k]!.id}: ${offer.looks.length} look${offer.looks.length === 1 ? '' : 's'} from ${offer.looks[0]!.toFixed(1)} s${others.length > 0 ? ` (${others.join(', ')})` : ''}${note ? `; ${note}` : ''}`
      : `no site can engage it: ${t.threat.unengageable ?? t.offers.map((o) => `${sites[o.k]!.id}: ${o.reason ?? 'no shot'}`).join('; ')}`;
    t.kinds.forEach((kind, m) => {
      const object = kind === 'warhead' ? t.threat.id : `${t.threat.id}/${kind}-${m}`;
      assignments.push({
        object,
        threat: t.threat.id,
        kind,
        site: offer ? sites[offer.k]!.id : null,
        looks: offer ? offer.looks.map((x) => Number(x.toFixed(3))) : [],
        asset: t.assetIndex === undefined ? null : assets[t.assetIndex]!.id,
        reserved: null,
        reason,
      });
      objects.push({
        id: object,
        kind: kind === 'warhead' ? 'warhead' : 'decoy',
        site: offer ? offer.k : 0,
        looks: offer ? offer.looks : [],
        group: n,
        salvo,
        lastSalvo,
        sspk: offer ? sites[offer.k]!.singleShotKillProbability : 0,
        ...(t.assetIndex !== undefined ? { asset: t.assetIndex } : {}),
      });
    });
  });
  // Preferential defence: the objects aimed at the most valuable assets rank first (then the
  // earliest looks); at each look an object fires only what the site holds beyond what the
  // higher-ranked objects still alive and engaged may need (a kill, or a recognised decoy, frees
  // theirs). `reserved` shows, for the reader, what each would hold if every shot were needed.
  if (options.doctrine === 'preferential') {
    const left = sites.map((x) => x.inventory);
    const value = (o: RaidObject) => (o.asset === undefined ? 0 : assets[o.asset]!.value);
    const order = objects
      .map((_, j) => j)
      .filter((j) => objects[j]!.looks.length > 0)
      .sort(
        (a, b) =>
          value(objects[b]!) - value(objects[a]!) || objects[a]!.looks[0]! - objects[b]!.looks[0]! || a - b,
      );
    const rank = new Map(order.map((j, r) => [j, r]));
    const reserved = new Map<number, number>();
    for (const j of order) {
      const o = objects[j]!;
      const r = Math.min(plannedShots(o), left[o.site]!);
      left[o.site]! -= r;
      reserved.set(j, r);
    }
    objects = objects.map((o, j) => ({ ...o, priority: rank.get(j) ?? order.length }));
    assignments.forEach((a, j) => {
      assignments[j] = { ...a, reserved: reserved.get(j) ?? 0 };
    });
  }
  return {
    plan: {
      assets: assets.length,
      objects,
      inventories: sites.map((s) => s.inventory),
      discrimination: options.discrimination,
    },
    assignments,
  };
}
