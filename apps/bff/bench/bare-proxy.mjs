/**
 * The bench's reference point: the least a proxy can do on this machine. Fastify with no plugins, forwarding
 * `GET /api/zones?…` to the sandbox over node:http keep-alive (as the BFF's transport does) and sending the body back
 * as text: no session, no validation, no budget, no cache, no log, no metrics, no headers of its own.
 * Not part of the product. Env: BARE_PORT, UPSTREAM (base URL ending in /client/v4), TOKEN.
 */
import http from 'node:http';
import Fastify from 'fastify';

const upstream = new URL(process.env.UPSTREAM);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const app = Fastify({ logger: false });

app.get('/api/zones', (request, reply) => {
  const query = request.url.slice(request.url.indexOf('?')).replace('account_id=', 'account.id=');
  const req = http.request(
    {
      hostname: upstream.hostname,
      port: upstream.port,
      path: `${upstream.pathname}/zones${query}`,
      agent,
      headers: { authorization: `Bearer ${process.env.TOKEN}`, accept: 'application/json' },
    },
    (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => reply.code(res.statusCode ?? 502).type('application/json').send(Buffer.concat(chunks).toString('utf8')));
    },
  );
  req.on('error', (error) => reply.code(502).send({ error: String(error) }));
  req.end();
  return reply;
});

app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.BARE_PORT) });
