/**
 * Colours on the globe. Threats take the Okabe–Ito palette in scene order (distinguishable with the
 * common colour-vision deficiencies), repeated past seven threats; black is left out because the
 * imagery is dark. Intercepts and defence sites are white and cyan so they never look like a threat.
 */
const THREAT_PALETTE = ['#E69F00', '#56B4E9', '#F0E442', '#CC79A7', '#009E73', '#D55E00', '#0072B2'];

/** CSS hex colour of the threat at `index` in the scene. */
export function threatColour(index: number): string {
  return THREAT_PALETTE[index % THREAT_PALETTE.length]!;
}

export const INTERCEPT_COLOUR = '#FFFFFF';
export const RADAR_COLOUR = '#7FDBFF';
export const INTERCEPTOR_SITE_COLOUR = '#2ECC40';
export const PLACE_COLOUR = '#DDDDDD';
