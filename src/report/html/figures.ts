import type { TopLevelSpec } from 'vega-lite';
import { escapeHtml } from './escape.js';
import { type MethodKey, methodLinks } from './methods.js';
import { vegaLiteSvg } from './vega-svg.js';

/**
 * Numbered figures: each an inline SVG with a caption and the methods sections that explain it.
 * Several SVGs share one page, so the ids Vega gives clip paths and gradients (numbered from 1
 * in every SVG) are prefixed with the figure's own id.
 */
export class Figures {
  private count = 0;

  figure(spec: TopLevelSpec, caption: string, methods: readonly MethodKey[]): string {
    this.count += 1;
    const id = `figure-${this.count}`;
    // The caption names the image for screen readers (an SVG has no alt text of its own).
    const svg = prefixIds(vegaLiteSvg(spec), id).replace(
      /^<svg /,
      `<svg role="img" aria-label="${escapeHtml(caption)}" `,
    );
    return [
      `<figure id="${id}">`,
      svg,
      `<figcaption><b>Figure ${this.count}.</b> ${escapeHtml(caption)} ${methodLinks(methods)}</figcaption>`,
      '</figure>',
    ].join('\n');
  }
}

function prefixIds(svg: string, prefix: string): string {
  const ids = [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
  let out = svg;
  for (const id of new Set(ids)) {
    out = out
      .replaceAll(` id="${id}"`, ` id="${prefix}-${id}"`)
      .replaceAll(`url(#${id})`, `url(#${prefix}-${id})`);
  }
  return out;
}
