/**
 * Two library builds from one config:
 *   `vite build`             → dist/spanlens.js       ES module for npm users (deps stay external)
 *   `vite build --mode iife` → dist/spanlens.iife.js  one self-contained file for the script tag
 * CSS is imported as strings (`?inline`) and adopted into the shadow root, so there is no CSS file.
 */
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig(({ mode }) => {
  if (mode === 'worker') return workerBuild();
  const iife = mode === 'iife';
  return {
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    plugins: [asciiOnly()],
    build: {
      target: 'es2022',
      emptyOutDir: !iife,
      sourcemap: true,
      minify: iife,
      lib: iife
        ? { entry: 'src/script.ts', formats: ['iife'], name: 'spanlens', fileName: () => 'spanlens.iife.js' }
        : { entry: 'src/index.ts', formats: ['es'], fileName: () => 'spanlens.js' },
      rollupOptions: iife ? {} : { external: [/^preact(\/.*)?$/, /^@preact\/signals/, /^idb$/] },
    },
  };
});

/**
 * `vite build --mode worker` → dist/spanlens.worker.js: the worker entry (src/worker.ts), one
 * self-contained classic script, so a classic worker can importScripts() it and a module worker
 * or a bundler can import it for its side effect (`spanlens/worker`).
 */
function workerBuild() {
  return {
    plugins: [asciiOnly()],
    build: {
      target: 'es2022',
      emptyOutDir: false,
      sourcemap: true,
      minify: true,
      lib: { entry: 'src/worker.ts', formats: ['iife' as const], name: 'spanlensWorker', fileName: () => 'spanlens.worker.js' },
    },
  };
}
