/**
 * A part holds its place in its link's window from its submit until its outcome is committed, not
 * only until the operator's submit_sm_resp: after a crash, the parts that may reach the operator twice
 * are those sent and not recorded, and a state writer running behind must not let more than a window
 * of them pile up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkConfig } from '../../src/carriers/smpp/link-config.js';
import { LinkPool } from '../../src/engine/sms/link-pool.js';
import { SOLE_OWNER } from '../../src/store/link-ownership.js';
import { smppCarrier } from '../../src/carriers/smpp/smpp-carrier.js';
import { createLogger } from '../../src/logger.js';
import { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import { waitFor } from '../helpers/process.js';

describe('window accounting', () => {
  const smsc = new SmscSimulator({ receiptDelayMs: 5 });
  const pool = new LinkPool(smppCarrier, SOLE_OWNER, createLogger('silent'), 60_000);
  beforeAll(async () => {
    const port = await smsc.start();
    await pool.start([linkConfig({ id: 'op', host: '127.0.0.1', port, window: 3 })]);
    await waitFor(() => pool.all()[0]!.isBound, 5000, 'bind');
  });
  afterAll(async () => {
    await pool.stop();
    await smsc.stop();
  });

  it('keeps a place taken until the outcome is recorded, whatever the link answered', async () => {
    const link = pool.all()[0]!;
    expect(pool.freeWindow()).toBe(3);
    let woken = 0;
    pool.onCapacity = () => woken++;
    for (let i = 0; i < 3; i++) pool.hold('op');
    // The operator has answered nothing outstanding: the link itself has room…
    expect(link.freeWindow).toBe(3);
    // …but the three parts are not recorded yet: no room.
    expect(pool.freeWindow()).toBe(0);
    expect(pool.pick('+306948530920', 'GR')).toBeUndefined();
    pool.recorded('op');
    expect(woken).toBe(1);
    expect(pool.freeWindow()).toBe(1);
    expect(pool.pick('+306948530920', 'GR')?.id).toBe('op');
    pool.recorded('op');
    pool.recorded('op');
    expect(pool.freeWindow()).toBe(3);
  });
});
