/**
 * The `herald` command line: start the gateway, run migrations, manage accounts and prices.
 */
import net from 'node:net';
import { callbackRenderers } from '../api/callback-renderers.js';
import { faceParameterSpecs } from '../api/face-parameters.js';
import { Command, Option } from 'commander';
import { type HeraldConfig, loadConfig } from '../config.js';
import { fromMicros, toMicros } from '../domain/money.js';
import { type Service, SERVICES } from '../domain/pricing.js';
import { createHerald, openConfiguredStore } from '../herald.js';
import { createLogger } from '../logger.js';
import { timezoneIndex } from '../reference-data/timezones.js';
import { CalleeSimulator } from '../simulators/callee/simulator.js';
import { SmscSimulator } from '../simulators/smsc/simulator.js';
import type { ServiceContext } from '../services/context.js';
import { changeAccountSettings, readAccountSettings } from '../services/account-settings.js';
import { deleteAccount, disableAccount, enableAccount } from '../services/account-state.js';
import { type CreatedAccount, createAccount } from '../services/create-account.js';
import { PriceBook } from '../services/price-book.js';
import { assignNumber, listNumbers, releaseNumber, setKeywordRules } from '../services/numbers.js';
import { createMessageIngest } from '../store/message-ingest.js';
import { PromptCache } from '../voice/tts.js';
import { OutboundHttp } from '../security/outbound-http.js';
import { migrateToLatest } from '../store/migrate.js';
import { listAccounts } from '../store/repositories/accounts.js';
import { listPrices, upsertPrice } from '../store/repositories/prices.js';

function configFrom(opts: { config?: string; port?: string }): HeraldConfig {
  return loadConfig({
    ...(opts.config && { file: opts.config }),
    overrides: opts.port !== undefined ? { port: Number(opts.port) } : {},
  });
}

/** Runs `fn` with a migrated store and a service context, then closes the store. */
async function withContext<T>(config: HeraldConfig, fn: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const store = await openConfiguredStore(config);
  try {
    await migrateToLatest(store);
    const ctx: ServiceContext = {
      store,
      config,
      logger: createLogger('warn'),
      clock: Date.now,
      prices: new PriceBook(store, Date.now),
      timezones: timezoneIndex(),
      ingest: createMessageIngest(store),
      prompts: new PromptCache(),
      outbound: new OutboundHttp(config.outbound),
      publicBaseUrl: config.publicUrl ?? `http://${config.host}:${config.port}`,
      callbacks: callbackRenderers,
      faceParameters: faceParameterSpecs,
      hooks: { messagesQueued: () => undefined },
    };
    return await fn(ctx);
  } finally {
    await store.close();
  }
}

/** `herald account create --json`: the credentials under the API each one is for, as users read them. */
export function createdAccountJson(a: CreatedAccount) {
  const { credentials: c, smpp, ...account } = a;
  return {
    ...account,
    routee: { applicationId: c.clientId, applicationSecret: c.clientSecret },
    octopush: { apiLogin: c.apiLogin, apiKey: c.apiKey },
    smpp: { systemId: smpp.systemId, password: smpp.password },
  };
}

export function credentialsText(a: CreatedAccount, baseUrl?: string): string {
  const c = a.credentials;
  const lines = [
    `Account "${a.name}" (${a.accountId}), balance ${a.balance} ${a.currency}`,
    `  Routee   applicationId:     ${c.clientId}`,
    `           applicationSecret: ${c.clientSecret}`,
    `  Octopush api-login:         ${c.apiLogin}`,
    `           api-key:           ${c.apiKey}`,
    `  SMPP     system_id:         ${a.smpp.systemId}`,
    `           password:          ${a.smpp.password}`,
    'The secrets are shown only now; Herald keeps only their hashes.',
  ];
  if (baseUrl) {
    lines.push(
      '',
      `Console: ${baseUrl}/ (sign in with the applicationId and applicationSecret above)`,
      '',
      'Try it:',
      `  export HERALD=${baseUrl} APP_ID=${c.clientId} APP_SECRET=${c.clientSecret}`,
      '  TOKEN=$(curl -s -u "$APP_ID:$APP_SECRET" -d grant_type=client_credentials $HERALD/oauth/token | sed \'s/.*"access_token":"\\([^"]*\\)".*/\\1/\')',
    );
  }
  return lines.join('\n');
}

/** The id of the one account (not deleted) whose id or name is `who`. */
async function accountIdOf(ctx: ServiceContext, who: string): Promise<string> {
  const rows = (await listAccounts(ctx.store.db)).filter((r) => r.deleted_at === null);
  const found = rows.filter((r) => r.id === who || r.name === who);
  if (found.length !== 1)
    throw new Error(found.length ? `several accounts are named ${who}` : `no account ${who}`);
  return found[0]!.id;
}

