/**
 * Assembles a running Herald: configuration → store (migrated) → services → HTTP server. Used by the
 * CLI and by tests that need a real server on a real port.
 */
import { readFile } from 'node:fs/promises';
import { SmppServer } from './api/smpp/server.js';
import { followBundledTrunk } from './services/voice-trunks.js';
import { storedTrunkRows } from './store/repositories/voice-trunks.js';
import { callbackRenderers } from './api/callback-renderers.js';
import { faceParameterSpecs } from './api/face-parameters.js';
import { ENGINE_HOOKS_MODULE, engineHooks } from './engine-hooks.js';
import type { FastifyInstance } from 'fastify';
import { adminRoutes } from './api/admin/admin.js';
import { consoleFamily } from './api/console/errors.js';
import { consoleApiRoutes } from './api/console/routes.js';
import { consoleStaticRoutes } from './api/console/static-files.js';
import { metricsRoutes } from './api/metrics.js';
import { buildServer } from './api/server.js';
import { smsFastRoute } from './api/routee/sms.js';
import { linkConfig } from './carriers/smpp/link-config.js';
import { DeliveryEngine } from './engine/runtime/engine.js';
import { ENGINE_DEFAULTS } from './engine/runtime/engine-options.js';
import type { EngineHandle } from './engine/runtime/engine-handle.js';
import { EngineThreadHandle } from './engine/runtime/engine-thread-handle.js';
import { CalleeSimulator } from './simulators/callee/simulator.js';
import { octopushFamily } from './api/octopush/errors.js';
import { octopushRoutes } from './api/octopush/v1.js';
import { legacyFamily, legacyOctopushRoutes } from './api/octopush/legacy.js';
import { SmscSimulator } from './simulators/smsc/simulator.js';
import { type HeraldConfig, sqliteFileOf } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { timezoneIndex } from './reference-data/timezones.js';
import { AccountCache } from './services/account-cache.js';
import { TokenAuthenticator } from './services/authenticate-token.js';
import type { ServiceContext } from './services/context.js';
import { type CreatedAccount, createAccount } from './services/create-account.js';
import { PriceBook } from './services/price-book.js';
import { openStore, type Store, type StoreOptions } from './store/database.js';
import { createMessageIngest } from './store/message-ingest.js';
import { PromptCache } from './voice/tts.js';
import { OutboundHttp } from './security/outbound-http.js';
import { migrateToLatest } from './store/migrate.js';
import { countAccounts } from './store/repositories/accounts.js';

/** The trunk to the bundled callee simulator (started when no trunk is configured). */
const BUNDLED_CALLEE_TRUNK = 'callee-sim';

export interface Herald {
  ctx: ServiceContext;
  /** The delivery engine, when this process runs one on its main thread. */
  engine?: DeliveryEngine;
  /** The delivery engine, wherever it runs (main thread or worker thread). */
  engineHandle?: EngineHandle;
  /** The bundled callee simulator (SIP), when this process started it. */
  callee?: CalleeSimulator;
  /** The bundled operator simulator, when this process started it. */
  simulator?: SmscSimulator;
  app: FastifyInstance;
  /** The demo account created by this start (first start on an empty database), with its secrets. */
  demoAccount?: CreatedAccount;
  /** Address the server listens on, once `listen` has run. */
  url?: string;
  listen(): Promise<string>;
  /** The SMPP server's port, once `listen` has run (when HERALD_SMPP_PORT is set). */
  smppPort?: number;
  /** The port the SMPP server listens on in TLS, once listening (when configured). */
  smppTlsPort?: number;
  close(): Promise<void>;
}

export interface HeraldOptions {
  config: HeraldConfig;
  logger?: Logger;
  clock?: () => number;
  /** An already open store (tests); opened from the configuration otherwise. */
  store?: Store;
  /**
   * Fastify plugins registered after Herald's own routes: the extension point for a deployment's own
   * routes and hooks. A global request hook among them turns the fast lane off (`httpFastLane: auto`).
   */
  plugins?: Array<(app: FastifyInstance) => Promise<void>>;
}

export function storeOptionsOf(config: HeraldConfig): StoreOptions {
  return {
    databaseUrl: config.databaseUrl,
    sqliteFile: sqliteFileOf(config),
    sqliteSynchronous: config.sqliteSynchronous,
    ...(config.databaseSchema && { pgSchema: config.databaseSchema }),
  };
}

export async function openConfiguredStore(config: HeraldConfig): Promise<Store> {
  return openStore(storeOptionsOf(config));
}

