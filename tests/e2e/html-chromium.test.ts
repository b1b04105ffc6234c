// The HTML export in a real browser: Debian's headless Chromium (/usr/bin/chromium; never a
// downloaded one) opens the page for the example profile, dumps the DOM it built and takes
// screenshots at a desktop and a phone size. The page and its screenshots are copied to
// $TMPDIR/imgplan-html-chromium after the run, to look at.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { JSDOM } from 'jsdom';
import aminaYaml from '../../data/examples/profile.yaml';
import { calendarDate } from '../../src/domain/dates.js';
import { profileSchema } from '../../src/domain/profile.js';
import { referenceData } from '../../src/reference/index.js';
import { generatePlan } from '../../src/engine/index.js';
import { planToHtml } from '../../src/export/html.js';

const CHROMIUM = '/usr/bin/chromium';
const RUN_TIMEOUT_MS = 15_000;
const KEEP = path.join(os.tmpdir(), 'imgplan-html-chromium');
// Each run works in its own folder, so runs at the same time never see each other's files.
const OUT = mkdtempSync(path.join(os.tmpdir(), 'imgplan-html-'));

const plan = generatePlan({ profile: profileSchema().parse(aminaYaml), data: referenceData(), today: calendarDate('2026-11-25'), name: 'match-2028' });
const PAGE = path.join(OUT, 'plan.html');

interface ChromiumRun {
  stdout: string;
  stderr: string;
}