/** Where `herald start` serves SMPP clients when HERALD_SMPP_PORT does not say (SMPP's usual port). */
const EMBEDDED_SMPP_PORT = 2775;

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

export function buildProgram(): Command {
  const program = new Command();
  program.name('herald').description('Self-hosted SMS and voice campaign gateway (Routee and Octopush APIs)');
  const withConfig = (c: Command) => c.option('-c, --config <file>', 'configuration file (JSON)');

  withConfig(program.command('start'))
    .description('migrate the database and start the gateway')
    .option('-p, --port <port>', 'HTTP port')
    .action(async (opts: { config?: string; port?: string }) => {
      const config = configFrom(opts);
      // The embedded default serves SMPP clients too, so that a newcomer can bind at once.
      // (When that port is taken, Herald starts without it and says so.)
      if (config.smppPort === undefined && process.env.HERALD_SMPP_PORT === undefined) {
        if (await portIsFree(EMBEDDED_SMPP_PORT, config.host)) config.smppPort = EMBEDDED_SMPP_PORT;
        else
          process.stderr.write(
            `herald: port ${EMBEDDED_SMPP_PORT} is taken: the SMPP server stays off (set HERALD_SMPP_PORT)\n`,
          );
      }
      const herald = await createHerald({ config });
      const url = await herald.listen();
      const display = url.replace('127.0.0.1', 'localhost');
      if (herald.demoAccount) {
        process.stdout.write(
          `\nFirst start on an empty database: created a demo account.\n${credentialsText(herald.demoAccount, display)}\n\n`,
        );
      }
      if (herald.smppPort !== undefined)
        process.stdout.write(
          `SMPP server: ${display.replace(/^https?:\/\//, '').replace(/:\d+$/, '')}:${herald.smppPort} (bind with an account's SMPP system_id and password)\n`,
        );
      if (herald.smppTlsPort !== undefined)
        process.stdout.write(`SMPP server (TLS): port ${herald.smppTlsPort}\n`);
      process.stdout.write(
        config.adminToken
          ? `Operator pages: ${display}/console/operator (sign in with HERALD_ADMIN_TOKEN)\n`
          : `Operator pages: start with HERALD_ADMIN_TOKEN=<a long random string> to use ${display}/console/operator\n`,
      );
      herald.ctx.logger.info({ url, database: config.databaseUrl ? 'postgres' : 'sqlite' }, 'Herald started');
      let closing = false;
      const shutdown = (signal: string) => {
        if (closing) return;
        closing = true;
        herald.ctx.logger.info({ signal }, 'shutting down');
        herald.close().then(
          () => process.exit(0),
          (err: unknown) => {
            herald.ctx.logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
    });

  withConfig(program.command('migrate'))
    .description('bring the database schema up to date')
    .action(async (opts: { config?: string }) => {
      const config = configFrom(opts);
      const store = await openConfiguredStore(config);
      try {
        const applied = await migrateToLatest(store);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
      } finally {
        await store.close();
      }
    });

  const account = program.command('account').description('manage accounts');
  withConfig(account.command('create'))
    .description('create an account and print its credentials')
    .option('-n, --name <name>', 'account name', 'account')
    .option('-b, --balance <amount>', 'opening balance', '0')
    .option('--currency <code>', 'currency', 'EUR')
    .option('--scopes <list>', 'allowed scopes, comma separated (default: all)')
    .option('--octopush-login <login>', 'Octopush api-login (default: generated)')
    .option('--json', 'print the credentials as JSON')
    .action(
      async (opts: {
        config?: string;
        name: string;
        balance: string;
        currency: string;
        scopes?: string;
        octopushLogin?: string;
        json?: boolean;
      }) => {
        const config = configFrom(opts);
        const created = await withContext(config, (ctx) =>
          createAccount(ctx, {
            name: opts.name,
            balance: Number(opts.balance),
            currency: opts.currency,
            ...(opts.scopes && { scopes: opts.scopes.split(',') }),
            ...(opts.octopushLogin && { apiLogin: opts.octopushLogin }),
          }),
        );
        process.stdout.write(
          opts.json ? `${JSON.stringify(createdAccountJson(created))}\n` : `${credentialsText(created)}\n`,
        );
      },
    );

  withConfig(account.command('list'))
    .description('list accounts (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (opts: { config?: string; json?: boolean }) => {
      const rows = await withContext(configFrom(opts), (ctx) => listAccounts(ctx.store.db));
      const list = rows.map((r) => ({
        accountId: r.id,
        name: r.name,
        applicationId: r.client_id,
        octopushLogin: r.api_login,
        balance: fromMicros(r.balance_micros),
        currency: r.currency,
        scopes: r.scopes.split(' '),
        state: r.deleted_at !== null ? 'deleted' : r.disabled_at !== null ? 'disabled' : 'active',
        createdAt: new Date(r.created_at).toISOString(),
      }));
      if (opts.json) process.stdout.write(`${JSON.stringify(list)}\n`);
      else
        for (const a of list)
          process.stdout.write(
            `${a.accountId}  ${a.name}  app=${a.applicationId}  ${a.balance} ${a.currency}  ${a.state}\n`,
          );
    });

  for (const [verb, what, act] of [
    ['disable', 'refuse its credentials and tokens, keep its data', disableAccount],
    ['enable', 'accept its credentials again', enableAccount],
    [
      'delete',
      'withdraw its scheduled campaigns and make it unknown to every API (its ledger stays)',
      deleteAccount,
    ],
  ] as const) {
    withConfig(account.command(verb))
      .description(`${verb} an account: ${what}`)
      .argument('<account>', 'account id or name')
      .action(async (who: string, opts: { config?: string }) => {
        const out = await withContext(configFrom(opts), async (ctx) => {
          const id = await accountIdOf(ctx, who);
          const result = await act(ctx, id);
          return { accountId: id, ...(result ?? {}) };
        });
        process.stdout.write(`${verb}d ${JSON.stringify(out)}\n`);
      });
  }

  withConfig(account.command('settings'))
    .description("show or change an account's application settings (defaults for requests)")
    .argument('<account>', 'account id or name')
    .option('--callback <url>', 'default per-message callback URL ("none" removes it)')
    .option('--callback-strategy <s>', 'OnChange or OnCompletion', 'OnChange')
    .option('--campaign-callback <url>', 'default campaign callback URL ("none" removes it)')
    .option('--transcode <bool>', 'default transcode: true, false or none')
    .option('--quiet-hours <windows>', 'comma separated HH:MM-HH:MM windows, or none for the defaults')
    .action(
      async (
        who: string,
        opts: {
          config?: string;
          callback?: string;
          callbackStrategy: string;
          campaignCallback?: string;
          transcode?: string;
          quietHours?: string;
        },
      ) => {
        const patch: Record<string, unknown> = {};
        const none = (v: string) => v.toLowerCase() === 'none';
        if (opts.callback !== undefined)
          patch.callback = none(opts.callback)
            ? null
            : { url: opts.callback, strategy: opts.callbackStrategy };
        if (opts.campaignCallback !== undefined)
          patch.campaignCallback = none(opts.campaignCallback)
            ? null
            : { url: opts.campaignCallback, strategy: opts.callbackStrategy };
        if (opts.transcode !== undefined)
          patch.transcode = none(opts.transcode) ? null : opts.transcode === 'true';
        if (opts.quietHours !== undefined)
          patch.quietHours = none(opts.quietHours) ? null : opts.quietHours.split(',').map((w) => w.trim());
        const settings = await withContext(configFrom(opts), async (ctx) => {
          const id = await accountIdOf(ctx, who);
          return Object.keys(patch).length > 0
            ? changeAccountSettings(ctx, id, patch)
            : readAccountSettings(ctx, id);
        });
        process.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
      },
    );

  program
    .command('smsc-sim')
    .description('run the operator simulator (an SMPP server) on its own')
    .option('-p, --port <port>', 'SMPP port', '2775')
    .option('--host <host>', 'interface', '127.0.0.1')
    .option('--system-id <id>', 'require this system_id on bind')
    .option('--password <pw>', 'require this password on bind')
    .addOption(new Option('--id-format <base>', 'message ids').choices(['decimal', 'hex']).default('decimal'))
    .addOption(
      new Option('--receipt-id-format <base>', 'ids written in receipts')
        .choices(['same', 'decimal', 'hex'])
        .default('same'),
    )
    .option('--receipt-delay <ms>', 'delay before each receipt', '200')
    .option('--outcomes <mix>', 'weighted receipt outcomes, e.g. DELIVRD=90,UNDELIV=5,EXPIRED=5', 'DELIVRD=1')
    .option('--early-receipts <p>', 'probability of a receipt before its submit_sm_resp', '0')
    .option('--throttle-every <n>', 'answer every nth submit with ESME_RTHROTTLED')
    .action(
      async (opts: {
        port: string;
        host: string;
        systemId?: string;
        password?: string;
        idFormat: 'decimal' | 'hex';
        receiptIdFormat: 'same' | 'decimal' | 'hex';
        receiptDelay: string;
        outcomes: string;
        earlyReceipts: string;
        throttleEvery?: string;
      }) => {
        const outcomes = Object.fromEntries(
          opts.outcomes.split(',').map((kv) => {
            const [k, v] = kv.split('=');
            return [String(k).trim().toUpperCase(), Number(v ?? 1)];
          }),
        );
        const sim = new SmscSimulator({
          port: Number(opts.port),
          host: opts.host,
          ...(opts.systemId && { systemId: opts.systemId, password: opts.password ?? '' }),
          idFormat: opts.idFormat,
          receiptIdFormat: opts.receiptIdFormat,
          receiptDelayMs: Number(opts.receiptDelay),
          outcomes,
          receiptBeforeResponse: Number(opts.earlyReceipts),
          ...(opts.throttleEvery && { throttleEvery: Number(opts.throttleEvery) }),
        });
        const port = await sim.start();
        process.stdout.write(`operator simulator listening on smpp://${opts.host}:${port}\n`);
        const report = setInterval(() => {
          process.stdout.write(
            `received ${sim.receivedCount} parts, ${sim.duplicates()} duplicates, ${sim.receiptsSent} receipts sent\n`,
          );
        }, 5000);
        const stop = () => {
          clearInterval(report);
          void sim.stop().then(() => process.exit(0));
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      },
    );

  program
    .command('callee-sim')
    .description('run the callee simulator (SIP phones that answer, are busy or never answer) on its own')
    .option('-p, --port <port>', 'SIP port (UDP)', '5062')
    .option('--host <host>', 'interface', '127.0.0.1')
    .option('--answer-after <ms>', 'answer this long after the INVITE', '800')
    .option('--dtmf <digits>', 'digits to press once answered (RFC 4733)', '1')
    .option('--busy <prefixes>', 'numbers starting with these are busy (comma separated)')
    .option('--unanswered <prefixes>', 'numbers starting with these never answer (comma separated)')
    .option('--auth <user:password>', 'demand digest authentication')
    .action(
      async (opts: {
        port: string;
        host: string;
        answerAfter: string;
        dtmf: string;
        busy?: string;
        unanswered?: string;
        auth?: string;
      }) => {
        const list = (v: string | undefined) =>
          v ? v.split(',').map((x) => x.trim().replace(/^\+/, '')) : [];
        const noAnswer = list(opts.unanswered);
        const [user, password] = (opts.auth ?? '').split(':');
        const sim = new CalleeSimulator({
          host: opts.host,
          port: Number(opts.port),
          rules: [
            ...list(opts.busy).map((match) => ({ match, behaviour: 'busy' as const })),
            ...noAnswer.map((match) => ({ match, behaviour: 'no-answer' as const })),
          ],
          defaultRule: {
            behaviour: 'answer',
            answerAfterMs: Number(opts.answerAfter),
            dtmf: opts.dtmf,
            dtmfAfterMs: 1000,
          },
          ...(user && password && { auth: { username: user, password } }),
        });
        const port = await sim.start();
        process.stdout.write(`callee simulator listening on sip:${opts.host}:${port} (UDP)\n`);
        sim.on('ended', (c: { to: string; outcome: string; audioPackets: number; digitsSent: string }) =>
          process.stdout.write(
            `${c.to}: ${c.outcome}, ${c.audioPackets} RTP packets received, pressed "${c.digitsSent}"\n`,
          ),
        );
        const stop = () => void sim.stop().then(() => process.exit(0));
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      },
    );

  const number = program.command('number').description("manage accounts' numbers (long and short codes)");
  withConfig(number.command('add'))
    .description('give an account a number: an E.164 number, or a short code with --country')
    .argument('<account>', 'account id or name')
    .argument('<number>', 'E.164 number (+306912345678) or short code (38300)')
    .option('--country <cc>', "a short code's ISO 3166-1 alpha-2 country")
    .addOption(new Option('--route <route>', 'where its inbound messages go').choices(['callback', 'smpp']))
    .action(async (who: string, num: string, opts: { config?: string; country?: string; route?: string }) => {
      const view = await withContext(configFrom(opts), async (ctx) =>
        assignNumber(ctx, await accountIdOf(ctx, who), {
          number: num,
          ...(opts.country !== undefined && { country: opts.country }),
          ...(opts.route !== undefined && { inboundRoute: opts.route }),
        }),
      );
      process.stdout.write(`${JSON.stringify(view)}\n`);
    });
  withConfig(number.command('list'))
    .description("an account's numbers, their routes and keyword rules")
    .argument('<account>', 'account id or name')
    .action(async (who: string, opts: { config?: string }) => {
      const list = await withContext(configFrom(opts), async (ctx) =>
        listNumbers(ctx, await accountIdOf(ctx, who)),
      );
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    });
  withConfig(number.command('remove'))
    .description('take a number from an account (its keyword rules go with it)')
    .argument('<account>', 'account id or name')
    .argument('<number>', 'the number')
    .action(async (who: string, num: string, opts: { config?: string }) => {
      await withContext(configFrom(opts), async (ctx) =>
        releaseNumber(ctx, await accountIdOf(ctx, who), num),
      );
      process.stdout.write(`removed ${num}\n`);
    });
  withConfig(number.command('keywords'))
    .description(
      "replace a number's keyword rules: each KEYWORD=reply answers messages starting with KEYWORD",
    )
    .argument('<account>', 'account id or name')
    .argument('<number>', 'the number')
    .argument('[rules...]', 'KEYWORD=reply text (none: no rules)')
    .action(async (who: string, num: string, rules: string[], opts: { config?: string }) => {
      const parsed = rules.map((r) => {
        const at = r.indexOf('=');
        if (at < 1) throw new Error(`a rule is KEYWORD=reply, not ${r}`);
        return { keyword: r.slice(0, at), reply: r.slice(at + 1) };
      });
      const view = await withContext(configFrom(opts), async (ctx) =>
        setKeywordRules(ctx, await accountIdOf(ctx, who), num, parsed),
      );
      process.stdout.write(`${JSON.stringify(view)}\n`);
    });

  withConfig(program.command('simulate-inbound'))
    .description(
      "make the bundled operator simulator of a running Herald deliver a handset's message (uses its admin API and HERALD_ADMIN_TOKEN)",
    )
    .requiredOption('--from <number>', "the handset's number, E.164")
    .requiredOption('--to <number>', 'the number it writes to')
    .requiredOption('--text <text>', 'what it writes')
    .option('--url <url>', 'the running Herald (default: http://127.0.0.1:<port>)')
    .action(async (opts: { config?: string; from: string; to: string; text: string; url?: string }) => {
      const config = configFrom(opts);
      if (!config.adminToken) throw new Error('set HERALD_ADMIN_TOKEN to the running Herald’s admin token');
      const base = (opts.url ?? `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
      const res = await fetch(`${base}/admin/simulator/inbound`, {
        method: 'POST',
        headers: { authorization: `Bearer ${config.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: opts.from, to: opts.to, text: opts.text }),
      });
      const answer = await res.text();
      if (!res.ok) throw new Error(`${res.status}: ${answer}`);
      process.stdout.write(`delivered ${answer}\n`);
    });

  const price = program.command('price').description('manage the price list');
  withConfig(price.command('list'))
    .option('--json', 'print JSON')
    .action(async (opts: { config?: string; json?: boolean }) => {
      const rows = await withContext(configFrom(opts), (ctx) => listPrices(ctx.store.db));
      const list = rows.map((r) => ({
        service: r.service,
        country: r.country,
        price: fromMicros(r.priceMicros),
      }));
      if (opts.json) process.stdout.write(`${JSON.stringify(list)}\n`);
      else for (const p of list) process.stdout.write(`${p.service}\t${p.country}\t${p.price}\n`);
    });
  withConfig(price.command('set'))
    .description(
      "set a price: per SMS part (sms, sms_low_cost), per minute (voice) or per voice message (vocal_sms); country '*' is the default",
    )
    .addOption(new Option('-s, --service <service>', 'service').choices([...SERVICES]).default('sms'))
    .argument('<country>', 'ISO 3166-1 alpha-2 country code, or * for the default')
    .argument('<price>', 'price in the account currency')
    .action(async (country: string, amount: string, opts: { config?: string; service: Service }) => {
      const iso = country === '*' ? '*' : country.toUpperCase();
      const value = Number(amount);
      if (!/^([A-Z]{2}|\*)$/.test(iso) || !Number.isFinite(value) || value < 0) {
        throw new Error(`usage: herald price set [-s ${SERVICES.join('|')}] <country|*> <price ≥ 0>`);
      }
      await withContext(configFrom(opts), (ctx) =>
        upsertPrice(
          ctx.store.db,
          { service: opts.service, country: iso, priceMicros: toMicros(value) },
          Date.now(),
        ),
      );
      process.stdout.write(`${opts.service} ${iso} = ${value}\n`);
    });
  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.stderr.write(`herald: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
