// node demo/screenshot.mjs [out.png] [light|dark]   (default docs/demo.png, light; run `npm run build` first)
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./screenshot.ts', import.meta.url).pathname);
await module.takeScreenshot(process.argv[2] ?? 'docs/demo.png', process.argv[3] === 'dark' ? 'dark' : 'light');
