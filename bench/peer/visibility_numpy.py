"""Peer for the sensing benchmark: radar visibility by vectorized brute-force sampling (NumPy).

Reads a JSON header on stdin naming a binary file of ECEF positions (float64, x y z per sample,
every `dt` seconds, trajectory after trajectory) and the radars (site ECEF, ENU axes, limits,
coverage). For each trajectory and radar it computes the same conditions as shieldlab (elevation,
range, line of sight over the ellipsoid, faces or azimuth sector) at every sample and turns the
samples into intervals; prints the median time of the whole job over a few runs, and the number
of intervals found.
"""
import json
import sys
import time

import numpy as np


def visibility(p, radar, ia, ib):
    s = np.array(radar["s"])
    e, n, u = (np.array(radar[k]) for k in ("east", "north", "up"))
    d = p - s
    rng = np.linalg.norm(d, axis=1)
    de, dn, du = d @ e, d @ n, d @ u
    el = np.arcsin(np.clip(du / rng, -1, 1))
    ok = (el >= radar["minElevation"]) & (el <= radar["maxElevation"])
    ok &= (rng <= radar["detectionRange"]) & (rng >= radar["minRange"])
    # Line of sight: in coordinates where the ellipsoid is the unit sphere.
    scale = np.array([ia, ia, ib])
    ps = s * scale
    dd = (p * scale) - ps
    dd2 = np.einsum("ij,ij->i", dd, dd)
    along = np.clip(-(dd @ ps) / np.where(dd2 > 0, dd2, 1), 0, 1)
    closest = np.linalg.norm(ps + along[:, None] * dd, axis=1)
    ok &= closest >= 1 - 1e-9
    if radar["kind"] == "mechanical":
        if radar["azimuthWidth"] < 2 * np.pi:
            az = np.arctan2(de, dn)
            ok &= np.cos(az - radar["azimuthCentre"]) >= np.cos(radar["azimuthWidth"] / 2)
    else:
        unit = d / rng[:, None]
        best = np.full(len(p), -np.inf)
        for b, cos_scan in radar["faces"]:
            best = np.maximum(best, unit @ np.array(b) - cos_scan)
        ok &= best >= 0
    # Intervals: rising and falling edges of the boolean series.
    edges = np.diff(ok.astype(np.int8))
    return int((edges == 1).sum() + (1 if ok[0] else 0))


def main():
    job = json.load(sys.stdin)
    data = np.fromfile(job["file"], dtype=np.float64).reshape(-1, 3)
    counts = job["counts"]
    starts = np.concatenate([[0], np.cumsum(counts)])
    ia, ib = job["ia"], job["ib"]
    runs = []
    found = 0
    per_pair = []
    for _ in range(job.get("runs", 3)):
        t0 = time.perf_counter()
        found = 0
        for k in range(len(counts)):
            p = data[starts[k] : starts[k + 1]]
            for radar in job["radars"]:
                c = visibility(p, radar, ia, ib)
                found += c
                per_pair.append(c)
        runs.append(time.perf_counter() - t0)
    out = {"median_s": float(np.median(runs)), "intervals": found, "numpy": np.__version__}
    if job.get("debug"):
        # Intervals per trajectory-radar pair (last run), to compare with shieldlab pair by pair.
        out["perPair"] = per_pair[-len(counts) * len(job["radars"]) :]
    print(json.dumps(out))


main()