export async function createHerald(options: HeraldOptions): Promise<Herald> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? Date.now;
  // A running server checkpoints SQLite's log in a thread of its own (see store/checkpoint-worker).
  const store =
    options.store ??
    (await openStore({
      ...storeOptionsOf(config),
      sqliteCheckpoints: 'background',
      sqliteConvertToIncrementalVacuum: true,
    }));
  await migrateToLatest(store);
  const ctx: ServiceContext = {
    store,
    config,
    logger,
    clock,
    prices: new PriceBook(store, clock),
    timezones: timezoneIndex(),
    ingest: createMessageIngest(store),
    prompts: new PromptCache(),
    outbound: new OutboundHttp(config.outbound),
    publicBaseUrl: config.publicUrl ?? `http://${config.host}:${config.port}`,
    callbacks: callbackRenderers,
    faceParameters: faceParameterSpecs,
    hooks: { messagesQueued: () => undefined },
  };
  let demoAccount: CreatedAccount | undefined;
  if (config.demo.enabled && (await countAccounts(store.db)) === 0) {
    demoAccount = await createAccount(ctx, {
      name: config.demo.name,
      balance: config.demo.balance,
      currency: config.demo.currency,
    });
  }
  let engine: DeliveryEngine | undefined;
  let engineHandle: EngineHandle | undefined;
  let simulator: SmscSimulator | undefined;
  let callee: CalleeSimulator | undefined;
  if (config.engineEnabled) {
    const links = config.links.map((l) => linkConfig(l));
    const simulatorWanted =
      config.simulator.enabled === true || (config.simulator.enabled === 'auto' && links.length === 0);
    if (simulatorWanted) {
      const { enabled: _enabled, ...options } = config.simulator;
      simulator = new SmscSimulator({ systemId: 'herald', password: 'herald', ...options });
      const port = await simulator.start();
      links.push(
        linkConfig({ id: 'simulator', host: '127.0.0.1', port, systemId: 'herald', password: 'herald' }),
      );
      logger.info({ port }, 'bundled operator simulator listening (SMPP)');
    }
    const trunks = config.voice.trunks.map((t) => ({ ...t }));
    // `auto`: the bundled callee answers when no trunk is configured, in the file or by an operator.
    // (An operator's copy of the bundled callee's own trunk does not count.)
    const storedTrunks = (await storedTrunkRows(store.db)).filter((r) => r.id !== BUNDLED_CALLEE_TRUNK);
    const noTrunk = trunks.length === 0 && storedTrunks.length === 0;
    const calleeWanted =
      config.voice.callee.enabled === true || (config.voice.callee.enabled === 'auto' && noTrunk);
    if (calleeWanted) {
      callee = new CalleeSimulator({
        port: config.voice.callee.port,
        defaultRule: {
          behaviour: 'answer',
          answerAfterMs: config.voice.callee.answerAfterMs,
          dtmf: config.voice.callee.dtmf,
          dtmfAfterMs: 1000,
        },
      });
      const port = await callee.start();
      trunks.push({ id: BUNDLED_CALLEE_TRUNK, host: '127.0.0.1', port, maxCalls: 50 });
      await followBundledTrunk(ctx, BUNDLED_CALLEE_TRUNK, { host: '127.0.0.1', port });
      logger.info({ port }, 'bundled callee simulator listening (SIP)');
    }
    const engineOptions = {
      ...ENGINE_DEFAULTS,
      ...config.engine,
      outbound: config.outbound,
      retention: config.retention,
    };
    const inWorker = config.engineThread === 'worker' && (store.dialect === 'postgres' || !options.store);
    if (inWorker) {
      const worker = new EngineThreadHandle(
        store,
        {
          storeOptions: {
            ...storeOptionsOf(config),
            sqliteCheckpoints: 'none',
            ...(store.writeLock && { sqliteWriteLock: store.writeLock.buffer }),
          },
          engineOptions,
          links,
          trunks,
          mediaHost: config.voice.mediaHost,
          logLevel: config.logLevel,
          hooksModule: ENGINE_HOOKS_MODULE,
        },
        logger,
        engineHooks.smsCarrier,
        engineHooks.voiceCarrier,
      );
      await worker.start();
      engineHandle = worker;
    } else {
      engine = new DeliveryEngine(store, clock, logger, engineOptions, engineHooks);
      await engine.start(links, trunks, config.voice.mediaHost);
      engineHandle = engine;
    }
    const running = engineHandle;
    ctx.hooks.messagesQueued = (kind) => running.messagesQueued(kind);
  }
  const auth = { tokens: new TokenAuthenticator(ctx), accounts: new AccountCache(ctx) };
  const metrics = metricsRoutes(engineHandle);
  const app = await buildServer({
    ctx,
    auth,
    families: [consoleFamily, octopushFamily, legacyFamily],
    fastRoutes: [smsFastRoute(ctx, auth)],
    onFastAnswer: metrics.countResponse,
    plugins: [
      adminRoutes(
        ctx,
        config.adminToken,
        engineHandle,
        (id) => auth.accounts.forget(id),
        simulator && ((mo) => simulator.sendMo(mo)),
      ),
      metrics,
      octopushRoutes(ctx, auth.accounts),
      legacyOctopushRoutes(ctx, auth.accounts),
      consoleApiRoutes(ctx, auth, engineHandle),
      consoleStaticRoutes(config.consoleDir),
      ...(options.plugins ?? []),
    ],
  });
  const smppServer =
    config.smppPort !== undefined || config.smppTls !== undefined ? new SmppServer(ctx, logger) : undefined;
  const herald: Herald = {
    ctx,
    app,
    ...(demoAccount && { demoAccount }),
    ...(engine && { engine }),
    ...(engineHandle && { engineHandle }),
    ...(simulator && { simulator }),
    ...(callee && { callee }),
    async listen() {
      const address = await app.listen({ port: config.port, host: config.host });
      if (smppServer && config.smppPort !== undefined) {
        herald.smppPort = await smppServer.listen(config.smppPort, config.host);
        logger.info({ port: herald.smppPort }, 'SMPP server listening for client applications');
      }
      if (smppServer && config.smppTls) {
        const { port, certFile, keyFile } = config.smppTls;
        const [cert, key] = await Promise.all([readFile(certFile), readFile(keyFile)]);
        herald.smppTlsPort = await smppServer.listenTls(port, config.host, { cert, key });
        logger.info({ port: herald.smppTlsPort }, 'SMPP server listening for client applications (TLS)');
      }
      herald.url = address;
      if (!config.publicUrl) ctx.publicBaseUrl = address;
      return address;
    },
    async close() {
      await smppServer?.close();
      await app.close();
      await engineHandle?.stop();
      await simulator?.stop();
      await callee?.stop();
      await ctx.outbound.close();
      if (!options.store) await store.close();
    },
  };
  return herald;
}
