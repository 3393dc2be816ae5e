/**
 * Text widths for laying out labels and legends without a canvas: Helvetica's advance widths
 * (Adobe's core font metrics, per 1000 em; Arial shares them). Without it Vega guesses 0.8 em a
 * character, about half again too wide, and cuts labels short. A table, not a font on disk, so
 * the layout is the same on every machine.
 */
const HELVETICA =
  // ' ' to '~' (ASCII 32 to 126)
  [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
    500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
    556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
  ];
const OTHER = 556;

/** Width (px) of a text at a font size (px); bold about 7 % wider. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? HELVETICA[code - 32]! : OTHER;
  }
  return (units / 1000) * fontSize * (bold ? 1.07 : 1);
}

/** The `textMetrics.width` hook of vega-scenegraph: an item's text (or the given text) at its font. */
export function vegaTextWidth(
  item: { text?: unknown; fontSize?: number; fontWeight?: string | number },
  text?: unknown,
): number {
  const value = text ?? item.text;
  const line = Array.isArray(value)
    ? value.join(' ')
    : value === undefined || value === null
      ? ''
      : String(value);
  const weight = item.fontWeight;
  const bold = weight === 'bold' || (typeof weight === 'number' && weight >= 600);
  return textWidth(line, item.fontSize ?? 11, bold);
}
