/**
 * Observability: per-operation call counts and a bounded request log, served under
 * `/_macie-local/calls` and `/_macie-local/requests`.
 */

export interface OperationCounts {
  succeeded: number;
  /** Failed calls by error type (`ConnectionDropped` when a fault closed the connection after the change). */
  failed: Record<string, number>;
  mutating: boolean;
}

export interface CallsReport {
  operations: Record<string, OperationCounts>;
  totals: { calls: number; mutatingCalls: number };
}

export interface RequestRecord {
  seq: number;
  /** RFC 3339 time the request arrived. */
  time: string;
  operation: string;
  accountId: string | null;
  region: string | null;
  /** HTTP status answered; 0 when the connection was dropped. */
  status: number;
  errorType?: string;
  mutating: boolean;
  durationMs: number;
  labels: Record<string, string>;
  body: unknown;
}

export const REQUEST_LOG_SIZE = 5000;

export class Observer {
  private operations: Record<string, OperationCounts> = {};
  private totals = { calls: 0, mutatingCalls: 0 };
  private log: RequestRecord[] = [];
  private seq = 0;

  /** Counts and logs a call; returns its sequence number. */
  record(r: Omit<RequestRecord, "seq">): number {
    const counts = (this.operations[r.operation] ??= { succeeded: 0, failed: {}, mutating: r.mutating });
    if (r.errorType) counts.failed[r.errorType] = (counts.failed[r.errorType] ?? 0) + 1;
    else counts.succeeded++;
    this.totals.calls++;
    if (r.mutating) this.totals.mutatingCalls++;
    this.log.push({ seq: ++this.seq, ...r });
    if (this.log.length > REQUEST_LOG_SIZE) this.log.splice(0, this.log.length - REQUEST_LOG_SIZE);
    return this.seq;
  }

  calls(): CallsReport {
    return JSON.parse(JSON.stringify({ operations: this.operations, totals: this.totals }));
  }

  /** Requests with a sequence number greater than `since`, optionally of one operation only. */
  requests(since = 0, operation?: string): { requests: RequestRecord[] } {
    return { requests: this.log.filter((r) => r.seq > since && (operation === undefined || r.operation === operation)) };
  }

  reset(): void {
    this.operations = {};
    this.totals = { calls: 0, mutatingCalls: 0 };
    this.log = [];
    // seq keeps growing, so a `since` taken before a reset never hides later requests.
  }
}
