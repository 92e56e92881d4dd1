import { buildApp } from '../api/app.ts';
import { LiveRouting } from '../api/live-routing.ts';
import { LiveDialPlan } from '../api/live-dial-plan.ts';
import { DeviceRegistrar, type DeviceDirectory } from '../calls/device-registrar.ts';
import { InternalCallDoor } from '../calls/internal-call-door.ts';
import { outboundTrunkOf } from '../calls/outbound-trunk.ts';
import { emergencyCallbackOf } from '../calls/emergency-callback.ts';
import { resolveDigits } from '../dialplan/index.ts';
import { sipRealm } from '../domain/device-credentials.ts';
import type { Store } from '../store/store.ts';
import { randomBytes } from 'node:crypto';
import { CachedTrunkLookup } from '../calls/cached-trunk-lookup.ts';
import { CallControl } from '../calls/call-control.ts';
import { SipFrontDoor } from '../calls/sip-front-door.ts';
import { registeredContacts } from '../calls/user-contacts.ts';
import { advertisedHost } from './advertised-host.ts';
import { SipTransport, TransactionLayer } from '../sip/index.ts';
import { bootstrap, describeBootstrap } from './bootstrap.ts';
import type { Config } from './config.ts';
import { openConfiguredStore } from './open.ts';

export interface RunningServer {
  readonly url: string;
  /** The SIP address actually bound (UDP and TCP), or null when SIP is off. */
  readonly sip: { readonly host: string; readonly port: number } | null;
  /** Call control, when SIP is on: calls in progress and post-dial delays. */
  readonly calls: CallControl | null;
  /** Stops SIP, stops accepting HTTP, lets in-flight requests finish, closes the database. */
  stop(): Promise<void>;
}

/**
 * `ringroute serve`: the HTTP API and dashboard on one process, with the store and the live routing
 * snapshot, and SIP (UDP and TCP) answered by the front door.
 */
export async function serve(config: Config, out: (line: string) => void): Promise<RunningServer> {
  const { store, migrations } = await openConfiguredStore(config);
  const sipTransport = new SipTransport();
  try {
    if (migrations.length > 0) out(`Database ${config.database.kind}: applied migrations ${migrations.join(', ')}`);
    const first = await bootstrap(store, config);
    const live = await LiveRouting.follow(store);
    const dialPlan = await LiveDialPlan.follow(store);
    const calls = config.sip
      ? new CallControl({
          routing: { current: () => live.current(), presentCaller: (organizationId, e164) => dialPlan.presentCaller(organizationId, e164) },
          records: store.calls,
          address: () => {
            const local = sipTransport.local;
            return { host: advertisedHost(local?.host ?? '127.0.0.1'), port: local?.port ?? 5060 };
          },
          onError: (error, context) => app.log.error({ err: error }, `calls: ${context}`),
          users: registeredContacts(store.registrations),
        })
      : null;
    const app = await buildApp({
      store,
      live,
      ...(calls ? { calls } : {}),
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    });
    // While stopping, answers tell keep-alive clients to close: otherwise an idle keep-alive connection
    // would hold the shutdown open until its timeout.
    let stopping = false;
    app.addHook('onSend', async (_request, reply, payload) => {
      if (stopping) reply.header('connection', 'close');
      return payload;
    });
    let sip: RunningServer['sip'] = null;
    if (config.sip && calls) {
      const trunks = new CachedTrunkLookup(store.trunks);
      store.onChange((changes) => {
        if (changes.some((change) => change.resourceType === 'trunk')) trunks.invalidate();
      });
      const registrar = new DeviceRegistrar({
        directory: storeDeviceDirectory(store),
        realm: sipRealm,
        secret: config.sipSecret ?? randomBytes(32).toString('base64url'),
        algorithms: config.sipDigestAlgorithms,
      });
      const layer = new TransactionLayer({
        transport: sipTransport,
        // §17.2.1: skip the 100 Trying when the B2BUA relays a 180 (or answers) within 200 ms.
        timers: { trying: 200 },
        user: new SipFrontDoor({
          trunks,
          calls,
          registrar,
          devices: new InternalCallDoor({
            registrar,
            dialPlan: {
              route: async (organizationId, userId, digits) => {
                const index = await dialPlan.load(organizationId);
                if (!index) return null;
                const user = index.user(userId);
                return { result: resolveDigits(index, { kind: 'user', userId }, digits), displayName: user?.displayName ?? 'Colleague', esn: user?.esn ?? null };
              },
            },
            // The snapshot holds organizations with numbers; one whose phones only call each other is read from the store.
            organization: async (organizationId) => live.current().organization(organizationId)?.organization ?? (await store.organizations.get(organizationId)) ?? undefined,
            trunkOf: (organizationId) => outboundTrunkOf(store, organizationId),
            emergencyCallback: (organizationId, userId) => emergencyCallbackOf(store, organizationId, userId),
            calls,
          }),
          onLookupError: (error, request) => app.log.error({ err: error, callId: request.callId }, 'SIP: trunk lookup failed'),
        }),
      });
      calls.attach(layer);
      try {
        sip = await sipTransport.listen(config.sip);
      } catch (error) {
        // Say which setting to change: "bind EADDRINUSE" alone does not say it was SIP's port.
        const detail = error instanceof Error ? error.message : String(error);
        await app.close();
        throw new Error(`SIP_ADDR ${hostPort(config.sip.host, config.sip.port)}: cannot listen (${detail}); choose another host:port, or off`);
      }
    }
    try {
      await app.listen({ host: config.http.host, port: config.http.port });
    } catch (error) {
      await app.close();
      throw error;
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    const url = `http://${hostPort(config.http.host, port)}`;
    const intro = describeBootstrap(first, url);
    if (intro) out(intro);
    if (sip) out(`SIP listening on udp+tcp ${hostPort(sip.host, sip.port)}`);
    out(`ringroute listening on ${url} (API reference: ${url}/docs, ${live.current().numberCount} numbers routed)`);
    return {
      url,
      sip,
      calls,
      async stop() {
        stopping = true;
        await calls?.close();
        await sipTransport.close();
        await app.close();
        await store.close();
      },
    };
  } catch (error) {
    await sipTransport.close();
    await store.close();
    throw error;
  }
}

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Users' SIP devices and their registrations, as the store keeps them. */
function storeDeviceDirectory(store: Store): DeviceDirectory {
  return {
    async findDevice(username) {
      const owner = await store.users.findDeviceByUsername(username);
      return owner ? { organizationId: owner.organizationId, userId: owner.user.id, deviceId: owner.device.id, ha1: owner.device.ha1 } : undefined;
    },
    bindings: (username) => store.registrations.get(username),
    saveBindings: (device, username, bindings) =>
      bindings.length === 0
        ? store.registrations.remove(username)
        : store.registrations.put(username, { organizationId: device.organizationId, userId: device.userId, deviceId: device.deviceId }, bindings),
  };
}
