/**
 * Configuration: defaults, then a JSON file (--config, HERALD_CONFIG, or ./herald.config.json when it
 * exists), then environment variables. Every key is documented in the README.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkConfig, linkConfigProblems, type SmppLinkConfig } from './carriers/smpp/link-config.js';
import { ENGINE_DEFAULTS, type EngineOptions } from './engine/runtime/engine-options.js';
import type { SmscSimulatorOptions } from './simulators/smsc/simulator.js';
import { RETENTION_DEFAULTS, type RetentionOptions } from './engine/runtime/engine-options.js';
import {
  allowEntryProblem,
  OUTBOUND_DEFAULTS,
  type OutboundPolicyOptions,
} from './security/outbound-policy.js';

export interface HeraldConfig {
  /** HTTP port (PORT). */
  port: number;
  /** HTTP interface (HOST). */
  host: string;
  /** Where the embedded database and other state live (HERALD_DATA_DIR). */
  dataDir: string;
  /** PostgreSQL URL (DATABASE_URL); the embedded SQLite database when empty. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema for Herald's tables (HERALD_DATABASE_SCHEMA); the connection's default when empty. */
  databaseSchema: string | undefined;
  /** SQLite durability: NORMAL survives a killed process, FULL also a power cut (HERALD_SQLITE_SYNCHRONOUS). */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** pino level (HERALD_LOG_LEVEL). */
  logLevel: string;
  /** Log one line per HTTP request (HERALD_LOG_REQUESTS). */
  logRequests: boolean;
  /** Default lifetime of Routee access tokens in seconds (HERALD_TOKEN_LIFETIME). */
  tokenLifetimeSeconds: number;
  /** How long a console sign-in lasts, in seconds (HERALD_CONSOLE_SESSION_SECONDS; default 8 hours). */
  consoleSessionSeconds: number;
  /** The built console (Vite output) served at `/`; none there: the console is not served. */
  consoleDir: string;
  /**
   * The most parts a message may be split into (HERALD_MAX_PARTS; 1–255, default 20); an account's
   * `maxParts` setting overrides it.
   */
  maxPartsPerMessage: number;
  /** Largest accepted request body (HERALD_BODY_LIMIT). */
  bodyLimitBytes: number;
  /**
   * Plain `POST /sms` requests read and answered without Node's HTTP server (HERALD_HTTP_FAST_LANE).
   * The lane skips Fastify's hooks: `auto` runs it only while no global request hook is registered
   * beyond those it mirrors (a plugin's own hook turns it off); `true` refuses to start with such a
   * hook; `false` never runs it.
   */
  httpFastLane: 'auto' | boolean;
  /** Demo account created on the first start of an empty database. */
  demo: { enabled: boolean; name: string; balance: number; currency: string };
  /**
   * Base URL under which this server is reachable from phones, for short links (HERALD_PUBLIC_URL);
   * http://HOST:PORT when empty.
   */
  publicUrl: string | undefined;
  /**
   * Voice: SIP trunks (`{id, host, port, username?, password?, domain?, maxCalls}`), the address RTP is
   * sent from, and the bundled callee simulator (`auto`: started with a trunk to it when no trunk is
   * configured).
   */
  voice: {
    trunks: Array<{
      id: string;
      host: string;
      port: number;
      username?: string;
      password?: string;
      domain?: string;
      maxCalls: number;
    }>;
    mediaHost: string;
    callee: { enabled: 'auto' | boolean; port: number; answerAfterMs: number; dtmf: string };
  };
  /** Octopush: the short code that replaces XXXXX in "STOP au XXXXX", and the number replies come to. */
  octopush: { stopCode: string; replyNumber: string };
  /**
   * The outbound-request policy of callbacks and downloads: `denyPrivate` refuses loopback and private
   * addresses (HERALD_OUTBOUND_DENY_PRIVATE), `allow` lists host names and addresses/CIDRs allowed
   * anyway (HERALD_OUTBOUND_ALLOW, comma-separated). Link-local, unspecified, multicast, broadcast and
   * reserved addresses are always refused.
   */
  outbound: OutboundPolicyOptions;
  /**
   * Retention (HERALD_RETENTION_DAYS for `days`): messages, calls and their companions older than
   * `days` (0: kept for ever; an account's `retentionDays` overrides it) are purged in batches, their
   * counts kept per day; the ledger is never purged.
   */
  retention: RetentionOptions;
  /** Bearer token of the admin API (HERALD_ADMIN_TOKEN); the admin API is off without one. */
  adminToken: string | undefined;
  /**
   * Port of the SMPP server for client applications (HERALD_SMPP_PORT; 0: any free port), on `host`;
   * off when unset. `herald start` turns it on at 2775 unless HERALD_SMPP_PORT says otherwise
   * (`off` keeps it off).
   */
  smppPort: number | undefined;
  /**
   * The SMPP server in TLS as well (HERALD_SMPP_TLS_PORT, HERALD_SMPP_TLS_CERT, HERALD_SMPP_TLS_KEY):
   * its port and the PEM files of its certificate (with its chain) and private key.
   */
  smppTls: { port: number; certFile: string; keyFile: string } | undefined;
  /**
   * Each client bind's limits: submissions being stored at once (its window) and submissions per
   * second; beyond either, submit_sm is answered ESME_RTHROTTLED.
   */
  smppClientWindow: number;
  smppClientTps: number;
  /** Run the delivery engine in this process (HERALD_ENGINE=false serves the API only). */
  engineEnabled: boolean;
  /**
   * Where the engine runs (HERALD_ENGINE_THREAD): `worker` gives it a thread (and a core) of its own,
   * next to the HTTP API; `main` shares the API's thread.
   */
  engineThread: 'main' | 'worker';
  engine: EngineOptions;
  /** SMPP links to operators (more can be added through the admin API). */
  links: Array<Partial<SmppLinkConfig> & Pick<SmppLinkConfig, 'id' | 'host' | 'port'>>;
  /**
   * The bundled operator simulator: `auto` starts it (with a link to it) when no link is configured,
   * so a newcomer sees messages delivered with no set-up.
   */
  simulator: { enabled: 'auto' | boolean } & SmscSimulatorOptions;
}

