// The overhead benchmark's Node service: POST /work parses a JSON body, does a fixed amount of
// CPU work (about 1 ms on the bench machine) and makes one outgoing HTTP call to DOWNSTREAM_URL.
// Plain code, no tracing: `tracekit init` (or the zero-code agent) adds it.
const crypto = require('node:crypto');
const http = require('node:http');
const express = require('express');

const port = Number(process.env.PORT || 3000);
const downstream = new URL(process.env.DOWNSTREAM_URL || 'http://127.0.0.1:3001/');
// Fixed work, not a timed loop: every config does the same CPU work per request (the default
// rounds take about 1 ms of CPU on the bench machine: sha256 costs differ per language).
const rounds = Number(process.env.WORK_ROUNDS || 350);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function work(seed) {
  let h = Buffer.from(seed);
  for (let i = 0; i < rounds; i++) h = crypto.createHash('sha256').update(h).update(seed).digest();
  return h.toString('hex');
}

function callDownstream() {
  return new Promise((resolve, reject) => {
    const req = http.get(downstream, { agent, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('downstream timed out')));
    req.on('error', reject);
  });
}

const app = express();
app.use(express.json());
app.get('/healthz', (_req, res) => res.send('ok'));
app.post('/work', async (req, res) => {
  const items = Array.isArray(req.body.items) ? req.body.items : [];
  const digest = work(JSON.stringify(items));
  try {
    const stock = JSON.parse(await callDownstream());
    res.json({ digest, items: items.length, stock });
  } catch (err) {
    res.status(502).json({ error: String(err) });
  }
});
app.listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
