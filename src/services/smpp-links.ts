/**
 * SMPP links as operators manage them (admin API, console operator pages): those of the configuration
 * file (which the engine reads itself) and those stored in the database through the admin API or the
 * console, with what this node's engine is doing with each. Every change is checked whole before it is
 * stored, then the engine is told to refresh.
 */
import {
  type InvalidStoredLink,
  LINK_BOUNDS,
  linkConfig,
  linkConfigProblems,
  parseStoredLinks,
  type SmppLinkConfig,
} from '../carriers/smpp/link-config.js';
import { deleteStoredLinkRow, saveStoredLink, storedLinkRows } from '../store/repositories/smpp-links.js';
import type { ServiceContext } from './context.js';
import { probeDatabase } from '../store/repositories/accounts.js';
import { ServiceError, validationError } from './errors.js';

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

/** A stored link that cannot run, and why. */
export type UnusableLink = InvalidStoredLink & { source: 'api'; runningHere: false; state: 'invalid' };

const LINK_KEYS: ReadonlySet<string> = new Set([
  'host', 'port', 'systemId', 'password', 'systemType', 'window', 'tps', 'enquireLinkMs', 'deadAfterMs',
  'submitTimeoutMs', 'reconnectMinMs', 'reconnectMaxMs', 'throttlePauseMs', 'bindMode', 'concatenation',
  'prefixes', 'countries', 'priority', 'restrictionTlvs', 'disabled',
]); // prettier-ignore

function asRecord(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/**
 * A link definition, whole (defaults, then `base` when given, then the input) and valid: every field
 * is checked (carriers/smpp/link-config linkConfigProblems) before anything is stored; unknown keys are
 * refused. `base` is the link's current configuration when an edit leaves fields (the password) out.
 */
export function readLinkInput(id: string, body: unknown, base?: SmppLinkConfig): SmppLinkConfig {
  const problems: Record<string, string> = {};
  const given: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(asRecord(body))) {
    if (!LINK_KEYS.has(k)) problems[k] = 'unknown setting';
    else if (v !== undefined && v !== null) given[k] = v;
  }
  // Numbers may arrive as strings, countries in lower case.
  for (const k of Object.keys(LINK_BOUNDS))
    if (typeof given[k] === 'string' && /^\s*\d+\s*$/.test(given[k])) given[k] = Number(given[k]);
  if (Array.isArray(given.countries))
    given.countries = given.countries.map((c: unknown) => (typeof c === 'string' ? c.toUpperCase() : c));
  if (given.host === undefined && !base) problems.host = 'may not be empty';
  if (given.port === undefined && !base) problems.port = 'may not be empty';
  const { id: _baseId, role: _role, ...kept } = base ?? ({} as Partial<SmppLinkConfig>);
  const config = linkConfig({ ...kept, ...(given as Partial<SmppLinkConfig>), id } as SmppLinkConfig);
  const all = { ...linkConfigProblems(config), ...problems };
  if (Object.keys(all).length > 0) throw validationError(all);
  return config;
}

/** The ids of the links stored through the admin API, and those stored links that are unusable. */
async function storedLinkIds(
  ctx: ServiceContext,
): Promise<{ ids: Set<string>; invalid: InvalidStoredLink[] }> {
  const rows = await storedLinkRows(ctx.store.db);
  const { invalid } = parseStoredLinks(rows);
  return { ids: new Set(rows.map((r) => r.id)), invalid };
}

/** Every configured link (this node's engine knows the file's), then the stored links that cannot run. */
export async function listLinks(
  ctx: ServiceContext,
  engine: RunningLinks | undefined,
): Promise<Array<LinkListing | UnusableLink>> {
  const { ids: stored, invalid } = await storedLinkIds(ctx);
  const running = new Map((engine?.linkViews() ?? []).map((l) => [l.id, l]));
  const configs = (engine ? await engine.configuredLinks() : []) as SmppLinkConfig[];
  const unusable: UnusableLink[] = invalid.map((bad) => ({
    id: bad.id,
    source: 'api',
    runningHere: false,
    state: 'invalid',
    problems: bad.problems,
  }));
  const listed: LinkListing[] = configs.map((c) => {
    const link = running.get(c.id);
    const { password: _password, ...visible } = c;
    return {
      ...visible,
      source: stored.has(c.id) ? 'api' : 'file',
      runningHere: Boolean(link),
      state: c.disabled ? 'disabled' : (link?.state ?? 'elsewhere'),
      window: link?.window ?? c.window,
      inFlight: link?.inFlight ?? 0,
      counters: link?.counters ?? null,
    };
  });
  return [...listed, ...unusable];
}

/** A link's current configuration (stored, else the file's), password included; undefined when none. */
async function currentLink(
  ctx: ServiceContext,
  engine: RunningLinks | undefined,
  id: string,
): Promise<SmppLinkConfig | undefined> {
  const configured = (engine ? await engine.configuredLinks() : []) as SmppLinkConfig[];
  const found = configured.find((c) => c.id === id);
  if (found) return found;
  return parseStoredLinks(await storedLinkRows(ctx.store.db)).valid.find((c) => c.id === id);
}

/** Stores a whole definition (the admin API's PUT) and refreshes the engine; the password left out. */
export async function putLink(
  ctx: ServiceContext,
  engine: RunningLinks | undefined,
  id: string,
  body: unknown,
): Promise<Omit<SmppLinkConfig, 'password'>> {
  return store(ctx, engine, readLinkInput(id, body));
}

/**
 * Adds a link (`create`: refused when one of the id exists) or changes one: fields left out keep
 * their current values (so an operator need not type the password again).
 */
export async function editLink(
  ctx: ServiceContext,
  engine: RunningLinks | undefined,
  id: string,
  body: unknown,
  create: boolean,
): Promise<Omit<SmppLinkConfig, 'password'>> {
  const base = await currentLink(ctx, engine, id);
  if (create && base) throw validationError({ id: 'a link of this id exists' });
  if (!create && !base) throw new ServiceError('not-found', 'No link of this id');
  return store(ctx, engine, readLinkInput(id, body, base));
}

/** Turns a link off (kept, not bound) or on again; a link of the file is stored with the change. */
export async function setLinkDisabled(
  ctx: ServiceContext,
  engine: RunningLinks | undefined,
  id: string,
  disabled: boolean,
): Promise<Omit<SmppLinkConfig, 'password'>> {
  const base = await currentLink(ctx, engine, id);
  if (!base) throw new ServiceError('not-found', 'No link of this id');
  return store(ctx, engine, readLinkInput(id, { disabled }, base));
}

async function store(
  ctx: ServiceContext,
  engine: RunningLinks | undefined,
  config: SmppLinkConfig,
): Promise<Omit<SmppLinkConfig, 'password'>> {
  const { id, role: _role, ...stored } = config;
  await saveStoredLink(ctx.store.db, id, JSON.stringify(stored), ctx.clock());
  await engine?.refreshLinks();
  const { password: _password, ...visible } = config;
  return visible;
}

/** Removes a link stored through the admin API or the console (a file's link comes back). */
export async function removeLink(
  ctx: ServiceContext,
  engine: RunningLinks | undefined,
  id: string,
): Promise<void> {
  if (!(await deleteStoredLinkRow(ctx.store.db, id)))
    throw new ServiceError('not-found', 'No link with this id was added through the admin API');
  await engine?.refreshLinks();
}

/** Answers when the database answers (the health check). */
export async function checkDatabase(ctx: ServiceContext): Promise<void> {
  await probeDatabase(ctx.store.db);
}
