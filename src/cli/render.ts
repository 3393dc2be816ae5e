/** Output for people (aligned tables) and for programs (JSON with no NaN or Infinity, ever). */

/** JSON text of a result; throws if any number is not finite, so NaN never reaches a user. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (key, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        throw new Error(`internal error: non-finite number in output field "${key}"`);
      }
      return v;
    },
    2,
  );
}

/** A text table: a header row, then rows, columns aligned; numbers right-aligned. */
export function table(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? String(c) : c)))];
  // A loop, not Math.max(...cells): long time histories would overflow the call stack.
  const widths = header.map((_, j) => {
    let w = 0;
    for (const r of cells) w = Math.max(w, String(r[j] ?? '').length);
    return w;
  });
  // Columns of numbers (or numeric text such as fixed-decimal strings) are right-aligned.
  const numeric = header.map(
    (_, j) =>
      rows.length > 0 && rows.every((r) => typeof r[j] === 'number' || /^[-+]?[\d.]+$/.test(String(r[j]))),
  );
  const line = (r: ReadonlyArray<string | number>) =>
    r
      .map((c, j) => (numeric[j] ? String(c).padStart(widths[j]!) : String(c).padEnd(widths[j]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Two-column key/value listing. */
export function keyValues(pairs: ReadonlyArray<readonly [string, string]>): string {
  const w = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}

/** Fixed decimals, for tables; '-' for a value that does not exist. NaN is a bug, never printed. */
export function fixed(v: number | undefined, digits: number): string {
  if (v === undefined) return '-';
  if (!Number.isFinite(v)) throw new Error(`internal error: non-finite number ${v} in a table`);
  return v.toFixed(digits);
}
