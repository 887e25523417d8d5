/**
 * Prompts as 8 kHz μ-law audio: text spoken by Debian's espeak-ng (every Routee language has a native
 * voice; female is the same voice with the f3 variant), WAV files converted by sox. Results are cached
 * per (text, language, gender) in memory.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';

export const TTS_LANGUAGES = {
  'en-US': 'en-us',
  'en-GB': 'en-gb',
  'de-DE': 'de',
  'fr-FR': 'fr-fr',
  'it-IT': 'it',
  'pt-BR': 'pt-br',
  'es-ES': 'es',
  'es-LA': 'es-419',
  'el-GR': 'el',
  'bg-BG': 'bg',
  'pl-PL': 'pl',
  'hu-HU': 'hu',
  'sv-SE': 'sv',
  'ru-RU': 'ru',
} as const;

export type TtsLanguage = keyof typeof TTS_LANGUAGES;
export type TtsGender = 'male' | 'female';
export const MAX_TTS_TEXT = 1000;

export function isTtsLanguage(s: string): s is TtsLanguage {
  return Object.hasOwn(TTS_LANGUAGES, s);
}

export function espeakVoice(language: TtsLanguage, gender: TtsGender): string {
  const base = TTS_LANGUAGES[language];
  return gender === 'female' ? `${base}+f3` : base;
}

export class MediaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaError';
  }
}

/** Runs a pipeline of commands, feeding `input` to the first; resolves with the last one's stdout. */
function pipeline(commands: Array<[string, string[]]>, input?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const children = commands.map(([cmd, args]) => spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] }));
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      for (const c of children) c.kill('SIGKILL');
      reject(err);
    };
    children.forEach((c, i) => {
      let stderr = '';
      c.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      c.on('error', (err) => fail(new MediaError(`${commands[i]![0]}: ${err.message}`)));
      c.on('close', (code) => {
        if (code !== 0)
          fail(new MediaError(`${commands[i]![0]} failed (${code}): ${stderr.trim().slice(0, 300)}`));
      });
      if (i > 0) children[i - 1]!.stdout.pipe(c.stdin);
      c.stdin.on('error', () => undefined);
    });
    const last = children[children.length - 1]!;
    const chunks: Buffer[] = [];
    last.stdout.on('data', (d: Buffer) => chunks.push(d));
    last.on('close', (code) => {
      if (code === 0 && !failed) resolve(Buffer.concat(chunks));
    });
    if (input) children[0]!.stdin.end(input);
    else children[0]!.stdin.end();
  });
}

const TO_MULAW: string[] = ['-t', 'wav', '-', '-r', '8000', '-c', '1', '-t', 'ul', '-'];

export class PromptCache {
  private readonly entries = new Map<string, Promise<Buffer>>();

  constructor(private readonly maxEntries = 500) {}

  private remember(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
    let p = this.entries.get(key);
    if (!p) {
      p = make();
      p.catch(() => this.entries.delete(key));
      if (this.entries.size >= this.maxEntries)
        this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, p);
    }
    return p;
  }

  /** The text spoken in the language and gender, as 8 kHz μ-law samples. */
  speak(text: string, language: TtsLanguage, gender: TtsGender): Promise<Buffer> {
    const key = createHash('sha256').update(`${language}|${gender}|${text}`).digest('hex');
    return this.remember(key, () =>
      pipeline([
        ['espeak-ng', ['-v', espeakVoice(language, gender), '--stdout', text]],
        ['sox', TO_MULAW],
      ]),
    );
  }

  /** A WAV file's audio as 8 kHz mono μ-law; anything that is not a readable WAV is a MediaError. */
  wav(data: Buffer): Promise<Buffer> {
    if (
      data.length < 44 ||
      data.toString('ascii', 0, 4) !== 'RIFF' ||
      data.toString('ascii', 8, 12) !== 'WAVE'
    ) {
      return Promise.reject(new MediaError('not a WAV file (RIFF/WAVE header missing)'));
    }
    const key = createHash('sha256').update(data).digest('hex');
    return this.remember(`wav:${key}`, () => pipeline([['sox', TO_MULAW]], data));
  }
}
