import { cpSync, createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The browser app. `npm run build:web` writes dist/web: static files with relative URLs
 * (`base: './'`), so the same build can be hosted under any path or served by `shieldlab serve`.
 */

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(webRoot, '..');
const outDir = resolve(repoRoot, 'dist', 'web');

/** Where Cesium's prebuilt static files live, and where the app finds them (relative to each page). */
const cesiumBuild = resolve(repoRoot, 'node_modules', 'cesium', 'Build', 'Cesium');
const CESIUM_FOLDERS = ['Workers', 'ThirdParty', 'Assets', 'Widgets'] as const;
const CESIUM_URL_PATH = 'cesium';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.css': 'text/css',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
  '.ktx2': 'image/ktx2',
  '.glb': 'model/gltf-binary',
};

/**
 * Cesium's workers, imagery, third-party code and widget styles are fetched at run time from
 * CESIUM_BASE_URL, so they are copied next to the pages (build) or served from node_modules (dev).
 * Hand-written because vite-plugin-static-copy@4 needs Node 22 and this project runs on Node 20.
 */
function cesiumStaticFiles(): Plugin {
  let buildOutDir = outDir; // as resolved, so that `vite build --outDir` elsewhere works too
  return {
    name: 'shieldlab-cesium-static-files',
    configResolved(config) {
      buildOutDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(`/${CESIUM_URL_PATH}`, (req, res, next) => {
        const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
        const file = normalize(join(cesiumBuild, path));
        const folder = file.slice(cesiumBuild.length + 1).split(sep)[0];
        if (!file.startsWith(cesiumBuild + sep) || !CESIUM_FOLDERS.some((f) => f === folder)) return next();
        let size: number;
        try {
          const st = statSync(file);
          if (!st.isFile()) return next();
          size = st.size;
        } catch {
          return next();
        }
        res.setHeader('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
        res.setHeader('Content-Length', size);
        createReadStream(file).pipe(res);
      });
    },
    writeBundle() {
      for (const folder of CESIUM_FOLDERS) {
        cpSync(join(cesiumBuild, folder), join(buildOutDir, CESIUM_URL_PATH, folder), { recursive: true });
      }
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: './',
  define: {
    // Relative, so that it resolves against the page wherever the build is hosted.
    CESIUM_BASE_URL: JSON.stringify(`./${CESIUM_URL_PATH}/`),
  },
  plugins: [cesiumStaticFiles()],
  // The app imports the physics core (../src) and the catalog (../data) from the repository root.
  server: { fs: { allow: [repoRoot] } },
  worker: { format: 'es' },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // Just above the lazily loaded Cesium chunk (4.1 MB minified, 1.1 MB gzip; Cesium is pinned).
    chunkSizeWarningLimit: 4500,
    rolldownOptions: {
      input: {
        index: resolve(webRoot, 'index.html'),
        'globe-bench': resolve(webRoot, 'globe-bench.html'),
        methods: resolve(webRoot, 'methods.html'),
      },
      output: {
        // Cesium and its dependencies in one chunk of their own, loaded only when a globe is
        // shown, whichever page or module first asks for it.
        codeSplitting: { groups: [{ name: 'cesium', test: /node_modules[\\/](cesium|@cesium)[\\/]/ }] },
      },
    },
  },
});
