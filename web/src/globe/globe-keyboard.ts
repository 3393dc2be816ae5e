import { SceneMode, type Viewer } from 'cesium';

const EARTH_RADIUS = 6.371e6; // m
/** Share of the camera's height moved or zoomed per key press. */
const STEP = 0.1;

/**
 * The globe can be driven without a mouse: Tab focuses it, arrow keys bring into view what lies
 * in their direction (turning the globe, or panning the 2D map), + and - zoom. Returns the function
 * that removes the key handling.
 */
export function enableKeyboardCamera(viewer: Viewer): () => void {
  const canvas = viewer.canvas;
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-label', 'Globe. Arrow keys move the view, plus and minus zoom.');
  const onKey = (event: KeyboardEvent) => {
    const camera = viewer.camera;
    const height = camera.positionCartographic.height;
    const angle = Math.min(0.2, Math.max(0.002, (STEP * height) / EARTH_RADIUS)); // rad
    const flat = viewer.scene.mode === SceneMode.SCENE2D;
    const move = STEP * height; // m
    const actions: Record<string, () => void> = {
      ArrowLeft: () => (flat ? camera.moveLeft(move) : camera.rotateLeft(angle)),
      ArrowRight: () => (flat ? camera.moveRight(move) : camera.rotateRight(angle)),
      ArrowUp: () => (flat ? camera.moveUp(move) : camera.rotateDown(angle)),
      ArrowDown: () => (flat ? camera.moveDown(move) : camera.rotateUp(angle)),
      '+': () => camera.zoomIn(move),
      '=': () => camera.zoomIn(move),
      '-': () => camera.zoomOut(move),
    };
    const action = actions[event.key];
    if (!action) return;
    action();
    event.preventDefault();
  };
  canvas.addEventListener('keydown', onKey);
  return () => canvas.removeEventListener('keydown', onKey);
}