export const DEFAULT_CONFIG: HeraldConfig = {
  port: 8080,
  host: '127.0.0.1',
  dataDir: './data',
  databaseUrl: undefined,
  databaseSchema: undefined,
  sqliteSynchronous: 'NORMAL',
  logLevel: 'info',
  logRequests: false,
  tokenLifetimeSeconds: 3600,
  consoleSessionSeconds: 8 * 3600,
  consoleDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
  bodyLimitBytes: 16 * 1024 * 1024,
  maxPartsPerMessage: 20,
  httpFastLane: 'auto',
  demo: { enabled: true, name: 'demo', balance: 100, currency: 'EUR' },
  publicUrl: undefined,
  octopush: { stopCode: '36200', replyNumber: '38100' },
  voice: {
    trunks: [],
    mediaHost: '127.0.0.1',
    callee: { enabled: 'auto', port: 0, answerAfterMs: 800, dtmf: '1' },
  },
  outbound: OUTBOUND_DEFAULTS,
  retention: RETENTION_DEFAULTS,
  adminToken: undefined,
  smppPort: undefined,
  smppTls: undefined,
  smppClientWindow: 100,
  smppClientTps: 1000,
  engineEnabled: true,
  engineThread: 'worker',
  engine: ENGINE_DEFAULTS,
  links: [],
  simulator: { enabled: 'auto', port: 0, receiptDelayMs: 500, idFormat: 'hex', receiptIdFormat: 'decimal' },
};

export type ConfigOverrides = { [K in keyof HeraldConfig]?: Partial<HeraldConfig[K]> | HeraldConfig[K] };

export function loadConfig(
  options: { file?: string; env?: NodeJS.ProcessEnv; overrides?: Partial<HeraldConfig> } = {},
): HeraldConfig {
  const env = options.env ?? process.env;
  const file =
    options.file ??
    env.HERALD_CONFIG ??
    (fs.existsSync('herald.config.json') ? 'herald.config.json' : undefined);
  let config: HeraldConfig = structuredClone(DEFAULT_CONFIG);
  if (file) config = merge(config, JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<HeraldConfig>);
  config = merge(config, fromEnv(env));
  if (options.overrides) config = merge(config, options.overrides);
  return validate(config);
}

