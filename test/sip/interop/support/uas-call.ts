/** What the UAS saw of one call (one Call-ID). */
export class UasCall {
  /** INVITE server transactions created for the call: retransmissions must not add any. */
  invites = 0;
  /** 2xx ACKs the TU was handed (§13.2.2.4; a retransmitted 2xx may draw more than one). */
  acks = 0;
  /** BYE server transactions created for the call: retransmissions must not add any. */
  byes = 0;
  /** Whether a BYE for the call was answered 200. */
  byeAnswered = false;

  constructor(readonly callId: string) {}

  /** INVITE answered 2xx, its ACK received and the BYE answered 200. */
  get completed(): boolean {
    return this.invites > 0 && this.acks > 0 && this.byeAnswered;
  }
}
