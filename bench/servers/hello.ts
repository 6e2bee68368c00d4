import Fastify from 'fastify';
import { closeOnSignal, tellParent } from './protocol.ts';

// The floor any Fastify app on this machine stands on: one route, no plugins, no logging.
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (!address || typeof address !== 'object') throw new Error('not listening');
closeOnSignal(() => app.close());
tellParent({ port: address.port });
