/**
 * The size budget (size-budget.json): every file the build wrote weighs at most its budget, gzip.
 * Sizes are deterministic, so this is a hard line; raising a budget is an edit of that file.
 * Runs in the e2e project because it needs the fresh dist/ of its global setup (no browser).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sizeReport(...args: string[]) {
  return spawnSync(process.execPath, ['scripts/size-report.js', '--check', ...args], { encoding: 'utf8' });
}

describe('the size budget', () => {
  it('every output file is within its budget in size-budget.json', () => {
    const result = sizeReport();
    expect(result.stdout.split('\n').filter((line) => line.startsWith('size budget:'))).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('fails, naming the file, when one is over by a single byte or has no budget', () => {
    const budgets = JSON.parse(readFileSync('size-budget.json', 'utf8')).gzipBytes as Record<string, number>;
    const tight = { ...budgets };
    delete tight['spanlens.panel.js'];
    const probe = sizeReport('--budget', writeBudget({ ...tight, 'spanlens.iife.js': 1 }));
    expect(probe.status).toBe(1);
    expect(probe.stdout).toMatch(/size budget: spanlens\.iife\.js is \d+ bytes gzip, over its budget of 1 in /);
    expect(probe.stdout).toContain('size budget: spanlens.panel.js has no budget in ');
    // The file's exact size: a budget one byte under it fails, the size itself passes.
    const exact = Number(/spanlens\.iife\.js is (\d+) bytes gzip/.exec(probe.stdout)?.[1]);
    const oneUnder = sizeReport('--budget', writeBudget({ ...budgets, 'spanlens.iife.js': exact - 1 }));
    expect(oneUnder.status).toBe(1);
    expect(sizeReport('--budget', writeBudget({ ...budgets, 'spanlens.iife.js': exact })).status).toBe(0);
  });
});

function writeBudget(gzipBytes: Record<string, number>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'spanlens-budget-')), 'budget.json');
  writeFileSync(path, JSON.stringify({ gzipBytes }));
  return path;
}
