// Each output file's size in dist/ against its budget in size-budget.json (gzip, level 9: the
// sizes are deterministic, so a budget is a hard line, unlike a timing).
//
//   node scripts/size-report.js                 print the table (the last step of `npm run build`)
//   node scripts/size-report.js --check         also exit 1 when a file is over its budget, has no
//                                               budget, or a budgeted file is missing (the test suite)
//   node scripts/size-report.js --budget f.json use another budget file
//
// Raising a budget is an edit of size-budget.json, reviewed like code: say in the commit why the
// bytes are worth it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const check = args.includes('--check');
const budgetPath = args.includes('--budget') ? args[args.indexOf('--budget') + 1] : 'size-budget.json';
const DIST = 'dist';

/**
 * Every .js file under dist/ (not the maps, not the type declarations, not the collector, which
 * runs in Node and never reaches a page), as paths relative to it.
 */
function outputFiles(dir = DIST) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'types' || entry.name === 'collector' ? [] : outputFiles(path);
    return entry.name.endsWith('.js') ? [relative(DIST, path)] : [];
  });
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const budgets = JSON.parse(readFileSync(budgetPath, 'utf8')).gzipBytes;
const problems = [];
const rows = [];
for (const file of outputFiles().sort()) {
  const code = readFileSync(join(DIST, file));
  const gzip = gzipSync(code, { level: 9 }).length;
  const budget = budgets[file];
  let verdict = budget === undefined ? 'no budget' : `${kb(budget - gzip)} left`;
  if (budget === undefined) problems.push(`${file} has no budget in ${budgetPath}`);
  else if (gzip > budget) {
    verdict = `OVER by ${gzip - budget} bytes`;
    problems.push(`${file} is ${gzip} bytes gzip, over its budget of ${budget} in ${budgetPath}`);
  }
  rows.push([file, kb(code.length), kb(gzip), budget === undefined ? '-' : kb(budget), verdict]);
}
for (const file of Object.keys(budgets)) {
  if (!rows.some((row) => row[0] === file)) problems.push(`${file} is in ${budgetPath} but was not built`);
}

const widths = [0, 1, 2, 3].map((i) => Math.max(...[['file', 'minified', 'gzip', 'budget'], ...rows].map((row) => row[i].length)));
const line = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : i < 4 ? cell.padStart(widths[i]) : cell)).join('  ');
console.log(line(['file', 'minified', 'gzip', 'budget', '']));
for (const row of rows) console.log(line(row));
for (const problem of problems) console.log(`size budget: ${problem}`);
if (check && problems.length > 0) process.exit(1);
