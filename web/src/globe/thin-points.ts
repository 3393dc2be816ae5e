/**
 * At most `limit` items of `points`, evenly spaced by index, always keeping the first and the last:
 * a polyline of a few hundred vertices looks the same as one of thousands and draws much faster.
 */
export function thinPoints<T>(points: readonly T[], limit: number): readonly T[] {
  if (points.length <= limit || limit < 2) return points;
  const kept: T[] = [];
  const step = (points.length - 1) / (limit - 1);
  for (let i = 0; i < limit; i++) kept.push(points[Math.round(i * step)]!);
  return kept;
}
