/**
 * What operators change of the carriers' configurations — SMPP links and SIP trunks alike — in one
 * place: a definition is read from a request (unknown keys refused, numbers also as strings), laid
 * over the current one on an edit (so a password need not be retyped), checked whole by the carrier's
 * rules, stored (a stored entry overrides the configuration file's of the same id), and the engine is
 * told to refresh. Each kind says how (`CarrierConfigKind`).
 */
import type { Queryable } from '../store/repositories/queryable.js';
import type { ServiceContext } from './context.js';
import { ServiceError, validationError } from './errors.js';

export interface CarrierConfigKind<T extends { id: string; disabled: boolean; password?: string }> {
  /** How the entries are called in messages: 'link', 'trunk'. */
  noun: string;
  /** Settings a request may hold (every other key is refused). */
  keys: ReadonlySet<string>;
  /** Settings that are integers (a string of digits is read as one). */
  integers: readonly string[];
  /** Settings a new entry must have. */
  required: readonly string[];
  /** Changes a request's values before they are checked (e.g. country codes in upper case). */
  normalise?(given: Record<string, unknown>): void;
  /** A whole definition: the kind's defaults under the given fields. */
  whole(partial: Record<string, unknown> & { id: string }): T;
  problems(config: T): Record<string, string>;
  /** The stored entries, parsed: those that can run and those that cannot. */
  parseStored(rows: ReadonlyArray<{ id: string; config: string }>): {
    valid: T[];
    invalid: Array<{ id: string; problems: Record<string, string> }>;
  };
  rows(db: Queryable): Promise<Array<{ id: string; config: string }>>;
  save(db: Queryable, id: string, config: string, now: number): Promise<void>;
  remove(db: Queryable, id: string): Promise<boolean>;
}

/** What the services need of the engine for one kind: its configured entries, and a refresh. */
export interface CarrierConfigsHere<T> {
  configured(): Promise<readonly T[]>;
  refresh(): Promise<void>;
}

function asRecord(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/**
 * A definition, whole (defaults, then `base` when given, then the input) and valid; unknown keys and
 * missing required settings are refused with the kind's problems, field by field.
 */
export function readCarrierConfig<T extends { id: string; disabled: boolean; password?: string }>(
  kind: CarrierConfigKind<T>,
  id: string,
  body: unknown,
  base?: T,
): T {
  const problems: Record<string, string> = {};
  const given: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(asRecord(body))) {
    if (!kind.keys.has(k)) problems[k] = 'unknown setting';
    else if (v !== undefined && v !== null) given[k] = v;
  }
  for (const k of kind.integers) {
    const v = given[k];
    if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) given[k] = Number(v);
  }
  kind.normalise?.(given);
  if (!base) for (const k of kind.required) if (given[k] === undefined) problems[k] = 'may not be empty';
  const { id: _baseId, ...kept } = (base ?? {}) as Record<string, unknown>;
  const config = kind.whole({ ...kept, ...given, id });
  const all = { ...kind.problems(config), ...problems };
  if (Object.keys(all).length > 0) throw validationError(all);
  return config;
}

/** A configuration as it may leave Herald: without its password. */
export function withoutPassword<T extends { password?: string }>(config: T): Omit<T, 'password'> {
  const { password: _password, ...visible } = config;
  return visible;
}

/** The ids stored by operators, and the stored entries that cannot run. */
export async function storedIds<T extends { id: string; disabled: boolean; password?: string }>(
  ctx: ServiceContext,
  kind: CarrierConfigKind<T>,
): Promise<{ ids: Set<string>; invalid: Array<{ id: string; problems: Record<string, string> }> }> {
  const rows = await kind.rows(ctx.store.db);
  return { ids: new Set(rows.map((r) => r.id)), invalid: kind.parseStored(rows).invalid };
}

/** An entry's current definition (as this node's engine runs it, else as stored), password included. */
async function current<T extends { id: string; disabled: boolean; password?: string }>(
  ctx: ServiceContext,
  kind: CarrierConfigKind<T>,
  here: CarrierConfigsHere<T> | undefined,
  id: string,
): Promise<T | undefined> {
  const configured = here ? await here.configured() : [];
  return (
    configured.find((c) => c.id === id) ??
    kind.parseStored(await kind.rows(ctx.store.db)).valid.find((c) => c.id === id)
  );
}

async function store<T extends { id: string; disabled: boolean; password?: string }>(
  ctx: ServiceContext,
  kind: CarrierConfigKind<T>,
  here: CarrierConfigsHere<T> | undefined,
  config: T,
): Promise<Omit<T, 'password'>> {
  const { id, ...stored } = config;
  await kind.save(ctx.store.db, id, JSON.stringify(stored), ctx.clock());
  await here?.refresh();
  return withoutPassword(config);
}

/** Stores a whole definition (the admin API's PUT). */
export async function putCarrierConfig<T extends { id: string; disabled: boolean; password?: string }>(
  ctx: ServiceContext,
  kind: CarrierConfigKind<T>,
  here: CarrierConfigsHere<T> | undefined,
  id: string,
  body: unknown,
): Promise<Omit<T, 'password'>> {
  return store(ctx, kind, here, readCarrierConfig(kind, id, body));
}

/**
 * Adds an entry (`create`: refused when one of the id exists) or changes one: settings left out keep
 * their current values.
 */
export async function editCarrierConfig<T extends { id: string; disabled: boolean; password?: string }>(
  ctx: ServiceContext,
  kind: CarrierConfigKind<T>,
  here: CarrierConfigsHere<T> | undefined,
  id: string,
  body: unknown,
  create: boolean,
): Promise<Omit<T, 'password'>> {
  const base = await current(ctx, kind, here, id);
  if (create && base) throw validationError({ id: `a ${kind.noun} of this id exists` });
  if (!create && !base) throw new ServiceError('not-found', `No ${kind.noun} of this id`);
  return store(ctx, kind, here, readCarrierConfig(kind, id, body, base));
}

/** Turns an entry off (kept, not used) or on again; an entry of the file is stored with the change. */
export async function setCarrierConfigDisabled<
  T extends { id: string; disabled: boolean; password?: string },
>(
  ctx: ServiceContext,
  kind: CarrierConfigKind<T>,
  here: CarrierConfigsHere<T> | undefined,
  id: string,
  disabled: boolean,
): Promise<Omit<T, 'password'>> {
  const base = await current(ctx, kind, here, id);
  if (!base) throw new ServiceError('not-found', `No ${kind.noun} of this id`);
  return store(ctx, kind, here, readCarrierConfig(kind, id, { disabled }, base));
}

/** Removes an entry stored by an operator (a file's entry of the same id comes back). */
export async function removeCarrierConfig<T extends { id: string; disabled: boolean; password?: string }>(
  ctx: ServiceContext,
  kind: CarrierConfigKind<T>,
  here: CarrierConfigsHere<T> | undefined,
  id: string,
): Promise<void> {
  if (!(await kind.remove(ctx.store.db, id)))
    throw new ServiceError(
      'not-found',
      `No ${kind.noun} with this id was added through the admin API or the console`,
    );
  await here?.refresh();
}
