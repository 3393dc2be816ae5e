/** The shieldlab version carried by every JSON result (kept equal to package.json by a test). */
export const SHIELDLAB_VERSION = '0.1.0';
