/**
 * Places the queued calls of voice campaigns through the SIP trunks, within each trunk's limit of
 * concurrent calls: prompt (TTS or WAV, cached), call, status history and callbacks as the call
 * progresses, then the answered seconds charged and the rest of the reservation refunded. Also moves
 * voice campaigns through their states and writes their campaign callbacks.
 */
import type { CallbackRenderers } from '../../domain/callback-events.js';
import type { Logger } from '../../logger.js';
import type {
  CallOutcome,
  CallProgress,
  TrunkConfig,
  VoiceCarrier,
  VoiceLine,
} from '../../carriers/carrier.js';
import type { Store } from '../../store/database.js';
import {
  campaignOfCalls,
  claimReadyCalls,
  inflightCallsOf,
  recordCallEnd,
  recordCallProgress,
  releaseScheduledCalls,
  requeueCall,
} from '../../store/voice-call-queue.js';
import type { CampaignState } from '../../domain/campaign.js';
import { type MonitoredCampaigns, monitorCampaigns } from '../runtime/campaign-monitor.js';
import { enqueueCallbacks, type OutboxEntry } from '../../store/repositories/callback-outbox.js';
import { credit } from '../../store/repositories/ledger.js';
import type { VoiceCallRow } from '../../store/schema.js';
import { FINAL_VOICE_STATUSES } from '../../domain/voice-statuses.js';
import { voiceCallCounts } from '../../store/repositories/campaign-counts.js';
import { promptOf, type VoiceCampaignSettings, type VoicePlan } from '../../voice/plan.js';
import { PromptCache } from '../../voice/tts.js';
import type { OutboundHttp } from '../../security/outbound-http.js';
import { voiceCallBill } from '../rules/refunds.js';

/** A trunk as configured: the contract's id and limit, and what its carrier needs to reach it. */
export type VoiceTrunk = TrunkConfig;

interface CampaignFacts {
  plan: VoicePlan;
  /** The campaign's prompt, made (or downloaded) once for all its calls. */
  prompt: Promise<Buffer>;
  name: string | null;
  accountName: string;
  respectQuietHours: boolean;
}

interface TrunkSlot {
  trunk: VoiceTrunk;
  uac: VoiceLine;
  active: number;
}

