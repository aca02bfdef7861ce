/**
 * The library builds, one per mode (`vite build --mode <mode>`; scripts/build.js runs them all):
 *
 *   production  dist/spanlens.js            ES module for npm (deps stay external); the panel is a
 *               chunk of its own, dist/chunks/panel.js, imported on first open
 *   eager       dist/spanlens.eager.js      the same API with the panel inside (`spanlens/eager`)
 *   iife        dist/spanlens.iife.js       the script tag: recorder, store, launcher
 *   panel       dist/spanlens.panel.js      the panel, an ES module the script tag imports on demand
 *   forwarder   dist/spanlens.forwarder.js  the OTLP forwarder, imported only when configured
 *   single      dist/spanlens.single.iife.js  the script tag with the panel inside, for one-file hosts
 *   worker      dist/spanlens.worker.js     the worker entry (importScripts, or `spanlens/worker`)
 *
 * An IIFE cannot be split into chunks, so each file a script tag loads later (src/lazy/
 * sibling-module.ts) is a build of its own: a self-contained ES module whose exports are its
 * interface. A second lazily loaded file is one more entry in BUILDS (and its mode in
 * scripts/build.js, its budget in size-budget.json).
 * CSS is imported as strings (`?inline`) and adopted into the shadow root, so there is no CSS file.
 */
import { defineConfig, type LibraryFormats, type Plugin } from 'vite';

interface Build {
  entry: string;
  format: LibraryFormats;
  fileName: string;
  /** npm builds leave their dependencies to the app's bundler and are not minified. */
  npm?: boolean;
}

const BUILDS: Record<string, Build> = {
  production: { entry: 'src/index.ts', format: 'es', fileName: 'spanlens.js', npm: true },
  eager: { entry: 'src/eager.ts', format: 'es', fileName: 'spanlens.eager.js', npm: true },
  iife: { entry: 'src/script.ts', format: 'iife', fileName: 'spanlens.iife.js' },
  panel: { entry: 'src/ui/panel.ts', format: 'es', fileName: 'spanlens.panel.js' },
  forwarder: { entry: 'src/export/forwarder.ts', format: 'es', fileName: 'spanlens.forwarder.js' },
  single: { entry: 'src/script-single.ts', format: 'iife', fileName: 'spanlens.single.iife.js' },
  // The worker entry: a classic script, so a worker can importScripts() it or import it (`spanlens/worker`).
  worker: { entry: 'src/worker.ts', format: 'iife', fileName: 'spanlens.worker.js' },
};

/**
 * Escape every non-ASCII character of the output as \uXXXX. After minification they can only be
 * in string, template or regex literals, where the escape means the same thing; the bundle then
 * reads the same on a host page that declares no charset or a legacy one.
 */
function asciiOnly(): Plugin {
  return {
    name: 'spanlens-ascii-only',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk') {
          file.code = file.code.replace(/[^\x00-\x7f]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
        }
      }
    },
  };
}

/**
 * The npm build's chunks, named so that their size budgets stay put: each lazily imported module
 * (the panel, the forwarder, its protobuf encoder) by its name, and everything two or more of them
 * share with the main entry in one chunks/common.js (rolldown, unlike Rollup, gives shared modules
 * chunks of their own, named after an arbitrary module in them).
 */
const NPM_OUTPUT = {
  chunkFileNames: 'chunks/[name].js',
  codeSplitting: { groups: [{ name: 'common', minShareCount: 2 }] },
};

export default defineConfig(({ mode }) => {
  const build = BUILDS[mode];
  if (!build) throw new Error(`vite.config.ts: no build for mode "${mode}" (one of ${Object.keys(BUILDS).join(', ')})`);
  return {
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    plugins: [asciiOnly()],
    build: {
      target: 'es2022',
      // The first build (`vite build`, production) empties dist/; the others add to it.
      emptyOutDir: mode === 'production',
      sourcemap: true,
      minify: !build.npm,
      lib: { entry: build.entry, formats: [build.format], name: 'spanlens', fileName: () => build.fileName },
      rollupOptions: build.npm
        ? { external: [/^preact(\/.*)?$/, /^@preact\/signals/, /^idb$/], output: NPM_OUTPUT }
        : // A file a script tag loads later is one file: its own dynamic imports are inlined.
          { output: { codeSplitting: false } },
    },
  };
});
