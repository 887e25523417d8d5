/**
 * SMPP links as operators manage them (admin API, console operator pages): those of the configuration
 * file (which the engine reads itself) and those stored in the database, with what this node's engine
 * is doing with each. Reading, checking and storing a definition is carrier-configs.ts's, shared with
 * voice trunks.
 */
import {
  LINK_BOUNDS,
  linkConfig,
  linkConfigProblems,
  parseStoredLinks,
  type SmppLinkConfig,
} from '../carriers/smpp/link-config.js';
import { deleteStoredLinkRow, saveStoredLink, storedLinkRows } from '../store/repositories/smpp-links.js';
import {
  type CarrierConfigKind,
  type CarrierConfigsHere,
  editCarrierConfig,
  putCarrierConfig,
  readCarrierConfig,
  removeCarrierConfig,
  setCarrierConfigDisabled,
  storedIds,
  withoutPassword,
} from './carrier-configs.js';
import type { ServiceContext } from './context.js';
import { probeDatabase } from '../store/repositories/accounts.js';

/** What the services need of the delivery engine running on this node (none on an API-only node). */
export interface RunningLinks {
  linkViews(): ReadonlyArray<{
    id: string;
    state: string;
    window: number;
    inFlight: number;
    counters: Readonly<Record<string, number>>;
  }>;
  configuredLinks(): Promise<ReadonlyArray<{ id: string }>>;
  refreshLinks(): Promise<void>;
}

/** A configured link, its password left out, with its source and what this node runs of it. */
export type LinkListing = Omit<SmppLinkConfig, 'password'> & {
  source: 'api' | 'file';
  runningHere: boolean;
  /** The bind's state, `disabled`, or `elsewhere` (owned by another node, or no engine here). */
  state: string;
  /** Parts it takes at once and parts awaiting an answer (the pair's transmitter for a pair). */
  window: number;
  inFlight: number;
  counters: Readonly<Record<string, number>> | null;
};

/** A stored entry that cannot run, and why. */
export interface UnusableEntry {
  id: string;
  problems: Record<string, string>;
  source: 'api';
  runningHere: false;
  state: 'invalid';
}

const LINKS: CarrierConfigKind<SmppLinkConfig> = {
  noun: 'link',
  keys: new Set([
    'host', 'port', 'systemId', 'password', 'systemType', 'window', 'tps', 'enquireLinkMs', 'deadAfterMs',
    'submitTimeoutMs', 'reconnectMinMs', 'reconnectMaxMs', 'throttlePauseMs', 'bindMode', 'concatenation',
    'prefixes', 'countries', 'priority', 'restrictionTlvs', 'disabled',
  ]), // prettier-ignore
  integers: Object.keys(LINK_BOUNDS),
  required: ['host', 'port'],
  normalise(given) {
    // Countries may arrive in lower case.
    if (Array.isArray(given.countries))
      given.countries = given.countries.map((c: unknown) => (typeof c === 'string' ? c.toUpperCase() : c));
  },
  whole(partial) {
    // A pair's halves carry a role the pool sets; a definition never does.
    const { role: _role, ...rest } = partial as Partial<SmppLinkConfig>;
    return linkConfig(rest as SmppLinkConfig);
  },
  problems: linkConfigProblems,
  parseStored: parseStoredLinks,
  rows: storedLinkRows,
  save: saveStoredLink,
  remove: deleteStoredLinkRow,
};

/** A link definition from a request, whole and valid (the admin API's input rules). */
export function readLinkInput(id: string, body: unknown, base?: SmppLinkConfig): SmppLinkConfig {
  return readCarrierConfig(LINKS, id, body, base);
}

function here(engine: RunningLinks | undefined): CarrierConfigsHere<SmppLinkConfig> | undefined {
  return (
    engine && {
      configured: async () => (await engine.configuredLinks()) as SmppLinkConfig[],
      refresh: () => engine.refreshLinks(),
    }
  );
}

/** Every configured link (this node's engine knows the file's), then the stored links that cannot run. */
export async function listLinks(
  ctx: ServiceContext,
  engine: RunningLinks | undefined,
): Promise<Array<LinkListing | UnusableEntry>> {
  const { ids: stored, invalid } = await storedIds(ctx, LINKS);
  const running = new Map((engine?.linkViews() ?? []).map((l) => [l.id, l]));
  const configs = (engine ? await engine.configuredLinks() : []) as SmppLinkConfig[];
  const listed: LinkListing[] = configs.map((c) => {
    const link = running.get(c.id);
    return {
      ...withoutPassword(c),
      source: stored.has(c.id) ? 'api' : 'file',
      runningHere: Boolean(link),
      state: c.disabled ? 'disabled' : (link?.state ?? 'elsewhere'),
      window: link?.window ?? c.window,
      inFlight: link?.inFlight ?? 0,
      counters: link?.counters ?? null,
    };
  });
  return [...listed, ...invalid.map((bad) => unusable(bad))];
}

/** A stored entry that cannot run, as the lists show it. */
export function unusable(bad: { id: string; problems: Record<string, string> }): UnusableEntry {
  return { id: bad.id, source: 'api', runningHere: false, state: 'invalid', problems: bad.problems };
}

export const putLink = (ctx: ServiceContext, engine: RunningLinks | undefined, id: string, body: unknown) =>
  putCarrierConfig(ctx, LINKS, here(engine), id, body);

export const editLink = (
  ctx: ServiceContext,
  engine: RunningLinks | undefined,
  id: string,
  body: unknown,
  create: boolean,
) => editCarrierConfig(ctx, LINKS, here(engine), id, body, create);

export const setLinkDisabled = (
  ctx: ServiceContext,
  engine: RunningLinks | undefined,
  id: string,
  disabled: boolean,
) => setCarrierConfigDisabled(ctx, LINKS, here(engine), id, disabled);

export const removeLink = (ctx: ServiceContext, engine: RunningLinks | undefined, id: string) =>
  removeCarrierConfig(ctx, LINKS, here(engine), id);

/** Answers when the database answers (the health check). */
export async function checkDatabase(ctx: ServiceContext): Promise<void> {
  await probeDatabase(ctx.store.db);
}
