// Baseline for the ingest benchmark: a bare Fastify route that parses the same JSON and answers with a
// similar object, storing nothing. Run by bench/sms-ingest.js as a child process.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/sms', async (request) => {
  const { from, to, body } = request.body;
  return { trackingId: randomUUID(), createdAt: new Date().toISOString(), from, to, body, status: 'Queued' };
});
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`listening ${address}`);
