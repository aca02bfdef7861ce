/**
 * Two library builds from one config:
 *   `vite build`             → dist/spanlens.js       ES module for npm users (deps stay external)
 *   `vite build --mode iife` → dist/spanlens.iife.js  one self-contained file for the script tag
 * CSS is imported as strings (`?inline`) and adopted into the shadow root, so there is no CSS file.
 */
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => {
  const iife = mode === 'iife';
  return {
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
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
