import type { Viewer } from 'cesium';

/**
 * How much drawing the machine can afford. Without a GPU (virtual machines, remote desktops,
 * headless test browsers) WebGL runs on the CPU: SwiftShader drew a 1280x720 globe at about
 * 2 frames/s with Cesium's defaults on 2 cores, about 10 without the atmosphere and multisampling.
 * There, those cosmetic effects go. The resolution stays: at half resolution (about 25 frames/s)
 * the labels could not be read.
 */
export type RenderQuality = 'full' | 'software';

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** The WebGL renderer's name, as the browser reports it ('' when it will not say). */
export function webglRendererName(): string {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name;
}

export function renderQuality(rendererName: string): RenderQuality {
  return SOFTWARE_RENDERERS.test(rendererName) ? 'software' : 'full';
}

/** Multisample antialiasing samples per pixel (fixed when the viewer is created). */
export function msaaSamples(quality: RenderQuality): number {
  return quality === 'software' ? 1 : 4;
}

/** Settings that can change after the viewer exists. */
export function applyRenderQuality(viewer: Viewer, quality: RenderQuality): void {
  if (quality !== 'software') return;
  viewer.scene.globe.showGroundAtmosphere = false;
  if (viewer.scene.skyAtmosphere) viewer.scene.skyAtmosphere.show = false;
}