export class VoiceDispatcher {
  private readonly uacs: TrunkSlot[] = [];
  /** Trunks taken out by a change, still carrying calls: each is closed when its last call ends. */
  private readonly retiring = new Set<TrunkSlot>();
  private readonly prompts = new PromptCache();
  private readonly campaigns = new Map<string, CampaignFacts>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private busy = false;
  private readonly inFlight = new Set<Promise<void>>();
  readonly counters = { placed: 0, completed: 0, busy: 0, noAnswer: 0, failed: 0 };

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly logger: Logger,
    private readonly nodeId: string,
    private readonly trunks: VoiceTrunk[],
    private readonly mediaHost: string,
    /** Downloads of prompt files, under the outbound policy. */
    private readonly outbound: OutboundHttp,
    /** Voice and campaign callbacks, in their face's format. */
    private readonly renderers: Pick<CallbackRenderers, 'voiceCall' | 'campaignState'>,
    /** Places the calls (SIP: carriers/sip/sip-carrier.ts). */
    private readonly carrier: VoiceCarrier,
  ) {}

  /** Each trunk with its limit and the calls it carries now. */
  trunkViews(): Array<{ id: string; maxCalls: number; activeCalls: number }> {
    return this.uacs.map((u) => ({ id: u.trunk.id, maxCalls: u.trunk.maxCalls, activeCalls: u.active }));
  }

  async start(): Promise<void> {
    for (const trunk of this.trunks) {
      this.uacs.push({ trunk, uac: await this.carrier.open(trunk, this.mediaHost), active: 0 });
    }
    // Calls that were in progress when this node stopped cannot be resumed: they end as Failed
    // (refunded), rather than ringing someone twice.
    const stale = await inflightCallsOf(this.store.db, this.store.dialect, this.nodeId);
    for (const c of stale)
      await this.finish(c, { status: 'Failed', answeredAt: null, durationMs: 0, digits: '', sipStatus: 500 });
    this.running = true;
    this.schedule(0);
  }

  /**
   * Applies a change of trunks (console, admin API): a trunk removed or changed takes no new call and
   * is closed once its calls end; a new or changed one is opened now.
   */
  async updateTrunks(trunks: VoiceTrunk[]): Promise<void> {
    const wanted = new Map(trunks.map((t) => [t.id, JSON.stringify(t)]));
    for (const slot of [...this.uacs]) {
      if (wanted.get(slot.trunk.id) === JSON.stringify(slot.trunk)) continue;
      this.uacs.splice(this.uacs.indexOf(slot), 1);
      this.retiring.add(slot);
      if (slot.active === 0) await this.close(slot);
    }
    for (const trunk of trunks)
      if (!this.uacs.some((u) => u.trunk.id === trunk.id))
        this.uacs.push({ trunk, uac: await this.carrier.open(trunk, this.mediaHost), active: 0 });
    this.poke();
  }

  private async close(slot: TrunkSlot): Promise<void> {
    this.retiring.delete(slot);
    await slot.uac
      .stop()
      .catch((err: unknown) => this.logger.warn({ err, trunk: slot.trunk.id }, 'trunk close failed'));
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    // Every trunk closes here, once: a retiring one's last call ending meanwhile does not close it again.
    const all = [...this.uacs, ...this.retiring];
    this.retiring.clear();
    for (const u of all) await u.uac.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  poke(): void {
    if (this.running) this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.busy || !this.running) return;
    this.busy = true;
    try {
      const now = this.now();
      await releaseScheduledCalls(this.store.db, now);
      const room = this.uacs.reduce((s, u) => s + Math.max(0, u.trunk.maxCalls - u.active), 0);
      if (room > 0) {
        for (const c of await claimReadyCalls(this.store.db, this.nodeId, now, room)) {
          const p = this.run(c).catch((err: unknown) => this.logger.error({ err }, 'voice call failed'));
          this.inFlight.add(p);
          void p.finally(() => this.inFlight.delete(p));
        }
      }
      await monitorCampaigns(this.store, this.renderers, now, VOICE_CAMPAIGNS);
    } catch (err) {
      this.logger.error({ err }, 'voice dispatch failed');
    } finally {
      this.busy = false;
      if (this.running) this.schedule(250);
    }
  }

  private async facts(campaignId: string): Promise<CampaignFacts> {
    let f = this.campaigns.get(campaignId);
    if (!f) {
      const row = await campaignOfCalls(this.store.db, campaignId);
      const settings = JSON.parse(row.request) as VoiceCampaignSettings;
      const prompt = promptOf(this.prompts, settings.plan, this.outbound, this.logger);
      prompt.catch(() => this.campaigns.delete(campaignId)); // a failure is retried by the next call
      f = {
        plan: settings.plan,
        prompt,
        name: row.name,
        accountName: row.account_name,
        respectQuietHours: settings.respectQuietHours,
      };
      if (this.campaigns.size > 1000) this.campaigns.clear();
      this.campaigns.set(campaignId, f);
    }
    return f;
  }

  private async run(call: VoiceCallRow): Promise<void> {
    const facts = await this.facts(call.campaign_id);
    const slot = this.uacs.filter((u) => u.active < u.trunk.maxCalls).sort((a, b) => a.active - b.active)[0];
    if (!slot) {
      await requeueCall(this.store.db, call.id);
      return;
    }
    let prompt: Buffer;
    try {
      prompt = await facts.prompt;
    } catch (err) {
      this.logger.warn({ err: String(err), call: call.id }, 'voice prompt unavailable');
      await this.finish(
        call,
        { status: 'Failed', answeredAt: null, durationMs: 0, digits: '', sipStatus: null },
        facts,
      );
      return;
    }
    slot.active++;
    this.counters.placed++;
    try {
      const result: CallOutcome = await slot.uac.call({
        from: call.sender,
        to: call.recipient,
        prompt,
        answerTimeoutMs: facts.plan.hangupDelay * 1000,
        collectDtmf: facts.plan.collectDtmfDigits,
        dtmfAwaitMs: facts.plan.collectDtmfAwaitSeconds * 1000,
        onProgress: (s) => void this.progress(call, s, facts).catch(() => undefined),
      });
      await this.finish(call, { ...result, sipStatus: result.carrierStatus }, facts);
    } finally {
      slot.active--;
      if (slot.active === 0 && this.retiring.has(slot)) void this.close(slot);
      this.poke();
    }
  }

  private async progress(call: VoiceCallRow, status: CallProgress, facts: CampaignFacts): Promise<void> {
    const now = this.now();
    call.status = status;
    const history = JSON.parse(call.history) as Array<{ status: string; date: string }>;
    history.push({ status, date: new Date(now).toISOString() });
    call.history = JSON.stringify(history);
    await this.store.db.transaction().execute(async (trx) => {
      await recordCallProgress(trx, call.id, status, call.history, now);
      const cb = this.callback(call, status, now, facts);
      if (cb) await enqueueCallbacks(trx, [cb], now);
    });
  }

  private callback(
    call: VoiceCallRow,
    status: string,
    now: number,
    facts: CampaignFacts | undefined,
  ): OutboxEntry | null {
    if (!call.callback_url) return null;
    const final = FINAL_VOICE_STATUSES.has(status);
    if (call.callback_strategy === 'OnCompletion' && !final) return null;
    return {
      accountId: call.account_id,
      kind: 'voice',
      orderKey: call.id,
      url: call.callback_url,
      payload: this.renderers.voiceCall({
        callId: call.id,
        campaignId: call.campaign_id,
        campaignName: facts?.name ?? null,
        to: call.recipient,
        from: call.sender,
        country: call.country,
        applicationName: facts?.accountName ?? '',
        priceMicros: call.price_micros,
        status,
        at: now,
        speech: facts?.plan.message ?? null,
        fileUrl: facts?.plan.fileURL ?? null,
        ...(facts && { hangupDelay: facts.plan.hangupDelay }),
        respectQuietHours: facts?.respectQuietHours ?? false,
        durationMs: call.duration_ms,
        createdAt: call.created_at,
        digits: call.digits,
      }),
    };
  }

  private async finish(
    call: VoiceCallRow,
    r: {
      status: string;
      answeredAt: number | null;
      durationMs: number;
      digits: string;
      sipStatus: number | null;
    },
    facts?: CampaignFacts,
  ): Promise<void> {
    const now = this.now();
    const key = r.status === 'NoAnswer' ? 'noAnswer' : r.status.charAt(0).toLowerCase() + r.status.slice(1);
    if (key in this.counters) this.counters[key as keyof typeof this.counters]++;
    // Billed per started second of answered time, never above what was reserved (rules/refunds.ts).
    const {
      seconds,
      priceMicros: price,
      refundMicros: refund,
    } = voiceCallBill({
      status: r.status,
      durationMs: r.durationMs,
      pricePerMinuteMicros: call.price_per_minute_micros,
      reservedMicros: call.reserved_micros,
    });
    const history = JSON.parse(call.history) as Array<{ status: string; date: string }>;
    history.push({ status: r.status, date: new Date(now).toISOString() });
    const done: VoiceCallRow = {
      ...call,
      status: r.status,
      history: JSON.stringify(history),
      queue_state: 'done',
      claimed_by: null,
      price_micros: price,
      duration_ms: r.status === 'Completed' ? r.durationMs : 0,
      digits: r.digits || null,
      sip_status: r.sipStatus,
      answered_at: r.answeredAt,
      ended_at: now,
      updated_at: now,
    };
    await this.store.db.transaction().execute(async (trx) => {
      await recordCallEnd(trx, done);
      if (refund > 0) {
        await credit(trx, {
          accountId: call.account_id,
          amountMicros: refund,
          kind: 'refund',
          reference: call.id,
          description: `voice call: ${seconds} s answered`,
          now,
        });
      }
      const cb = this.callback(done, r.status, now, facts);
      if (cb) await enqueueCallbacks(trx, [cb], now);
    });
  }
}

/** Voice campaign states: Queued → Running → Finished (or Failed when no call got through). */
export function voiceCampaignStateOf(counts: Readonly<Record<string, number>>, total: number): CampaignState {
  const finals = [...FINAL_VOICE_STATUSES].reduce((s, k) => s + (counts[k] ?? 0), 0);
  const failed = (counts.Failed ?? 0) + (counts.Unsent ?? 0);
  if (finals >= total) return failed >= total ? 'Failed' : 'Finished';
  return (counts.Queued ?? 0) >= total ? 'Queued' : 'Running';
}

const VOICE_CAMPAIGNS: MonitoredCampaigns<Record<string, number>> = {
  type: 'Voice',
  counts: voiceCallCounts,
  assess: (counts, total) => ({ state: voiceCampaignStateOf(counts, total), fifths: 0 }),
};
