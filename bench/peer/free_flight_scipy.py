#!/usr/bin/env python3
"""SciPy peer of the shieldlab free-flight benchmark.

Integrates the drag-free ballistic flight of a point mass in the Earth-centred inertial (ECI)
frame under point-mass gravity plus the J2 zonal term, until impact on the WGS84 ellipsoid,
with scipy.integrate.solve_ivp (DOP853 by default, or RK45), and times the solve.

Reads one JSON object from stdin, writes one JSON object to stdout. See README.md.

Usage:
    python3 bench/peer/free_flight_scipy.py < bench/peer/sample-input.json

Equations of motion (state s = [x, y, z, vx, vy, vz], SI units, ECI):
    r = |(x, y, z)|
    ax = -GM x / r^3 * [1 + 1.5 J2 (Re/r)^2 (1 - 5 z^2/r^2)]
    ay = -GM y / r^3 * [1 + 1.5 J2 (Re/r)^2 (1 - 5 z^2/r^2)]
    az = -GM z / r^3 * [1 + 1.5 J2 (Re/r)^2 (3 - 5 z^2/r^2)]
with GM = 3.986004418e14 m^3/s^2, J2 = 1.082629989052e-3, Re = 6378137 m (WGS84).

Impact: terminal event on the geodetic height above the WGS84 ellipsoid (a = 6378137 m,
f = 1/298.257223563), crossing zero downwards (direction -1). The ellipsoid is symmetric
about z, so the height computed from the ECI (x, y, z) equals the height in ECEF for any
Earth rotation angle. The height uses the closed-form inverse of Vermeille (2004),
"Computing geodetic coordinates from geocentric coordinates", J. Geodesy 78:94-95.

The right-hand side is written in scalar Python float arithmetic (math.sqrt, state unpacked
with ndarray.tolist()): on this 6-component system that was measured faster than the same
equations in small numpy-array arithmetic (see README.md).
"""

import json
import math
import platform
import statistics
import sys
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp

# --- constants (shieldlab src/core/constants.ts) -------------------------------------------
GM = 3.986004418e14  # m^3/s^2, WGS84 GM including the atmosphere
J2 = 1.082629989052e-3  # WGS84 J2 = -sqrt(5) * C20bar
RE = 6378137.0  # m, reference radius of the J2 term = WGS84 semi-major axis

WGS84_A = 6378137.0  # m
WGS84_F = 1.0 / 298.257223563
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)  # first eccentricity squared
WGS84_E4 = WGS84_E2 * WGS84_E2
INV_A2 = 1.0 / (WGS84_A * WGS84_A)
ONE_MINUS_E2_OVER_A2 = (1.0 - WGS84_E2) * INV_A2

C_J2 = 1.5 * J2 * RE * RE  # m^2

# Reference (truth) settings.
REF_RTOL = 2.3e-14  # just above SciPy's floor of 100 * machine epsilon
REF_ATOL_POS = 1e-9  # m
REF_ATOL_VEL = 1e-12  # m/s

_sqrt = math.sqrt


def rhs(t, s):
    """d/dt [x, y, z, vx, vy, vz] for point-mass + J2 gravity (scalar float arithmetic)."""
    x, y, z, vx, vy, vz = s.tolist()
    r2 = x * x + y * y + z * z
    ir2 = 1.0 / r2
    g = -GM * ir2 * _sqrt(ir2)  # -GM / r^3
    c = C_J2 * ir2  # 1.5 J2 (Re/r)^2
    zr2 = 5.0 * z * z * ir2  # 5 z^2 / r^2
    fxy = g * (1.0 + c * (1.0 - zr2))
    fz = g * (1.0 + c * (3.0 - zr2))
    return [vx, vy, vz, fxy * x, fxy * y, fz * z]