function fromEnv(env: NodeJS.ProcessEnv): Partial<HeraldConfig> {
  const out: Partial<HeraldConfig> = {};
  if (env.PORT) out.port = Number(env.PORT);
  if (env.HOST) out.host = env.HOST;
  if (env.HERALD_DATA_DIR) out.dataDir = env.HERALD_DATA_DIR;
  if (env.DATABASE_URL !== undefined) out.databaseUrl = env.DATABASE_URL || undefined;
  if (env.HERALD_DATABASE_SCHEMA) out.databaseSchema = env.HERALD_DATABASE_SCHEMA;
  if (env.HERALD_SQLITE_SYNCHRONOUS)
    out.sqliteSynchronous = env.HERALD_SQLITE_SYNCHRONOUS as 'NORMAL' | 'FULL';
  if (env.HERALD_LOG_LEVEL) out.logLevel = env.HERALD_LOG_LEVEL;
  if (env.HERALD_LOG_REQUESTS)
    out.logRequests = env.HERALD_LOG_REQUESTS === 'true' || env.HERALD_LOG_REQUESTS === '1';
  if (env.HERALD_TOKEN_LIFETIME) out.tokenLifetimeSeconds = Number(env.HERALD_TOKEN_LIFETIME);
  if (env.HERALD_CONSOLE_SESSION_SECONDS)
    out.consoleSessionSeconds = Number(env.HERALD_CONSOLE_SESSION_SECONDS);
  if (env.HERALD_BODY_LIMIT) out.bodyLimitBytes = Number(env.HERALD_BODY_LIMIT);
  if (env.HERALD_MAX_PARTS) out.maxPartsPerMessage = Number(env.HERALD_MAX_PARTS);
  if (env.HERALD_HTTP_FAST_LANE)
    out.httpFastLane =
      env.HERALD_HTTP_FAST_LANE === 'auto'
        ? 'auto'
        : env.HERALD_HTTP_FAST_LANE === 'true' || env.HERALD_HTTP_FAST_LANE === '1';
  if (env.HERALD_PUBLIC_URL) out.publicUrl = env.HERALD_PUBLIC_URL;
  if (env.HERALD_OCTOPUSH_STOP_CODE || env.HERALD_OCTOPUSH_REPLY_NUMBER) {
    out.octopush = {
      stopCode: env.HERALD_OCTOPUSH_STOP_CODE ?? DEFAULT_CONFIG.octopush.stopCode,
      replyNumber: env.HERALD_OCTOPUSH_REPLY_NUMBER ?? DEFAULT_CONFIG.octopush.replyNumber,
    };
  }
  if (env.HERALD_OUTBOUND_DENY_PRIVATE || env.HERALD_OUTBOUND_ALLOW) {
    out.outbound = {
      denyPrivate:
        env.HERALD_OUTBOUND_DENY_PRIVATE === undefined
          ? DEFAULT_CONFIG.outbound.denyPrivate
          : env.HERALD_OUTBOUND_DENY_PRIVATE === 'true' || env.HERALD_OUTBOUND_DENY_PRIVATE === '1',
      allow: (env.HERALD_OUTBOUND_ALLOW ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    };
  }
  if (env.HERALD_RETENTION_DAYS)
    out.retention = { days: Number(env.HERALD_RETENTION_DAYS) } as RetentionOptions;
  if (env.HERALD_ADMIN_TOKEN) out.adminToken = env.HERALD_ADMIN_TOKEN;
  if (env.HERALD_SMPP_PORT && env.HERALD_SMPP_PORT !== 'off') out.smppPort = Number(env.HERALD_SMPP_PORT);
  if (env.HERALD_SMPP_TLS_PORT)
    out.smppTls = {
      port: Number(env.HERALD_SMPP_TLS_PORT),
      certFile: env.HERALD_SMPP_TLS_CERT ?? '',
      keyFile: env.HERALD_SMPP_TLS_KEY ?? '',
    };
  if (env.HERALD_ENGINE) out.engineEnabled = env.HERALD_ENGINE !== 'false' && env.HERALD_ENGINE !== '0';
  if (env.HERALD_ENGINE_THREAD) out.engineThread = env.HERALD_ENGINE_THREAD as 'main' | 'worker';
  if (env.HERALD_NODE_ID) out.engine = { nodeId: env.HERALD_NODE_ID } as EngineOptions;
  if (env.HERALD_SIMULATOR) {
    const v = env.HERALD_SIMULATOR;
    out.simulator = { enabled: v === 'auto' ? 'auto' : v === 'true' || v === '1' };
  }
  if (env.HERALD_SIMULATOR_PORT) {
    out.simulator = { ...(out.simulator ?? { enabled: 'auto' }), port: Number(env.HERALD_SIMULATOR_PORT) };
  }
  return out;
}

function merge<T>(base: T, patch: unknown): T {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return (patch ?? base) as T;
  const out = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === undefined) continue;
    const cur = out[k];
    out[k] = cur && typeof cur === 'object' && !Array.isArray(cur) ? merge(cur, v) : v;
  }
  return out as T;
}

