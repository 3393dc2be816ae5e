import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { vegaTextWidth } from './text-width.js';

/** What the report needs of Vega's SVG string renderer (exported by vega, not typed by it). */
interface SvgStringRenderer {
  initialize(el: null, width: number, height: number, origin: [number, number]): SvgStringRenderer;
  background(color: unknown): SvgStringRenderer;
  render(scene: unknown): SvgStringRenderer;
  svg(): string;
}
type SvgStringRendererClass = new (loader: unknown) => SvgStringRenderer;

/** The view's size and origin after a run: what vega-view's headless renderer reads. */
interface SizedView {
  readonly _viewWidth: number;
  readonly _viewHeight: number;
  readonly _origin: [number, number];
}

// Label layout from font metrics rather than Vega's rough guess (see text-width.ts).
(vega as unknown as { textMetrics: { width: typeof vegaTextWidth } }).textMetrics.width = vegaTextWidth;

/**
 * A Vega-Lite spec rendered to an SVG string, synchronously. Vega's own `toSVG()` is
 * asynchronous only to wait for data loading and images; a report's specs carry their data
 * inline and draw no images, so one dataflow run followed by the SVG string renderer gives the
 * same bytes (a test compares the two).
 */
export function vegaLiteSvg(spec: TopLevelSpec): string {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  view.run();
  // Clip and gradient ids count up across renders in a process; from 1 again, the bytes repeat.
  vega.resetSVGDefIds();
  const padding = view.padding() as { top: number; bottom: number; left: number; right: number };
  const sized = view as unknown as SizedView;
  const Renderer = (vega as unknown as { SVGStringRenderer: SvgStringRendererClass }).SVGStringRenderer;
  const svg = new Renderer(view.loader())
    .initialize(
      null,
      Math.max(0, sized._viewWidth + padding.left + padding.right),
      Math.max(0, sized._viewHeight + padding.top + padding.bottom),
      [padding.left + sized._origin[0], padding.top + sized._origin[1]],
    )
    .background(view.background())
    .render((view.scenegraph() as unknown as { root: unknown }).root)
    .svg();
  view.finalize();
  return compactPaths(svg);
}

/** The same spec through Vega's own asynchronous `toSVG()`, to check `vegaLiteSvg` against. */
export async function vegaLiteSvgAsync(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  await view.runAsync();
  vega.resetSVGDefIds();
  const svg = await view.toSVG();
  view.finalize();
  return compactPaths(svg);
}

/**
 * Path coordinates to a tenth of a pixel: coastlines carry thousands of points, and three
 * decimals of a pixel triple a map's size for nothing visible.
 */
function compactPaths(svg: string): string {
  return svg.replace(/ d="([^"]*)"/g, (_, d: string) => {
    const compact = d.replace(/-?\d+\.\d+/g, (n) => {
      const r = Math.round(Number(n) * 10) / 10;
      return String(Object.is(r, -0) ? 0 : r);
    });
    return ` d="${compact}"`;
  });
}
