import { buildApp } from '../api/app.ts';
import { LiveRouting } from '../api/live-routing.ts';
import { bootstrap, describeBootstrap } from './bootstrap.ts';
import type { Config } from './config.ts';
import { openConfiguredStore } from './open.ts';

export interface RunningServer {
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  stop(): Promise<void>;
}

/** `ringroute serve`: the HTTP API and dashboard on one process, with the store and the live routing snapshot. */
export async function serve(config: Config, out: (line: string) => void): Promise<RunningServer> {
  const { store, migrations } = await openConfiguredStore(config);
  try {
    if (migrations.length > 0) out(`Database ${config.database.kind}: applied migrations ${migrations.join(', ')}`);
    const first = await bootstrap(store, config);
    const live = await LiveRouting.follow(store);
    const app = await buildApp({
      store,
      live,
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    });
    // While stopping, answers tell keep-alive clients to close: otherwise an idle keep-alive connection
    // would hold the shutdown open until its timeout.
    let stopping = false;
    app.addHook('onSend', async (_request, reply, payload) => {
      if (stopping) reply.header('connection', 'close');
      return payload;
    });
    await app.listen({ host: config.http.host, port: config.http.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
    const url = `http://${host}:${port}`;
    const intro = describeBootstrap(first, url);
    if (intro) out(intro);
    out(`ringroute listening on ${url} (API reference: ${url}/docs, ${live.current().numberCount} numbers routed)`);
    return {
      url,
      async stop() {
        stopping = true;
        await app.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
