// Preloaded into imgplan (NODE_OPTIONS=--require this-file) by the kill loop: numbers every call
// that changes the disk (creating, writing, syncing, renaming, removing a file or folder, async,
// callback or sync alike), so that a kill can land just before any one of them. A timer can only
// aim at a write of a few milliseconds; this hits every step of it, the last rename included.
//   IMGPLAN_KILL_AT=n       SIGKILL this process just before the n-th such call;
//   IMGPLAN_KILL_COUNT=FILE write there, at exit, how many calls there were (the run to calibrate).
'use strict';
const fs = require('node:fs');

const at = Number(process.env.IMGPLAN_KILL_AT || 0);
const countFile = process.env.IMGPLAN_KILL_COUNT;
let calls = 0;

function step() {
  calls++;
  if (calls === at) process.kill(process.pid, 'SIGKILL');
}

function wrap(owner, names) {
  for (const name of names) {
    const original = owner[name];
    if (typeof original !== 'function') continue;
    owner[name] = function counted(...args) {
      step();
      return original.apply(this, args);
    };
  }
}

const CHANGES = ['mkdir', 'writeFile', 'appendFile', 'rename', 'rm', 'rmdir', 'unlink', 'chmod', 'copyFile', 'utimes', 'symlink', 'truncate'];
wrap(fs, CHANGES);
wrap(fs, CHANGES.map((n) => `${n}Sync`));
wrap(fs.promises, CHANGES);

// Opening for writing changes the disk (a new file); a file handle's writes and syncs too. The
// FileHandle class is not exported: its prototype is wrapped at the first handle opened.
const WRITE_FLAGS = fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_APPEND;
const writes = (flags) => (typeof flags === 'number' ? (flags & WRITE_FLAGS) !== 0 : typeof flags === 'string' && flags !== 'r');
let handlesWrapped = false;
const open = fs.promises.open;
fs.promises.open = async function countedOpen(file, flags, ...rest) {
  if (writes(flags)) step();
  const handle = await open.call(this, file, flags, ...rest);
  if (!handlesWrapped) {
    handlesWrapped = true;
    wrap(Object.getPrototypeOf(handle), ['write', 'writeFile', 'appendFile', 'sync', 'datasync', 'truncate']);
  }
  return handle;
};
for (const name of ['open', 'openSync']) {
  const original = fs[name];
  fs[name] = function countedOpen(file, flags, ...rest) {
    if (writes(flags)) step();
    return original.call(this, file, flags, ...rest);
  };
}

if (countFile) process.on('exit', () => fs.writeFileSync(countFile, String(calls)));
