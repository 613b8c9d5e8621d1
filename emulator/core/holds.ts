/**
 * What a chaos test waits on, without sleeping: responses held after their change was committed
 * (the `holdAfterCommit` fault), the requests being handled, and long polls of the admin endpoint
 * that answer as soon as a condition holds.
 */
import type { ServerResponse } from "node:http";

/** A response held by `holdAfterCommit`, as `GET /_macie-local/holds` lists it. */
export interface HeldRequest {
  /** Sequence number of the call in the request log (it is logged when committed). */
  seq: number;
  operation: string;
  accountId: string;
  region: string;
  /** When the hold began (RFC 3339, the real clock). */
  since: string;
  /** False once the client has closed its connection; releasing it then sends nothing. */
  clientConnected: boolean;
}

/** A request being handled (routed, not yet answered), as `GET /_macie-local/inflight` lists it. */
export interface InFlightRequest {
  operation: string;
  accountId: string | null;
  region: string | null;
  /** When the request arrived (RFC 3339, the real clock). */
  since: string;
}

interface Hold {
  view: HeldRequest;
  send: () => void;
}

/** The longest wait a long poll may ask for (ms), so that no request hangs forever. */
export const MAX_WAIT_MS = 300_000;

export class Holds {
  private readonly held = new Map<number, Hold>();
  private readonly flying = new Set<InFlightRequest>();
  /** Long polls: their check, and how to cancel them. */
  private readonly waiters = new Map<() => void, () => void>();

  /** Holds `res` until released; `send` writes the committed answer. */
  hold(view: Omit<HeldRequest, "clientConnected" | "since">, res: ServerResponse, send: () => void): void {
    const hold: Hold = { view: { ...view, since: new Date().toISOString(), clientConnected: true }, send };
    this.held.set(view.seq, hold);
    res.on("close", () => {
      // 'close' also follows a normal send; only a close before the release means the client left.
      if (this.held.get(view.seq) === hold) {
        hold.view.clientConnected = false;
        this.notify();
      }
    });
    this.notify();
  }

  list(): HeldRequest[] {
    return [...this.held.values()].map((h) => ({ ...h.view })).sort((a, b) => a.seq - b.seq);
  }

  /** Sends the held responses (all, or the one with `seq`); returns the sequence numbers released. */
  release(seq?: number): number[] {
    const chosen = seq === undefined ? [...this.held.keys()] : this.held.has(seq) ? [seq] : [];
    for (const s of chosen) {
      const hold = this.held.get(s)!;
      this.held.delete(s);
      if (hold.view.clientConnected) hold.send();
    }
    if (chosen.length > 0) this.notify();
    return chosen.sort((a, b) => a - b);
  }

  /** Registers a routed request until its response is finished (or its connection closed). */
  track(request: InFlightRequest, res: ServerResponse): void {
    this.flying.add(request);
    res.on("close", () => {
      this.flying.delete(request);
      this.notify();
    });
    this.notify();
  }

  inFlight(): InFlightRequest[] {
    return [...this.flying].map((r) => ({ ...r }));
  }

  /**
   * Answers `res` with `answer()` as soon as `ready()` is true, or after `waitMs` at the latest.
   * Re-evaluated on every `notify()`.
   */
  longPoll(res: ServerResponse, waitMs: number, ready: () => boolean, answer: () => void): void {
    if (waitMs <= 0 || ready()) return answer();
    const cancel = () => {
      clearTimeout(timer);
      this.waiters.delete(check);
    };
    const finish = () => {
      if (!this.waiters.has(check)) return;
      cancel();
      if (!res.destroyed) answer();
    };
    const check = () => {
      if (ready()) finish();
    };
    const timer = setTimeout(finish, Math.min(waitMs, MAX_WAIT_MS));
    this.waiters.set(check, cancel);
    // A poller that goes away needs no answer.
    res.on("close", cancel);
  }

  /** Something changed (a call was logged, a hold began or ended, a request came or went). */
  notify(): void {
    for (const check of [...this.waiters.keys()]) check();
  }

  /** On stop: forget holds and waiters (their connections are being closed). */
  clear(): void {
    this.held.clear();
    for (const cancel of [...this.waiters.values()]) cancel();
  }
}
