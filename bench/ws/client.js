// WebSocket load client for bench/run-websocket.sh (node + Debian's node-ws).
//   node client.js echo URL CONNS SECONDS SIZE
//     CONNS WebSockets, each sends a SIZE-byte text message and waits for its echo, again and
//     again for SECONDS; prints "round_trips <n> seconds <s> errors <e>". Echoes are checked
//     byte-exact.
//   node client.js fanout URL CONNS MESSAGES
//     CONNS WebSockets open; the first sends "go:MESSAGES" and every client counts the
//     broadcast messages it receives until it has MESSAGES; prints
//     "delivered <n> seconds <s> errors <e>" (n = CONNS x MESSAGES when nothing was lost).
'use strict';
const WebSocket = require('ws');
const [mode, url, connsArg, a4, a5] = process.argv.slice(2);
const conns = parseInt(connsArg, 10);
let errors = 0;

function openAll(n) {
    return Promise.all(Array.from({length: n}, () => new Promise((resolve, reject) => {
        const ws = new WebSocket(url, {perMessageDeflate: false});
        ws.on('open', () => resolve(ws));
        ws.on('error', reject);
    })));
}

async function echo(seconds, size) {
    const payload = 'x'.repeat(size);
    const sockets = await openAll(conns);
    let trips = 0;
    const end = Date.now() + seconds * 1000;
    const t0 = process.hrtime.bigint();
    await Promise.all(sockets.map(ws => new Promise(resolve => {
        ws.on('message', (data) => {
            if (data.toString() !== payload) errors++;
            trips++;
            if (Date.now() < end) ws.send(payload);
            else resolve();
        });
        ws.on('close', resolve);
        ws.send(payload);
    })));
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(`round_trips ${trips} seconds ${s.toFixed(3)} errors ${errors}`);
    sockets.forEach(ws => ws.terminate());
}

async function fanout(messages) {
    const sockets = await openAll(conns);
    let delivered = 0;
    let t0;
    await Promise.all(sockets.map((ws, i) => new Promise(resolve => {
        let got = 0;
        ws.on('message', () => {
            got++;
            delivered++;
            if (got === messages) resolve();
        });
        ws.on('close', resolve);
        if (i === conns - 1) {
            t0 = process.hrtime.bigint();
            sockets[0].send('go:' + messages);
        }
    })));
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(`delivered ${delivered} seconds ${s.toFixed(3)} errors ${errors}`);
    sockets.forEach(ws => ws.terminate());
}

const timer = setTimeout(() => { console.log('timeout'); process.exit(2); }, 120000);
(mode === 'echo' ? echo(parseFloat(a4), parseInt(a5, 10)) : fanout(parseInt(a4, 10)))
    .then(() => { clearTimeout(timer); process.exit(errors ? 1 : 0); })
    .catch(e => { console.log('error ' + e.message); process.exit(1); });