/** One headless Chromium run on a file, with a fresh profile; the whole process group dies after 15 s. */
function chromium(file: string, args: readonly string[]): Promise<ChromiumRun> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install chromium\` (these tests use Debian's Chromium and never download a browser)`);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'imgplan-chromium-profile-'));
  const child = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      // Console messages, CSP violations among them, go to stderr.
      '--enable-logging=stderr',
      '--v=0',
      `--user-data-dir=${profile}`,
      ...args,
      pathToFileURL(file).href,
    ],
    // Its own process group, so a timeout can end Chromium's helper processes too.
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise<ChromiumRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`chromium ${args.join(' ')} took longer than ${RUN_TIMEOUT_MS / 1000} s; stderr:\n${stderr}`));
    }, RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`chromium ${args.join(' ')} exited with ${String(code)}; stderr:\n${stderr}`));
    });
  }).finally(() => rmSync(profile, { recursive: true, force: true }));
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(file: string): { width: number; height: number } {
  const head = readFileSync(file).subarray(0, 24);
  expect(head.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

interface Layout {
  viewport: number;
  page: number;
  svg: { left: number; right: number; width: number; height: number };
  viewBox: [number, number];
  bars: { id: string; width: number; inside: boolean }[];
}

/**
 * A page that shows the plan page in an iframe `width` CSS pixels wide and, once it has loaded,
 * writes the layout it got into a data attribute for --dump-dom. An iframe because headless
 * Chromium will not make its window narrower than 500 pixels, and srcdoc so that the frame shares
 * this page's origin and can be measured. The plan page itself runs no script.
 */
function probePage(name: string, width: number, height: number): string {
  const file = path.join(OUT, `${name}-probe.html`);
  const srcdoc = planToHtml(plan).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  writeFileSync(
    file,
    `<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>body { margin: 0 } iframe { display: block; border: 0 }</style>
<script>
function measure(frame) {
  const doc = frame.contentDocument;
  const svg = doc.querySelector('svg.timeline');
  const box = svg.getBoundingClientRect();
  const bars = [...svg.querySelectorAll('rect.bar')].map((bar) => {
    const r = bar.getBoundingClientRect();
    return { id: bar.dataset.id, width: r.width, inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 };
  });
  document.body.dataset.layout = JSON.stringify({
    viewport: frame.contentWindow.innerWidth,
    page: doc.documentElement.scrollWidth,
    svg: { left: box.left, right: box.right, width: box.width, height: box.height },
    viewBox: [svg.viewBox.baseVal.width, svg.viewBox.baseVal.height],
    bars,
  });
}
</script></head>
<body><iframe width="${width}" height="${height}" onload="measure(this)" srcdoc="${srcdoc}"></iframe></body></html>
`,
  );
  return file;
}

async function layoutAt(name: string, width: number, height: number): Promise<Layout> {
  const { stdout } = await chromium(probePage(name, width, height), ['--dump-dom', `--window-size=${width},${height}`]);
  const json = new JSDOM(stdout).window.document.body.dataset['layout'];
  if (!json) throw new Error(`the probe page wrote no layout; DOM:\n${stdout.slice(0, 2000)}`);
  return JSON.parse(json) as Layout;
}

beforeAll(() => writeFileSync(PAGE, planToHtml(plan)));

afterAll(() => {
  mkdirSync(KEEP, { recursive: true });
  for (const file of ['plan.html', 'desktop.png', 'phone.png'])
    if (existsSync(path.join(OUT, file))) copyFileSync(path.join(OUT, file), path.join(KEEP, file));
  rmSync(OUT, { recursive: true, force: true });
});

describe('the HTML export in headless Chromium', () => {
  it('builds the timeline, the checklist and the warnings, and tries to load or run nothing', async () => {
    const { stdout, stderr } = await chromium(PAGE, ['--dump-dom']);
    const doc = new JSDOM(stdout).window.document;
    const ids = plan.tasks.map((t) => t.id).sort();
    expect([...doc.querySelectorAll('svg.timeline rect.bar')].map((bar) => bar.getAttribute('data-id')).sort()).toEqual(ids);
    expect([...doc.querySelectorAll('#checklist li.task .id')].map((code) => code.textContent).sort()).toEqual(ids);
    expect([...doc.querySelectorAll('#warnings .msg')].map((e) => e.textContent)).toEqual(plan.warnings.map((w) => w.message));
    expect(plan.warnings.length).toBeGreaterThan(0);
    // Any fetch or script the page attempted would be refused by its CSP and logged.
    expect(stderr).not.toMatch(/Content Security Policy|Refused to/);
  });

  it('takes a desktop screenshot (1280×2000)', async () => {
    const shot = path.join(OUT, 'desktop.png');
    await chromium(PAGE, [`--screenshot=${shot}`, '--window-size=1280,2000']);
    expect(pngSize(shot)).toEqual({ width: 1280, height: 2000 });
    // A blank page compresses to a few KB; this one has text and coloured bars.
    expect(statSync(shot).size).toBeGreaterThan(50_000);
  });

  it.each([
    ['desktop', 1280, 2000],
    ['phone', 390, 1400],
  ] as const)('fits the %s width: the timeline scales with its viewBox and every bar is drawn inside it', async (name, width, height) => {
    const layout = await layoutAt(name, width, height);
    expect(layout.viewport).toBe(width);
    expect(layout.page, 'the page scrolls sideways').toBeLessThanOrEqual(width);
    expect(layout.svg.left).toBeGreaterThanOrEqual(0);
    expect(layout.svg.right).toBeLessThanOrEqual(width);
    // It takes the width it is given (at most the page's 72rem column, less its padding), at the viewBox's proportions.
    expect(layout.svg.width).toBeGreaterThan(Math.min(width, 1152) - 40);
    expect(layout.svg.height / layout.svg.width).toBeCloseTo(layout.viewBox[1] / layout.viewBox[0], 2);
    expect(layout.bars.map((b) => b.id).sort()).toEqual(plan.tasks.map((t) => t.id).sort());
    expect(layout.bars.filter((b) => !(b.width > 0) || !b.inside)).toEqual([]);
  });

  it('takes a phone screenshot (390×1400)', async () => {
    const shot = path.join(OUT, 'phone.png');
    await chromium(probePage('phone', 390, 1400), [`--screenshot=${shot}`, '--window-size=390,1400']);
    expect(pngSize(shot)).toEqual({ width: 390, height: 1400 });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
  });
});
