import type { Viewer } from 'cesium';

/**
 * A play/pause button in Cesium's toolbar: a real button, reachable by Tab, because the animation
 * dial is an SVG that a keyboard cannot operate. Returns the function that removes it.
 */
export function addPlayButton(viewer: Viewer): () => void {
  const toolbar = viewer.container.querySelector('.cesium-viewer-toolbar') ?? viewer.container;
  const clock = viewer.clock;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'cesium-button cesium-toolbar-button';
  button.addEventListener('click', () => {
    clock.shouldAnimate = !clock.shouldAnimate;
    showState();
  });
  let shownPlaying: boolean | undefined;
  const showState = () => {
    if (shownPlaying === clock.shouldAnimate) return;
    shownPlaying = clock.shouldAnimate;
    button.textContent = shownPlaying ? '❚❚' : '▶';
    button.title = shownPlaying ? 'Pause the time line' : 'Play the time line';
    button.setAttribute('aria-label', button.title);
  };
  // The animation dial also starts and stops the clock: follow it.
  const removeTickListener = clock.onTick.addEventListener(showState);
  showState();
  toolbar.prepend(button);
  return () => {
    removeTickListener();
    button.remove();
  };
}