function validate(c: HeraldConfig): HeraldConfig {
  const problems: string[] = [];
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535)
    problems.push(`port ${c.port} is not a port`);
  if (
    !Number.isInteger(c.tokenLifetimeSeconds) ||
    c.tokenLifetimeSeconds < 1 ||
    c.tokenLifetimeSeconds > 365 * 24 * 3600
  )
    problems.push('tokenLifetimeSeconds must be an integer from 1 to 31536000 (a year)');
  if (
    !Number.isInteger(c.consoleSessionSeconds) ||
    c.consoleSessionSeconds < 60 ||
    c.consoleSessionSeconds > 30 * 24 * 3600
  )
    problems.push('consoleSessionSeconds must be an integer from 60 to 2592000 (30 days)');
  if (!Number.isInteger(c.maxPartsPerMessage) || c.maxPartsPerMessage < 1 || c.maxPartsPerMessage > 255)
    problems.push('maxPartsPerMessage must be an integer from 1 to 255');
  if (!Number.isInteger(c.bodyLimitBytes) || c.bodyLimitBytes < 1024)
    problems.push('bodyLimitBytes is too small');
  if (c.sqliteSynchronous !== 'NORMAL' && c.sqliteSynchronous !== 'FULL')
    problems.push('sqliteSynchronous must be NORMAL or FULL');
  if (c.databaseUrl && !/^postgres(ql)?:\/\//.test(c.databaseUrl))
    problems.push('DATABASE_URL must be postgres://…');
  if (c.engineThread !== 'main' && c.engineThread !== 'worker')
    problems.push('engineThread must be main or worker');
  if (c.httpFastLane !== 'auto' && typeof c.httpFastLane !== 'boolean')
    problems.push('httpFastLane must be auto, true or false');
  if (typeof c.outbound.denyPrivate !== 'boolean') problems.push('outbound.denyPrivate must be a boolean');
  if (!Array.isArray(c.outbound.allow) || !c.outbound.allow.every((e) => typeof e === 'string'))
    problems.push('outbound.allow must be a list of strings');
  else
    for (const entry of c.outbound.allow) {
      const problem = allowEntryProblem(entry);
      if (problem) problems.push(`outbound.allow: ${problem}`);
    }
  const r = c.retention;
  if (!Number.isInteger(r.days) || r.days < 0 || r.days > 3650)
    problems.push('retention.days must be an integer from 0 (keep for ever) to 3650');
  if (!Number.isInteger(r.batchSize) || r.batchSize < 1 || r.batchSize > 10_000)
    problems.push('retention.batchSize must be an integer from 1 to 10000');
  if (!Number.isInteger(r.maxPerRound) || r.maxPerRound < 1)
    problems.push('retention.maxPerRound must be a positive integer');
  if (!Number.isInteger(r.everyMs) || r.everyMs < 100 || r.everyMs > 86_400_000)
    problems.push('retention.everyMs must be from 100 to 86400000');
  for (const l of Array.isArray(c.links) ? c.links : []) {
    const bad = linkConfigProblems(linkConfig(l));
    for (const [field, problem] of Object.entries(bad))
      problems.push(`links[${String(l.id)}].${field} ${problem}`);
  }
  if (c.smppPort !== undefined && (!Number.isInteger(c.smppPort) || c.smppPort < 0 || c.smppPort > 65535))
    problems.push('smppPort must be an integer from 0 to 65535');
  if (c.smppTls !== undefined) {
    const t = c.smppTls;
    if (!Number.isInteger(t.port) || t.port < 0 || t.port > 65535)
      problems.push('smppTls.port must be an integer from 0 to 65535');
    if (!t.certFile || !t.keyFile)
      problems.push('smppTls needs certFile and keyFile (HERALD_SMPP_TLS_CERT, HERALD_SMPP_TLS_KEY)');
  }
  if (!Number.isInteger(c.smppClientWindow) || c.smppClientWindow < 1 || c.smppClientWindow > 10_000)
    problems.push('smppClientWindow must be an integer from 1 to 10000');
  if (!Number.isInteger(c.smppClientTps) || c.smppClientTps < 1 || c.smppClientTps > 100_000)
    problems.push('smppClientTps must be an integer from 1 to 100000');
  if (c.publicUrl && !/^https?:\/\/[^/]+/.test(c.publicUrl))
    problems.push('publicUrl must be http(s)://host…');
  if (problems.length > 0) throw new Error(`invalid configuration: ${problems.join('; ')}`);
  return c;
}

export function sqliteFileOf(config: HeraldConfig): string {
  return path.join(config.dataDir, 'herald.db');
}
