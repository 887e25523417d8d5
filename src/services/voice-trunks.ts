/**
 * Voice trunks as operators manage them (console operator pages, admin API): those of the
 * configuration file and those stored in the database, with the calls this node's engine carries on
 * each; add, edit (the password kept unless retyped), disable, enable, remove — carrier-configs.ts,
 * as for SMPP links.
 */
import {
  parseStoredTrunks,
  type SipTrunkConfig,
  trunkConfig,
  trunkConfigProblems,
} from '../carriers/sip/trunk-config.js';
import {
  deleteStoredTrunkRow,
  saveStoredTrunk,
  storedTrunkRows,
} from '../store/repositories/voice-trunks.js';
import {
  type CarrierConfigKind,
  type CarrierConfigsHere,
  editCarrierConfig,
  putCarrierConfig,
  removeCarrierConfig,
  setCarrierConfigDisabled,
  storedIds,
  withoutPassword,
} from './carrier-configs.js';
import type { ServiceContext } from './context.js';
import { unusable, type UnusableEntry } from './smpp-links.js';

/** What the services need of the engine running on this node for trunks. */
export interface RunningTrunks {
  stats(): { trunks?: ReadonlyArray<{ id: string; maxCalls: number; activeCalls: number }> };
  configuredTrunks(): Promise<ReadonlyArray<{ id: string; maxCalls: number }>>;
  refreshTrunks(): Promise<void>;
}

export type TrunkListing = Omit<SipTrunkConfig, 'password'> & {
  source: 'api' | 'file';
  runningHere: boolean;
  /** `active`, `disabled`, or `elsewhere` (no engine here). */
  state: string;
  activeCalls: number;
};

const TRUNKS: CarrierConfigKind<SipTrunkConfig> = {
  noun: 'trunk',
  keys: new Set(['host', 'port', 'username', 'password', 'domain', 'maxCalls', 'disabled']),
  integers: ['port', 'maxCalls'],
  required: ['host'],
  whole: (partial) => trunkConfig(partial as unknown as SipTrunkConfig),
  problems: trunkConfigProblems,
  parseStored: parseStoredTrunks,
  rows: storedTrunkRows,
  save: saveStoredTrunk,
  remove: deleteStoredTrunkRow,
};

function here(engine: RunningTrunks | undefined): CarrierConfigsHere<SipTrunkConfig> | undefined {
  return (
    engine && {
      configured: async () => (await engine.configuredTrunks()).map((t) => trunkConfig(t as SipTrunkConfig)),
      refresh: () => engine.refreshTrunks(),
    }
  );
}

/** Every configured trunk (this node's engine knows the file's), then the stored trunks that cannot run. */
export async function listTrunks(
  ctx: ServiceContext,
  engine: RunningTrunks | undefined,
): Promise<Array<TrunkListing | UnusableEntry>> {
  const { ids: stored, invalid } = await storedIds(ctx, TRUNKS);
  const running = new Map((engine?.stats().trunks ?? []).map((t) => [t.id, t]));
  const configs = (await here(engine)?.configured()) ?? [];
  const listed: TrunkListing[] = configs.map((c) => {
    const line = running.get(c.id);
    return {
      ...withoutPassword(c),
      source: stored.has(c.id) ? 'api' : 'file',
      runningHere: Boolean(line),
      state: c.disabled ? 'disabled' : line ? 'active' : 'elsewhere',
      activeCalls: line?.activeCalls ?? 0,
    };
  });
  return [...listed, ...invalid.map((bad) => unusable(bad))];
}

export const putTrunk = (ctx: ServiceContext, engine: RunningTrunks | undefined, id: string, body: unknown) =>
  putCarrierConfig(ctx, TRUNKS, here(engine), id, body);

export const editTrunk = (
  ctx: ServiceContext,
  engine: RunningTrunks | undefined,
  id: string,
  body: unknown,
  create: boolean,
) => editCarrierConfig(ctx, TRUNKS, here(engine), id, body, create);

export const setTrunkDisabled = (
  ctx: ServiceContext,
  engine: RunningTrunks | undefined,
  id: string,
  disabled: boolean,
) => setCarrierConfigDisabled(ctx, TRUNKS, here(engine), id, disabled);

export const removeTrunk = (ctx: ServiceContext, engine: RunningTrunks | undefined, id: string) =>
  removeCarrierConfig(ctx, TRUNKS, here(engine), id);

/**
 * The bundled callee simulator listens on a new port at each start: an operator's stored copy of its
 * trunk (a changed limit, say) follows it there instead of pointing at the old port.
 */
export async function followBundledTrunk(
  ctx: ServiceContext,
  id: string,
  address: { host: string; port: number },
): Promise<void> {
  const row = (await storedTrunkRows(ctx.store.db)).find((r) => r.id === id);
  if (!row) return;
  const [config] = parseStoredTrunks([row]).valid;
  if (!config) return;
  const { id: _id, ...stored } = { ...config, ...address };
  await saveStoredTrunk(ctx.store.db, id, JSON.stringify(stored), ctx.clock());
}
