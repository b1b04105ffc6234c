// Preloaded into imgplan (NODE_OPTIONS=--require this-file) by the concurrency tests: stops the
// command once, at a chosen moment of its write, and waits, so the test can edit a workspace file
// "by hand" exactly then.
//   IMGPLAN_PAUSE_DIR  a folder: the command writes `paused` there when it stops, and goes on once
//                      the test creates `go` there.
//   IMGPLAN_PAUSE_AT   lock             just before taking the workspace lock, the files read and
//                                       the change worked out;
//                      write            just before the first file is written under the lock
//                                       (imgplan's check of the files done);
//                      replace:NAME     just before the rename that replaces the file named NAME.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.IMGPLAN_PAUSE_DIR;
const at = process.env.IMGPLAN_PAUSE_AT || '';
let paused = false;

function pause() {
  paused = true;
  fs.writeFileSync(path.join(dir, 'paused'), `${process.pid}\n`);
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (fs.existsSync(path.join(dir, 'go'))) {
        clearInterval(poll);
        resolve();
      }
    }, 2);
  });
}

if (dir && at === 'lock') {
  const mkdir = fs.mkdir;
  fs.mkdir = function (p, ...rest) {
    if (!paused && String(p).endsWith('.imgplan.lock')) {
      void pause().then(() => mkdir.call(fs, p, ...rest));
      return;
    }
    return mkdir.call(fs, p, ...rest);
  };
} else if (dir && at === 'write') {
  const open = fs.promises.open;
  fs.promises.open = async function (p, flags, ...rest) {
    const exclusive = typeof flags === 'number' && (flags & fs.constants.O_EXCL) !== 0;
    if (!paused && exclusive && path.basename(String(p)).includes('.tmp-')) await pause();
    return open.call(fs.promises, p, flags, ...rest);
  };
} else if (dir && at.startsWith('replace:')) {
  const name = at.slice('replace:'.length);
  const rename = fs.promises.rename;
  fs.promises.rename = async function (from, to) {
    if (!paused && path.basename(String(to)) === name) await pause();
    return rename.call(fs.promises, from, to);
  };
} else if (dir || at) {
  throw new Error(`pause-write.cjs: IMGPLAN_PAUSE_DIR and IMGPLAN_PAUSE_AT (lock, write or replace:NAME) go together, not "${at}"`);
}
