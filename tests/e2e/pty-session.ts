// The built binary in a real pseudo-terminal (120 × 40), answered key by key the way a person
// would: shared by the interview tests (init, log add). Each test file calls
// `afterEach(killSessions)` so that a failed test does not leave a prompt waiting for keys.
import { spawn, type IPty } from '@lydell/node-pty';
import { stripVTControlCharacters } from 'node:util';
import { BIN, ROOT, VirtualScreen, assertBuilt, baseEnv, makeTemp } from './helpers.js';

export const ENTER = '\r';
export const DOWN = '\x1b[B';
export const CTRL_C = '\x03';
/** How long `waitFor` waits for a text before failing. */
export const WAIT_MS = 10_000;

const COLS = 120;
const ROWS = 40;

export interface PtySession {
  /** Everything written so far, raw (with escapes). */
  raw(): string;
  /** Everything written so far, escapes removed. */
  screen(): string;
  /** What the terminal shows now. */
  current(): string;
  /** Waits until `text` appears in what was written since the last key sent; fails with the screen after 10 s. */
  waitFor(text: string): Promise<void>;
  /** Sends keys, one write each, a moment apart, as typed. */
  press(...keys: string[]): Promise<void>;
  /** Waits for the question, then types `keys` and enter. */
  answer(question: string, ...keys: string[]): Promise<void>;
  exited: Promise<{ exitCode: number; signal?: number }>;
  pty: IPty;
}

const sessions: IPty[] = [];

/** Kills every session still running (for afterEach). */
export function killSessions(): void {
  for (const p of sessions.splice(0))
    try {
      p.kill();
    } catch {
      // already gone
    }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `node bin/imgplan.cjs ...args` in a pseudo-terminal from the repository root, in a clean environment with `env` over it. */
export function startSession(args: readonly string[], env: Record<string, string> = {}): PtySession {
  assertBuilt();
  const pty = spawn(process.execPath, [BIN, ...args], { name: 'xterm-256color', cols: COLS, rows: ROWS, cwd: ROOT, env: { ...baseEnv(makeTemp('home')), ...env } });
  sessions.push(pty);
  let buf = '';
  let mark = 0;
  let done = false;
  const vt = new VirtualScreen(COLS, ROWS);
  pty.onData((d) => {
    buf += d;
    vt.write(d);
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) =>
    pty.onExit((e) => {
      done = true;
      resolve(e);
    }),
  );
  const session: PtySession = {
    raw: () => buf,
    screen: () => stripVTControlCharacters(buf),
    current: () => vt.text(),
    async waitFor(text) {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        if (stripVTControlCharacters(buf.slice(mark)).includes(text)) return;
        if (done) await sleep(50); // let the last output arrive
        if (stripVTControlCharacters(buf.slice(mark)).includes(text)) return;
        if (done || Date.now() > deadline)
          throw new Error(`"${text}" did not appear within ${WAIT_MS / 1000} s${done ? ' (the program exited)' : ''}; the screen:\n${vt.text()}`);
        await sleep(20);
      }
    },
    async press(...keys) {
      for (const key of keys) {
        mark = buf.length;
        pty.write(key);
        await sleep(30);
      }
    },
    async answer(question, ...keys) {
      await session.waitFor(question);
      await session.press(...keys, ENTER);
    },
    exited,
    pty,
  };
  return session;
}
