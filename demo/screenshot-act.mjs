// node demo/screenshot-act.mjs [dir]   (default docs/; run `npm run build` first)
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./screenshot-act.ts', import.meta.url).pathname);
await module.takeScreenshots(process.argv[2] ?? 'docs');
