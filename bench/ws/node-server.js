// The reference for bench/run-websocket.sh: node's ws (Debian node-ws) doing what
// trident-server.php does — echo every message, and on "go:N" broadcast N messages to every
// client. One process (node is single-threaded); compare with one Trident worker.
'use strict';
const WebSocket = require('ws');
const port = parseInt(process.argv[2], 10);
const wss = new WebSocket.WebSocketServer({host: '127.0.0.1', port, perMessageDeflate: false});
wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
        const s = data.toString();
        if (s.startsWith('go:')) {
            const n = parseInt(s.slice(3), 10);
            for (let i = 0; i < n; i++) {
                const m = 'broadcast ' + i;
                for (const c of wss.clients) c.send(m);
            }
            return;
        }
        ws.send(data, {binary: isBinary});
    });
});
wss.on('listening', () => console.log('listening'));
