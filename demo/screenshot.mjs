// node demo/screenshot.mjs [out.png]   (default docs/demo.png; run `npm run build` first)
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./screenshot.ts', import.meta.url).pathname);
await module.takeScreenshot(process.argv[2] ?? 'docs/demo.png');
