import {
  createRequest,
  createResponse,
  nameAddr,
  sipUri,
  via,
  type ClientTransactionHandler,
  type MessageSource,
  type ServerInviteTransaction,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  type TransactionError,
  type TransactionUser,
} from '../../../../src/sip/index.ts';

let counter = 0;

export const alice: MessageSource = { transport: 'udp', address: '192.0.2.10', port: 5060 };
export const bob: MessageSource = { transport: 'udp', address: '192.0.2.20', port: 5060 };

/** A request as alice sends it, over UDP unless told; `branch` null leaves the branch out (RFC 2543). */
export function request(method: string, options: { transport?: 'UDP' | 'TCP'; branch?: string | null } = {}): SipRequest {
  counter++;
  const branch = options.branch === null ? {} : { branch: options.branch ?? `z9hG4bK-t${counter}` };
  return createRequest({
    method,
    uri: sipUri({ user: 'bob', host: bob.address }),
    via: via({ transport: options.transport ?? 'UDP', host: alice.address, port: alice.port, ...branch }),
    from: nameAddr(sipUri({ user: 'alice', host: alice.address }), { params: new Map([['tag', `from${counter}`]]) }),
    to: nameAddr(sipUri({ user: 'bob', host: bob.address })),
    callId: `call${counter}@test`,
    cseq: 1,
  });
}

export function response(to: SipRequest, status: number, toTag = 'bobtag'): SipResponse {
  return createResponse(to, status, { toTag });
}

/** A client handler that records what it is told. */
export class RecordingHandler implements ClientTransactionHandler {
  readonly responses: SipResponse[] = [];
  readonly failures: TransactionError[] = [];
  terminated = false;

  onResponse(response: SipResponse): void {
    this.responses.push(response);
  }

  onFailure(error: TransactionError): void {
    this.failures.push(error);
  }

  onTerminated(): void {
    this.terminated = true;
  }

  get statuses(): number[] {
    return this.responses.map((r) => r.status);
  }
}

/** A TU that records what the layer hands it. */
export class RecordingUser implements TransactionUser {
  readonly requests: ServerTransaction[] = [];
  readonly acks: SipRequest[] = [];
  readonly cancels: ServerInviteTransaction[] = [];
  readonly strays: SipResponse[] = [];
  readonly errors: TransactionError[] = [];

  onRequest(transaction: ServerTransaction): void {
    this.requests.push(transaction);
  }

  onAck(ack: SipRequest): void {
    this.acks.push(ack);
  }

  onStrayResponse(response: SipResponse): void {
    this.strays.push(response);
  }

  onTransactionError(error: TransactionError): void {
    this.errors.push(error);
  }
}

/** A TU that also takes CANCELs itself. */
export class CancellingUser extends RecordingUser {
  onCancel(invite: ServerInviteTransaction): void {
    this.cancels.push(invite);
  }
}
