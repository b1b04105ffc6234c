// Preloaded into imgplan (NODE_OPTIONS=--require this-file) by tests/e2e/privacy.test.ts: every
// way a Node program reaches the network (and child processes, which could do it for it) is
// replaced by a trap that records the call in $IMGPLAN_NET_LOG, then throws. The trap also writes
// one `loaded` line per process, so the test can tell that it was in place in every run.
'use strict';
const fs = require('node:fs');

const log = process.env.IMGPLAN_NET_LOG;
if (!log) throw new Error('network-trap.cjs needs IMGPLAN_NET_LOG, the file to record calls in');
const record = (line) => fs.appendFileSync(log, `${line}\n`);
record(`loaded ${process.pid} ${JSON.stringify(process.argv.slice(2))}`);

function trap(owner, name, label) {
  const original = owner[name];
  if (typeof original !== 'function') return;
  owner[name] = function trapped() {
    const stack = new Error().stack.split('\n').slice(2, 6).map((l) => l.trim()).join(' < ');
    record(`call ${process.pid} ${label} ${stack}`);
    throw new Error(`imgplan network trap: ${label} is not allowed`);
  };
}

const net = require('node:net');
for (const name of ['connect', 'createConnection', 'createServer']) trap(net, name, `net.${name}`);
trap(net.Socket.prototype, 'connect', 'net.Socket#connect');
trap(net.Server.prototype, 'listen', 'net.Server#listen');

const tls = require('node:tls');
for (const name of ['connect', 'createServer']) trap(tls, name, `tls.${name}`);

for (const mod of ['http', 'https']) {
  const m = require(`node:${mod}`);
  for (const name of ['request', 'get', 'createServer']) trap(m, name, `${mod}.${name}`);
}
const http2 = require('node:http2');
for (const name of ['connect', 'createServer', 'createSecureServer']) trap(http2, name, `http2.${name}`);

const dgram = require('node:dgram');
trap(dgram, 'createSocket', 'dgram.createSocket');

const dns = require('node:dns');
const lookups = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse'];
for (const name of lookups) {
  trap(dns, name, `dns.${name}`);
  trap(dns.promises, name, `dns.promises.${name}`);
}
trap(dns.Resolver.prototype, 'resolve', 'dns.Resolver#resolve');

for (const name of ['fetch', 'WebSocket', 'EventSource']) if (typeof globalThis[name] === 'function') trap(globalThis, name, `globalThis.${name}`);

// A child process could reach the network where this trap cannot see it.
const childProcess = require('node:child_process');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) trap(childProcess, name, `child_process.${name}`);
