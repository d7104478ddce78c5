"""Step changes in a benchmark's history: binary segmentation on log values (scripts/perf-report.py).

A series is split where splitting lowers the sum of squared deviations from the segment means the most,
if that gain beats a BIC-style penalty 2·σ²·ln(n) and the two means differ by at least `min_step`
(relative); both halves are then searched again. σ is the noise level: a robust estimate from the series'
first differences (median absolute difference / (0.6745·√2), insensitive to the steps themselves), floored at
`noise_floor`, because instruction counts can repeat exactly and a zero σ would make every wiggle a step.
Python 3 standard library only.
"""
import math


def _sse(prefix, prefix_sq, a, b):
    n = b - a
    s = prefix[b] - prefix[a]
    return (prefix_sq[b] - prefix_sq[a]) - s * s / n


def noise_sigma(x, noise_floor):
    diffs = sorted(abs(x[i + 1] - x[i]) for i in range(len(x) - 1))
    if not diffs:
        return noise_floor
    mid = len(diffs) // 2
    median = diffs[mid] if len(diffs) % 2 else 0.5 * (diffs[mid - 1] + diffs[mid])
    return max(median / (0.6745 * math.sqrt(2)), noise_floor)


def change_points(values, min_step=0.01, noise_floor=0.001):
    """Indexes i (1 <= i < len(values)) where a new level starts at values[i], ascending. Values must be > 0."""
    x = [math.log(v) for v in values]
    n = len(x)
    if n < 2:
        return []
    prefix, prefix_sq = [0.0], [0.0]
    for v in x:
        prefix.append(prefix[-1] + v)
        prefix_sq.append(prefix_sq[-1] + v * v)
    sigma = noise_sigma(x, noise_floor)
    penalty = 2 * sigma * sigma * math.log(max(n, 2))
    min_log_step = math.log1p(min_step)
    found = []
    stack = [(0, n)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        whole = _sse(prefix, prefix_sq, a, b)
        best, best_gain = None, 0.0
        for t in range(a + 1, b):
            gain = whole - _sse(prefix, prefix_sq, a, t) - _sse(prefix, prefix_sq, t, b)
            if gain > best_gain:
                best, best_gain = t, gain
        if best is None or best_gain <= penalty:
            continue
        left = (prefix[best] - prefix[a]) / (best - a)
        right = (prefix[b] - prefix[best]) / (b - best)
        if abs(right - left) < min_log_step:
            continue
        found.append(best)
        stack += [(a, best), (best, b)]
    return sorted(found)


def segment_means(values, points):
    """Geometric mean of each segment between change points."""
    bounds = [0, *points, len(values)]
    return [math.exp(sum(math.log(v) for v in values[a:b]) / (b - a)) for a, b in zip(bounds, bounds[1:])]
