/**
 * The Node build of the collector: `vite build --config vite.collector.config.ts` →
 * dist/collector/{cli,index,vite}.js (ES modules for Node 20; protobufjs stays a dependency) plus
 * the vendored .proto files beside them, which protobuf.ts loads at run time.
 * bin/spanlens.js runs this build itself when dist/collector is missing or older than src/.
 */
import { cpSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const OUT_DIR = 'dist/collector';

function copyProtoFiles(): Plugin {
  return {
    name: 'spanlens-copy-proto',
    closeBundle() {
      cpSync('src/collector/proto', `${OUT_DIR}/proto`, { recursive: true });
    },
  };
}

export default defineConfig({
  plugins: [copyProtoFiles()],
  build: {
    ssr: true,
    target: 'node20',
    outDir: OUT_DIR,
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: { cli: 'src/collector/cli.ts', index: 'src/collector/index.ts', vite: 'src/collector/vite.ts' },
      // Every file at the top of dist/collector: protobuf.ts finds ./proto beside itself.
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