def geodetic_height(x, y, z):
    """Height (m) above the WGS84 ellipsoid of the point (x, y, z) (m); Vermeille (2004)."""
    w2 = x * x + y * y
    p = w2 * INV_A2
    q = ONE_MINUS_E2_OVER_A2 * z * z
    r = (p + q - WGS84_E4) / 6.0
    r3 = r * r * r
    e4pq = WGS84_E4 * p * q
    evol = 8.0 * r3 + e4pq
    if evol > 0.0:
        # Outside the evolute of the meridian ellipse (every point more than ~43 km from
        # the centre of the Earth is).
        se = _sqrt(evol)
        sq = _sqrt(e4pq)
        u = r + 0.5 * (se + sq) ** (2.0 / 3.0) + 0.5 * abs(se - sq) ** (2.0 / 3.0)
    else:
        # Inside the evolute (within ~43 km of the centre of the Earth). Undefined (0/0) on the
        # equatorial segment z = 0, sqrt(x^2 + y^2) <= a e^2, which a flight never reaches.
        sq = _sqrt(e4pq)
        at = math.atan2(sq, _sqrt(-evol) + _sqrt(-8.0 * r3))
        u = -4.0 * r * math.sin(2.0 / 3.0 * at) * math.cos(math.pi / 6.0 + 2.0 / 3.0 * at)
    v = _sqrt(u * u + WGS84_E4 * q)
    uv = u + v
    w = WGS84_E2 * (uv - q) / (2.0 * v)
    k = uv / (_sqrt(w * w + uv) + w)
    d = k * _sqrt(w2) / (k + WGS84_E2)
    return (k + WGS84_E2 - 1.0) / k * _sqrt(d * d + z * z)


def impact(t, s):
    x, y, z = s[:3].tolist()
    return geodetic_height(x, y, z)


impact.terminal = True
impact.direction = -1


def solve(r0, v0, t_max, method, rtol, atol_pos, atol_vel):
    y0 = np.array(list(r0) + list(v0), dtype=float)
    atol = np.array([atol_pos] * 3 + [atol_vel] * 3, dtype=float)
    return solve_ivp(
        rhs,
        (0.0, t_max),
        y0,
        method=method,
        rtol=rtol,
        atol=atol,
        events=impact,
        dense_output=False,
        max_step=np.inf,
    )


def fail(message):
    print(f"free_flight_scipy: {message}", file=sys.stderr)
    sys.exit(2)


def vec3(cfg, key):
    value = cfg.get(key)
    if not (isinstance(value, list) and len(value) == 3):
        fail(f'"{key}" must be an array of 3 numbers')
    try:
        return [float(c) for c in value]
    except (TypeError, ValueError):
        fail(f'"{key}" must be an array of 3 numbers')


def number(cfg, key, default=None):
    value = cfg.get(key, default)
    if value is None:
        fail(f'missing "{key}"')
    try:
        value = float(value)
    except (TypeError, ValueError):
        fail(f'"{key}" must be a number')
    if not (math.isfinite(value) and value > 0.0):
        fail(f'"{key}" must be a positive finite number')
    return value


def main():
    try:
        cfg = json.load(sys.stdin)
    except json.JSONDecodeError as err:
        fail(f"stdin is not JSON: {err}")
    if not isinstance(cfg, dict):
        fail("stdin must hold one JSON object")

    r0 = vec3(cfg, "r0")
    v0 = vec3(cfg, "v0")
    t_max = number(cfg, "t_max")
    reference = bool(cfg.get("reference", False))

    if reference:
        method, rtol, atol_pos, atol_vel, repeats = "DOP853", REF_RTOL, REF_ATOL_POS, REF_ATOL_VEL, 1
    else:
        method = cfg.get("method", "DOP853")
        if method not in ("DOP853", "RK45"):
            fail('"method" must be "DOP853" or "RK45"')
        rtol = number(cfg, "rtol")
        atol_pos = number(cfg, "atol_pos")
        atol_vel = number(cfg, "atol_vel")
        repeats = cfg.get("repeats", 5)
        if not (isinstance(repeats, int) and not isinstance(repeats, bool) and repeats >= 1):
            fail('"repeats" must be an integer >= 1')

    args = (r0, v0, t_max, method, rtol, atol_pos, atol_vel)
    if not reference:
        solve(*args)  # warm-up (imports, caches, branch predictors)
    times = []
    sol = None
    for _ in range(repeats):
        start = time.perf_counter()
        sol = solve(*args)
        times.append(time.perf_counter() - start)

    if sol.status == -1:
        fail(f"solve_ivp failed: {sol.message}")
    hit = sol.status == 1 and len(sol.t_events[0]) > 0
    out = {
        "method": method,
        "rtol": rtol,
        "atol_pos": atol_pos,
        "atol_vel": atol_vel,
        "reference": reference,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "repeats": repeats,
        "nfev": int(sol.nfev),
        "n_steps": len(sol.t) - 1,
        "impact": hit,
        "t_impact": float(sol.t_events[0][0]) if hit else None,
        "r_impact": sol.y_events[0][0][:3].tolist() if hit else None,
        "v_impact": sol.y_events[0][0][3:].tolist() if hit else None,
        "t_end": float(sol.t[-1]),
        "rhs": "scalar-float",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
    }
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
