"""NumPy peer of the raid Monte Carlo benchmark (bench/raid.ts).

Reads a plan as JSON on stdin: {"objects": [{"kind", "site", "looks", "salvo", "sspk"}],
"inventories": [...], "discrimination": p, "trials": n, "seed": s}. Simulates the same doctrine
as shieldlab's src/engagement/raid-monte-carlo.ts, vectorized over trials: looks of all objects in
time order; at each look an engaged, living object gets a salvo of min(salvo, what is left at its
site), killing it with 1 - (1 - SSPK)^k; decoys are engaged unless recognised (probability
`discrimination`). Prints timings and the estimates as JSON. Its random numbers differ from
shieldlab's, so the estimates agree within sampling error, not bit for bit.
"""
import json
import sys
import time

import numpy as np


def simulate(plan, trials, rng):
    objects = plan["objects"]
    looks = sorted(
        ((t, j, i) for j, o in enumerate(objects) for i, t in enumerate(o["looks"])),
        key=lambda x: (x[0], x[1], x[2]),
    )
    m = len(objects)
    warhead = np.array([o["kind"] == "warhead" for o in objects])
    alive = np.ones((trials, m), dtype=bool)
    engaged = warhead[None, :] | (rng.random((trials, m)) >= plan["discrimination"])
    inventory = np.tile(np.array(plan["inventories"], dtype=np.int64), (trials, 1))
    used = np.zeros(trials, dtype=np.int64)
    for _, j, _ in looks:
        o = objects[j]
        s = o["site"]
        fire = alive[:, j] & engaged[:, j]
        k = np.where(fire, np.minimum(o["salvo"], inventory[:, s]), 0)
        inventory[:, s] -= k
        used += k
        survive = (1.0 - o["sspk"]) ** k
        killed = (k > 0) & (rng.random(trials) >= survive)
        alive[:, j] &= ~killed
    leakers = (alive & warhead[None, :]).sum(axis=1)
    return {
        "noLeaker": float(np.mean(leakers == 0)),
        "expectedLeakers": float(np.mean(leakers)),
        "interceptorsUsed": float(np.mean(used)),
    }


def main():
    plan = json.load(sys.stdin)
    trials = plan["trials"]
    rng = np.random.default_rng(plan["seed"])
    simulate(plan, 1000, rng)  # warm-up
    times = []
    result = None
    for _ in range(5):
        t0 = time.perf_counter()
        result = simulate(plan, trials, rng)
        times.append(time.perf_counter() - t0)
    times.sort()
    print(json.dumps({**result, "median_s": times[len(times) // 2], "numpy": np.__version__}))


if __name__ == "__main__":
    main()
