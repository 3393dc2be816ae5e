/** Replaced at build time by the Vite config: where Cesium's static files are, relative to the page. */
declare const CESIUM_BASE_URL: string;

let loading: Promise<void> | undefined;

/**
 * Load Cesium's widget styles (timeline, animation dial, toolbar) from the copied Cesium folder,
 * once, before the first viewer is laid out: the app shell stays free of them until a globe is shown.
 */
export function loadCesiumStyles(): Promise<void> {
  loading ??= new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = `${CESIUM_BASE_URL}Widgets/widgets.css`;
    link.addEventListener('load', () => resolve());
    link.addEventListener('error', () => reject(new Error(`could not load ${link.href}`)));
    document.head.append(link);
  });
  return loading;
}
