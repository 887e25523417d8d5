/**
 * Interoperability with a real SIP peer: SIPp (Debian's sip-tester) as the callee, one scenario per
 * behaviour — answer + RFC 4733 digits with RTP echo, ring without answer (CANCEL/487), busy (486),
 * and a trunk demanding digest authentication (answering in PCMA). SIPp exits 0 only when its
 * scenario ran exactly as written.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SipUac } from '../../src/carriers/sip/uac.js';
import { placeCall } from '../../src/voice/call.js';
import { encodeG711 } from '../../src/voice/g711.js';
import { MediaClock } from '../../src/voice/media-clock.js';
import { freePortWhere, freeUdpPort, portFree } from '../helpers/ports.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const prompt = encodeG711(
  Int16Array.from({ length: 8000 }, (_, i) => Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / 8000))),
  'PCMU',
);

async function sipp(
  scenario: string,
): Promise<{ port: number; exit: Promise<number>; child: ChildProcess; output(): string }> {
  const port = await freeUdpPort();
  // SIPp's echo binds the RTP port and the one two above, and exits when either is taken.
  const mediaPort = await freePortWhere(async (p) => (await portFree('udp', p)) && portFree('udp', p + 2), {
    even: true,
  });
  const child = spawn(
    'sipp',
    [
      '-sf',
      path.join(here, 'sipp', scenario),
      '-i',
      '127.0.0.1',
      '-p',
      String(port),
      '-mi',
      '127.0.0.1',
      '-mp',
      String(mediaPort),
      '-rtp_echo',
      '-m',
      '1',
      '-nostdin',
      '-timeout',
      '20s',
      '-timeout_error',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  await new Promise((r) => setTimeout(r, 300)); // let it bind
  return { port, exit, child, output: () => out };
}

describe('SIP interoperability with SIPp', () => {
  const clock = new MediaClock();
  const uacs: SipUac[] = [];
  afterAll(async () => {
    clock.stop();
    for (const u of uacs) await u.stop();
  });
  const uacFor = async (port: number, auth?: { username: string; password: string }) => {
    const u = new SipUac({ host: '127.0.0.1', port, ...auth });
    await u.start();
    uacs.push(u);
    return u;
  };

  it('answer + RFC 4733 DTMF: digits collected, prompt echoed, BYE accepted', async () => {
    const peer = await sipp('uas_dtmf.xml');
    const uac = await uacFor(peer.port);
    const r = await placeCall(uac, clock, {
      from: '302100000000',
      to: '+306900000001',
      prompt,
      answerTimeoutMs: 5000,
      collectDtmf: true,
      dtmfAwaitMs: 1000,
    });
    expect(r.status).toBe('Completed');
    expect(r.digits).toBe('42#');
    expect(await peer.exit, peer.output().slice(-1500)).toBe(0);
  });

  it('ring without answer: CANCEL, 487, ACK', async () => {
    const peer = await sipp('uas_noanswer.xml');
    const uac = await uacFor(peer.port);
    const r = await placeCall(uac, clock, {
      from: '3021',
      to: '+306900000002',
      prompt,
      answerTimeoutMs: 1000,
      collectDtmf: false,
      dtmfAwaitMs: 0,
    });
    expect(r.status).toBe('NoAnswer');
    expect(await peer.exit, peer.output().slice(-1500)).toBe(0);
  });

  it('busy: 486 acknowledged', async () => {
    const peer = await sipp('uas_busy.xml');
    const uac = await uacFor(peer.port);
    const r = await placeCall(uac, clock, {
      from: '3021',
      to: '+306900000003',
      prompt,
      answerTimeoutMs: 3000,
      collectDtmf: false,
      dtmfAwaitMs: 0,
    });
    expect(r).toMatchObject({ status: 'Busy', sipStatus: 486 });
    expect(await peer.exit, peer.output().slice(-1500)).toBe(0);
  });

  it('digest authentication, then a PCMA answer', async () => {
    const peer = await sipp('uas_auth.xml');
    const uac = await uacFor(peer.port, { username: 'herald', password: 's3cret' });
    const r = await placeCall(uac, clock, {
      from: '3021',
      to: '+306900000004',
      prompt: prompt.subarray(0, 3200),
      answerTimeoutMs: 3000,
      collectDtmf: false,
      dtmfAwaitMs: 0,
    });
    expect(r.status).toBe('Completed');
    expect(r.packetsSent).toBe(20);
    expect(await peer.exit, peer.output().slice(-1500)).toBe(0);
  });
});
