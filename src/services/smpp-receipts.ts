/**
 * Delivery receipts owed to client applications of Herald's SMPP server: asked for with a
 * submission (registered_delivery), handed out once the message's status is final, forgotten once a
 * receiver bind acknowledged them or the message's ttl has passed. The face writes them as
 * deliver_sm; this says what each one tells.
 */
import { type ReceiptStat, receiptText, statOfStatus } from '../domain/delivery-receipt.js';
import { FINAL_SMS_STATUSES } from '../domain/sms-callback.js';
import {
  deletePendingReceipt,
  deleteStaleReceipts,
  insertPendingReceipts,
  owedFinalReceipts,
} from '../store/repositories/smpp-receipts.js';
import { GroupCommit } from '../store/group-commit.js';
import type { ServiceContext } from './context.js';

export interface OwedReceipt {
  /** The id the client was answered with (the message's, or a part's of a concatenated one). */
  receiptId: string;
  messageId: string;
  accountId: string;
  stat: ReceiptStat;
  /** The network error in the receipt's err field ('000': none known). */
  err: string;
  submittedAt: number;
  doneAt: number;
  /** The message's first characters (the receipt's text field). */
  text: string;
  /** The message's sender and recipient (a receipt comes from the recipient to the sender). */
  sender: string;
  recipient: string;
}

/**
 * Receipts owed, written together: submissions that arrive close together (a client's window) share
 * one statement and one commit instead of one each (store/group-commit.ts).
 */
export class OwedReceipts {
  private readonly batches: GroupCommit<
    { receiptId: string; messageId: string; accountId: string; now: number },
    void
  >;

  constructor(private readonly ctx: ServiceContext) {
    this.batches = new GroupCommit({
      maxBatch: 500,
      delayMs: 0,
      write: async (items) => {
        await insertPendingReceipts(this.ctx.store.db, items);
        return items.map(() => undefined);
      },
      onBatchFailure: 'one-by-one',
    });
  }

  /** Resolves once the receipt is owed durably; `receiptId` is the id the client was answered with. */
  owe(accountId: string, messageId: string, receiptId = messageId): Promise<void> {
    return this.batches.submit({ receiptId, messageId, accountId, now: this.ctx.clock() });
  }

  drain(): Promise<void> {
    return this.batches.drain();
  }
}

/** Receipts of final messages owed to these accounts (the ones with a receiver bind here). */
export async function finalReceiptsOwed(
  ctx: ServiceContext,
  accountIds: readonly string[],
  limit = 500,
): Promise<OwedReceipt[]> {
  const rows = await owedFinalReceipts(ctx.store.db, accountIds, [...FINAL_SMS_STATUSES], limit);
  return rows.map((r) => ({
    receiptId: r.receiptId,
    messageId: r.messageId,
    accountId: r.accountId,
    stat: statOfStatus(r.status, r.detailedStatus),
    err: '000',
    submittedAt: r.createdAt,
    doneAt: r.updatedAt,
    text: receiptText(r.body),
    sender: r.sender,
    recipient: r.recipient,
  }));
}

export async function receiptAcknowledged(ctx: ServiceContext, receiptId: string): Promise<void> {
  await deletePendingReceipt(ctx.store.db, receiptId);
}

export async function forgetStaleReceipts(ctx: ServiceContext): Promise<number> {
  return deleteStaleReceipts(ctx.store.db, ctx.clock());
}
