import { seededRandom } from '../core/random.js';

/**
 * Monte Carlo of a raid against a defence with finite inventories, on precomputed engagement
 * windows: each object (warhead or decoy) has the launch times of its looks (shoot-look-shoot
 * opportunities, from the intercept solver) at one interceptor site; at each look, if the object
 * is engaged and still alive, a salvo is fired from what is left at the site; it kills with
 * 1 - (1 - SSPK)^k. Looks of all objects are taken in time order, so an early threat can use up
 * interceptors a later one needed.
 *
 * Discrimination: a decoy is recognised (and not engaged) with the plan's discrimination
 * probability; warheads are always engaged (the defence never lets an object it takes for a
 * warhead pass). A leaker is a warhead alive after its last look.
 *
 * Reproducible bit for bit, serial or in parallel: trials come in chunks of CHUNK_TRIALS, chunk c
 * drawing from its own generator seeded by (seed, c); a chunk's tallies are integers, so chunks
 * combine exactly in any order.
 */

export interface RaidObject {
  readonly id: string;
  readonly kind: 'warhead' | 'decoy';
  /** Index of the interceptor site that engages it. */
  readonly site: number;
  /** Launch times (s) of its looks, earliest first. */
  readonly looks: readonly number[];
  /** Interceptors per look. */
  readonly salvo: number;
  /**
   * Interceptors at its last look (its only one, when the window allows no second): shoot-look-
   * shoot while there is time, a salvo when there is none. By default the same as `salvo`.
   */
  readonly lastSalvo?: number;
  /** Single-shot kill probability of the interceptor against it. */
  readonly sspk: number;
  /**
   * The threat it belongs to: objects of one threat share their looks, and at a shared look the
   * defence, not knowing which is the warhead, takes them in a random order each trial.
   */
  readonly group?: number;
  /**
   * Preferential defence: its rank (0 first). At each look it may fire only what the site holds
   * beyond the shots still planned for the higher-ranked objects that are alive and engaged; a
   * kill or a recognised decoy releases them. Undefined: first come, first served.
   */
  readonly priority?: number;
  /** Index of the defended asset it is aimed at, for survival per asset. */
  readonly asset?: number;
}

export interface RaidPlan {
  readonly objects: readonly RaidObject[];
  /** Interceptors at each site. */
  readonly inventories: readonly number[];
  /** Probability that a decoy is recognised as one and not engaged. */
  readonly discrimination: number;
  /** Number of defended assets (objects name theirs by index). */
  readonly assets?: number;
}

/** Integer tallies of a number of trials. */
export interface RaidTally {
  readonly trials: number;
  readonly noLeaker: number;
  readonly leakers: number;
  readonly leakersSquared: number;
  readonly interceptors: number;
  readonly interceptorsSquared: number;
  /** Trials in which each object survived, in the plan's order. */
  readonly survived: readonly number[];
  /** Trials in which no warhead aimed at each asset leaked. */
  readonly assetsSurvived: readonly number[];
}

export const CHUNK_TRIALS = 4096;

/** The interceptors an object's looks can fire: a salvo at each look, the last one its own size. */
export function plannedShots(o: RaidObject): number {
  return o.looks.length === 0 ? 0 : o.salvo * (o.looks.length - 1) + (o.lastSalvo ?? o.salvo);
}

/**
 * The plan's looks in time order (ties by object, then look), flattened for the inner loop, with
 * the runs of looks that the objects of one threat share at one time (shuffled each trial).
 */
function schedule(plan: RaidPlan): {
  object: Int32Array;
  shots: Int32Array;
  sspk: Float64Array;
  runEnd: Int32Array;
} {
  const looks: Array<{ t: number; j: number; i: number }> = [];
  plan.objects.forEach((o, j) => {
    o.looks.forEach((t, i) => {
      looks.push({ t, j, i });
    });
  });
  looks.sort((a, b) => a.t - b.t || a.j - b.j || a.i - b.i);
  return {
    object: Int32Array.from(looks.map((l) => l.j)),
    shots: Int32Array.from(
      looks.map((l) => {
        const o = plan.objects[l.j]!;
        return l.i === o.looks.length - 1 ? (o.lastSalvo ?? o.salvo) : o.salvo;
      }),
    ),
    sspk: Float64Array.from(plan.objects.map((o) => o.sspk)),
    // runEnd[e]: one past the last look sharing look e's time and threat (e itself when alone).
    runEnd: Int32Array.from(
      looks.map((l, e) => {
        const group = plan.objects[l.j]!.group;
        let end = e + 1;
        while (
          group !== undefined &&
          end < looks.length &&
          looks[end]!.t === l.t &&
          plan.objects[looks[end]!.j]!.group === group
        )
          end++;
        return end;
      }),
    ),
  };
}

