// The layer rules' guard (scripts/check-imports.js, part of `npm run lint`) fails on what
// docs/architecture.md forbids: a cycle, domain/ importing outside itself, api/ importing store/ or
// using ctx.store, engine/ importing api/ or services/ or a carrier's own modules (the contract only) or protocol code, protocols/ importing above domain/, services/ importing api/ or engine/, and any
// layer but store/ issuing a statement of its own (store/ names each once). Run on small trees.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function check(files: Record<string, string>): { code: number | null; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-imports-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const r = spawnSync(process.execPath, ['scripts/check-imports.js', dir], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout + r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('import rules', () => {
  it('pass a tree that keeps them', () => {
    const r = check({
      'domain/a.ts': 'export const a = 1;\n',
      'store/s.ts': "import { a } from '../domain/a.js';\nexport const s = a;\n",
      'services/u.ts': "import { s } from '../store/s.js';\nexport const u = s;\n",
      'engine/e.ts':
        "import type { s } from '../store/s.js';\nimport type { C } from '../carriers/carrier.js';\nexport const e = 1;\n",
      'carriers/carrier.ts': 'export type C = number;\n',
      'api/r.ts': "import { u } from '../services/u.js';\nexport const r = u;\n",
    });
    expect(r.out).toContain('imports: 6 modules, no cycle, layers respected');
    expect(r.code).toBe(0);
  });

  it('fail on each forbidden import and on a cycle, naming them', () => {
    const r = check({
      'domain/a.ts': "import { s } from '../store/s.js';\nexport const a = s;\n",
      'store/s.ts': 'export const s = 1;\n',
      'services/u.ts': "import { r } from '../api/r.js';\nexport const u = r;\n",
      'engine/e.ts':
        "import { u } from '../services/u.js';\nimport { r } from '../api/r.js';\nexport const e = [u, r];\n",
      'api/r.ts': "import { s } from '../store/s.js';\nexport const r = s;\n",
      'api/q.ts': 'export const q = (ctx: { store: unknown }) => ctx.store;\n',
      'services/x.ts': "import { y } from './y.js';\nexport const x = y;\n",
      'services/y.ts': "import type { x } from './x.js';\nexport const y = 1;\n",
      'services/z.ts':
        "export const z = (db: any) =>\n  db\n    .selectFrom('campaigns as c')\n    .selectAll();\n",
      'services/w.ts': "export const w = (db: any) => db.selectFrom('usage_daily').selectAll();\n",
      'services/q.ts': 'export const q = (sql: any) => sql`SELECT 1`;\n',
      'services/v.ts': "import { e } from '../engine/e.js';\nexport const v = e;\n",
      'carriers/smpp/link.ts': 'export const link = 1;\n',
      'protocols/smpp/p.ts': "import { s } from '../../store/s.js';\nexport const p = s;\n",
      'engine/m.ts': "import { p } from '../protocols/smpp/p.js';\nexport const m = p;\n",
      'engine/l.ts': "import { link } from '../carriers/smpp/link.js';\nexport const l = link;\n",
      'carriers/smpp/old.ts': "import smpp from 'smpp';\nexport const old = smpp;\n",
      'simulators/smsc/sim.ts': "import smpp from 'smpp';\nexport const sim = smpp;\n",
      'engine/f.ts': "export const f = (db: any) => db.updateTable('message_parts').set({});\n",
      'engine/g.ts':
        'export const g = (raw: any, db: any) => raw.all(db, `${PREPARED}SELECT id FROM messages`, []);\n',
      'engine/h.ts': "export const h = (c: any) => c.query('UPDATE nodes SET heartbeat_at = 1');\n",
    });
    expect(r.code).toBe(1);
    for (const problem of [
      'layer: domain/a.ts imports store/s.ts',
      'layer: services/u.ts imports api/r.ts',
      'layer: engine/e.ts imports services/u.ts',
      'layer: engine/e.ts imports api/r.ts',
      'layer: api/r.ts imports store/s.ts',
      'layer: api/q.ts uses the store directly',
      'cycle of 2: services/x.ts, services/y.ts',
      'statement: services/z.ts queries campaigns (belongs in store/)',
      'statement: engine/f.ts queries message_parts (belongs in store/)',
      'layer: engine/l.ts imports carriers/smpp/link.ts',
      'package: carriers/smpp/old.ts imports smpp (only the simulator may)',
      'layer: protocols/smpp/p.ts imports store/s.ts',
      'layer: engine/m.ts imports protocols/smpp/p.ts',
      'statement: engine/g.ts writes raw SQL (belongs in store/)',
      'statement: engine/h.ts writes raw SQL (belongs in store/)',
      'layer: services/v.ts imports engine/e.ts',
    ])
      expect(r.out, problem).toContain(problem);
    // Any table, and raw SQL too.
    expect(r.out).toContain('statement: services/w.ts queries usage_daily (belongs in store/)');
    expect(r.out).toContain('statement: services/q.ts writes raw SQL (belongs in store/)');
    expect(r.out).not.toContain('package: simulators/');
  });
});
