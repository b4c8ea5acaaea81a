"""Small exact statistics for an N-of-1 diary: Fisher's exact test, Wilson intervals, BH.

Pure functions on counts, written with `math` alone so no numerical library is needed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# The normal quantile for a 95% interval (statistics.NormalDist().inv_cdf(0.975)); the module
# is imported only for other levels, as it pulls in more than a diary's everyday commands need.
Z95 = 1.959963984540054

# Probabilities within this relative distance of the observed table's count as "as likely"
# in the two-sided test (the tolerance R and SciPy use against rounding).
_TIES = 1 + 1e-7


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_exact(a: int, b: int, c: int, d: int, alternative: str = "greater") -> float:
    """Fisher's exact test p-value for the 2x2 table [[a, b], [c, d]].

    Rows are exposed / not exposed, columns outcome / no outcome. "greater" asks whether the
    exposed row holds more outcomes than chance would put there (the upper tail of `a` under
    the hypergeometric distribution with the table's margins fixed), "less" the lower tail,
    "two-sided" sums every table no more likely than the one observed.
    """
    if min(a, b, c, d) < 0:
        raise ValueError("counts must not be negative")
    if alternative not in ("greater", "less", "two-sided"):
        raise ValueError(f"unknown alternative: {alternative!r}")
    row, col, n = a + b, a + c, a + b + c + d
    lo, hi = max(0, row + col - n), min(row, col)
    if lo == hi:
        return 1.0
    base = _log_comb(n, row)

    def pmf(x: int) -> float:
        return math.exp(_log_comb(col, x) + _log_comb(n - col, row - x) - base)

    if alternative == "greater":
        p = sum(pmf(x) for x in range(a, hi + 1))
    elif alternative == "less":
        p = sum(pmf(x) for x in range(lo, a + 1))
    else:
        observed = pmf(a) * _TIES
        p = sum(q for x in range(lo, hi + 1) if (q := pmf(x)) <= observed)
    return min(1.0, p)


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for a proportion (no continuity correction).

    With no trials nothing is known: the interval is the whole range (0, 1).
    """
    if not 0 <= successes <= trials:
        raise ValueError("successes must lie between 0 and trials")
    if trials == 0:
        return 0.0, 1.0
    if confidence == 0.95:
        z = Z95
    else:
        from statistics import NormalDist

        z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / trials
    z2n = z * z / trials
    centre = (p + z2n / 2) / (1 + z2n)
    half = z * math.sqrt(p * (1 - p) / trials + z2n / (4 * trials)) / (1 + z2n)
    # At 0 or all successes the bound is exactly 0 or 1; rounding would leave it a hair off.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values), in the order given.

    q of the i-th smallest of m p-values is min over j >= i of p_(j) * m / j, at most 1; a
    finding is kept at false-discovery rate alpha when its q is at most alpha.
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    q = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        q[i] = min(1.0, running)
    return q
