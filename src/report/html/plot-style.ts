/**
 * One look for every figure: readable type at print size, a white background (the SVG is also
 * saved and printed on its own), and no interactive widgets (the report has no scripts).
 */
export const PLOT_CONFIG = {
  // The whole figure is one image named by its caption (figures.ts); its marks carry no roles of
  // their own, which screen readers would otherwise meet as unnamed graphics.
  aria: false,
  mark: { aria: false },
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  view: { stroke: '#ccc' },
  title: { fontSize: 14, anchor: 'start' as const, offset: 8 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' as const, grid: true },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  header: { labelFontSize: 12, titleFontSize: 12 },
};
