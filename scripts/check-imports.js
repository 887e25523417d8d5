#!/usr/bin/env node
// Import rules of the layers (docs/architecture.md), checked on every `npm run lint`: no import cycle
// anywhere in src/, and each layer imports only what it may. Type-only imports count too: a cycle of
// types is still a knot that ties two modules' changes together.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The tree checked: the project's src/, or the directory given (the rules' own test).
const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const src = process.argv[2] ? resolve(process.argv[2]) : join(root, 'src');

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g;
const graph = new Map();
for (const file of files(src)) {
  const text = readFileSync(file, 'utf8');
  const deps = new Set();
  for (const m of text.matchAll(IMPORT)) {
    deps.add(resolve(dirname(file), m[1].replace(/\.js$/, '.ts')));
  }
  graph.set(
    file,
    [...deps].filter((d) => d.startsWith(src)),
  );
}

const rel = (f) => relative(src, f);
const layer = (f) => rel(f).split('/')[0].replace(/\.ts$/, '');

/** layer → layers it must not import. */
const FORBIDDEN = {
  domain: (to) => to !== 'domain',
  api: (to) => to === 'store',
  // What the engine needs from faces, use cases and carriers is handed in at start
  // (engine/runtime/engine-hooks.ts); of carriers/ it knows the contract only (carriers/carrier.ts).
  engine: (to, path) =>
    to === 'api' ||
    to === 'services' ||
    to === 'protocols' ||
    (to === 'carriers' && path !== 'carriers/carrier.ts'),
  // Protocol code (protocols/smpp: Herald's own SMPP) knows nothing above it.
  protocols: (to) => to !== 'protocols' && to !== 'domain',
  services: (to) => to === 'api' || to === 'engine',
  store: (to) => to === 'api' || to === 'services' || to === 'engine',
  carriers: (to) => to === 'api' || to === 'services' || to === 'engine' || to === 'store',
};

const problems = [];
for (const [from, deps] of graph) {
  const rule = FORBIDDEN[layer(from)];
  for (const to of deps) {
    if (rule && rule(layer(to), rel(to))) problems.push(`layer: ${rel(from)} imports ${rel(to)}`);
  }
}

// Statements live in store/, each named once (Novu's repositories, BullMQ's one place per statement):
// no query-builder statement, no tagged raw SQL and no SQL text outside store/ (use cases call
// store/repositories; the engine calls store/'s queue, outcome and sweep modules).
const STATEMENT =
  /(?:selectFrom|insertInto|deleteFrom|updateTable)\(\s*'(\w+)|\bsql`|(['`])\s*(?:\$\{PREPARED\})?(?:SELECT|UPDATE|INSERT INTO|DELETE FROM)\s/;
for (const file of graph.keys()) {
  if (layer(file) === 'store') continue;
  const m = STATEMENT.exec(readFileSync(file, 'utf8'));
  if (m)
    problems.push(
      `statement: ${rel(file)} ${m[1] ? `queries ${m[1]}` : 'writes raw SQL'} (belongs in store/)`,
    );
}

// Herald's SMPP is its own (protocols/smpp); the `smpp` package is the operator simulator's
// independent stack and the tests' oracle, nothing else's.
for (const file of graph.keys()) {
  if (layer(file) === 'simulators') continue;
  if (/(?:^|\n)\s*import\s[^'"]*?from\s+['"]smpp['"]/.test(readFileSync(file, 'utf8')))
    problems.push(`package: ${rel(file)} imports smpp (only the simulator may)`);
}

// Faces reach the database only through use cases: no `ctx.store` under api/.
for (const file of graph.keys()) {
  if (layer(file) !== 'api') continue;
  if (/\.store\b/.test(readFileSync(file, 'utf8')))
    problems.push(`layer: ${rel(file)} uses the store directly`);
}

// Tarjan's strongly connected components: every component of more than one module is a cycle.
let index = 0;
const stack = [];
const state = new Map();
function visit(v) {
  const s = { index, low: index, onStack: true };
  state.set(v, s);
  index++;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    const t = state.get(w);
    if (!t) {
      visit(w);
      s.low = Math.min(s.low, state.get(w).low);
    } else if (t.onStack) s.low = Math.min(s.low, t.index);
  }
  if (s.low === s.index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      state.get(w).onStack = false;
      component.push(rel(w));
    } while (w !== v);
    if (component.length > 1) problems.push(`cycle of ${component.length}: ${component.sort().join(', ')}`);
  }
}
for (const v of graph.keys()) if (!state.has(v)) visit(v);

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`${problems.length} import rule(s) broken`);
  process.exit(1);
}
console.log(`imports: ${graph.size} modules, no cycle, layers respected`);