/** A generator for chunk c of a run seeded with `seed` (distinct, well mixed seeds per chunk). */
function chunkRandom(seed: number, chunk: number): () => number {
  // splitmix32-style mixing of (seed, chunk): neighbouring chunks start far apart.
  let h = (seed ^ Math.imul(chunk + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return seededRandom((h ^ (h >>> 16)) >>> 0);
}

/** Run chunk `chunk` of a seeded run: CHUNK_TRIALS trials (fewer for the last, by `trials`). */
export function simulateRaidChunk(
  plan: RaidPlan,
  seed: number,
  chunk: number,
  trials = CHUNK_TRIALS,
): RaidTally {
  const { object, shots, sspk, runEnd } = schedule(plan);
  const order = Int32Array.from(object.keys());
  // Where the runs of more than one look start (none without decoys: nothing to shuffle).
  const runStarts = [...runEnd.keys()].filter(
    (e) => runEnd[e]! - e > 1 && (e === 0 || runEnd[e - 1]! !== runEnd[e]),
  );
  // Survival of each look's full salvo, (1 - SSPK)^k, once rather than per trial.
  const survive = Float64Array.from(object, (j, e) => (1 - sspk[j]!) ** shots[e]!);
  const objects = plan.objects;
  const m = objects.length;
  const isWarhead = Uint8Array.from(objects.map((o) => (o.kind === 'warhead' ? 1 : 0)));
  const site = Int32Array.from(objects.map((o) => o.site));
  // Shots still planned for each object (preferential defence), and who outranks whom.
  const preferential = objects.some((o) => o.priority !== undefined);
  const planned = Int32Array.from(objects.map(plannedShots));
  const rank = Float64Array.from(objects.map((o) => o.priority ?? Number.POSITIVE_INFINITY));
  const left = new Int32Array(m);
  const assetOf = Int32Array.from(objects.map((o) => o.asset ?? -1));
  const assetCount = plan.assets ?? 0;
  const assetHit = new Uint8Array(assetCount);
  const assetsSurvived = new Array<number>(assetCount).fill(0);
  const alive = new Uint8Array(m);
  const engaged = new Uint8Array(m);
  const inventory = new Int32Array(plan.inventories.length);
  const survived = new Array<number>(m).fill(0);
  const random = chunkRandom(seed, chunk);
  let noLeaker = 0;
  let leakers = 0;
  let leakersSquared = 0;
  let interceptors = 0;
  let interceptorsSquared = 0;
  for (let trial = 0; trial < trials; trial++) {
    for (let s = 0; s < inventory.length; s++) inventory[s] = plan.inventories[s]!;
    for (let j = 0; j < m; j++) {
      alive[j] = 1;
      left[j] = planned[j]!;
      engaged[j] = isWarhead[j] || random() >= plan.discrimination ? 1 : 0;
    }
    let used = 0;
    // The objects of one threat at one look, in a random order (Fisher-Yates within each run).
    for (const start of runStarts) {
      const end = runEnd[start]!;
      for (let e = start; e < end; e++) order[e] = e;
      for (let a = end - 1; a > start; a--) {
        const b = start + Math.floor(random() * (a - start + 1));
        const x = order[a]!;
        order[a] = order[b]!;
        order[b] = x;
      }
    }
    for (let n = 0; n < object.length; n++) {
      const e = order[n]!;
      const j = object[e]!;
      if (!alive[j] || !engaged[j]) continue;
      let available = inventory[site[j]!]!;
      if (preferential) {
        // What the higher-ranked objects still alive and engaged at this site may yet need.
        for (let i = 0; i < m; i++)
          if (rank[i]! < rank[j]! && site[i] === site[j] && alive[i] && engaged[i]) available -= left[i]!;
      }
      const k = Math.min(shots[e]!, available);
      if (k <= 0) continue;
      inventory[site[j]!]! -= k;
      left[j]! -= k;
      used += k;
      // One draw per salvo: killed with 1 - (1 - SSPK)^k.
      if (random() >= (k === shots[e] ? survive[e]! : (1 - sspk[j]!) ** k)) alive[j] = 0;
    }
    let leaked = 0;
    assetHit.fill(0);
    for (let j = 0; j < m; j++) {
      if (alive[j]) {
        survived[j]!++;
        if (isWarhead[j]) {
          leaked++;
          if (assetOf[j]! >= 0) assetHit[assetOf[j]!] = 1;
        }
      }
    }
    for (let a = 0; a < assetCount; a++) if (!assetHit[a]) assetsSurvived[a]!++;
    if (leaked === 0) noLeaker++;
    leakers += leaked;
    leakersSquared += leaked * leaked;
    interceptors += used;
    interceptorsSquared += used * used;
  }
  return {
    trials,
    noLeaker,
    leakers,
    leakersSquared,
    interceptors,
    interceptorsSquared,
    survived,
    assetsSurvived,
  };
}

/** Sum of tallies (exact: integers). */
export function combineTallies(tallies: readonly RaidTally[]): RaidTally {
  const m = tallies[0]?.survived.length ?? 0;
  const sum = (f: (t: RaidTally) => number) => tallies.reduce((a, t) => a + f(t), 0);
  return {
    trials: sum((t) => t.trials),
    noLeaker: sum((t) => t.noLeaker),
    leakers: sum((t) => t.leakers),
    leakersSquared: sum((t) => t.leakersSquared),
    interceptors: sum((t) => t.interceptors),
    interceptorsSquared: sum((t) => t.interceptorsSquared),
    survived: Array.from({ length: m }, (_, j) => sum((t) => t.survived[j]!)),
    assetsSurvived: Array.from({ length: tallies[0]?.assetsSurvived.length ?? 0 }, (_, a) =>
      sum((t) => t.assetsSurvived[a]!),
    ),
  };
}

/** The chunks of a run of `trials` trials: [chunk index, trials in it]. */
export function raidChunks(trials: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let c = 0; c * CHUNK_TRIALS < trials; c++)
    out.push([c, Math.min(CHUNK_TRIALS, trials - c * CHUNK_TRIALS)]);
  return out;
}

/** A whole run, serially. */
export function simulateRaid(plan: RaidPlan, trials: number, seed: number): RaidTally {
  return combineTallies(raidChunks(trials).map(([c, n]) => simulateRaidChunk(plan, seed, c, n)));
}

/** An estimate with its 95 % confidence interval. */
export interface Estimate {
  readonly value: number;
  readonly low: number;
  readonly high: number;
  /** Standard error of the estimate. */
  readonly standardError: number;
}

const Z95 = 1.959963984540054;

/**
 * The tallies as estimates: probabilities with the Wilson score interval (E. B. Wilson, J. Am.
 * Stat. Assoc. 22 (1927) 209-212), which stays inside [0, 1] near 0 and 1; means with the normal
 * interval from the sample variance.
 */
export function raidEstimates(t: RaidTally): {
  noLeaker: Estimate;
  expectedLeakers: Estimate;
  interceptorsUsed: Estimate;
  survival: Estimate[];
  assetSurvival: Estimate[];
} {
  const n = t.trials;
  const proportion = (k: number): Estimate => {
    const p = k / n;
    const z2 = Z95 * Z95;
    const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const half = (Z95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
    return { value: p, low: centre - half, high: centre + half, standardError: Math.sqrt((p * (1 - p)) / n) };
  };
  const mean = (sum: number, squares: number): Estimate => {
    const m = sum / n;
    const variance = n > 1 ? Math.max(0, (squares - n * m * m) / (n - 1)) : 0;
    const se = Math.sqrt(variance / n);
    return { value: m, low: m - Z95 * se, high: m + Z95 * se, standardError: se };
  };
  return {
    noLeaker: proportion(t.noLeaker),
    expectedLeakers: mean(t.leakers, t.leakersSquared),
    interceptorsUsed: mean(t.interceptors, t.interceptorsSquared),
    survival: t.survived.map(proportion),
    assetSurvival: t.assetsSurvived.map(proportion),
  };
}
