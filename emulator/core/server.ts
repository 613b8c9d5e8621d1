/**
 * macie-local's HTTP server: authentication, routing, faults, the "Macie is not enabled" gate,
 * idempotency, durability and observability around the operation handlers of `../operations`.
 *
 * The order of a call: Host (and, for the admin endpoint, origin) check -> body within the size
 * limit -> route -> SigV4 (account, Region, signature) -> JSON body (media type, depth) -> 501 when
 * the operation is not implemented -> faults (latency, throttling, injected error) -> Macie
 * enabled? -> clientToken replay -> eventual consistency -> handler -> remember token, persist,
 * log, maybe drop the connection or hold the response -> respond.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import {
  MacieError,
  dict,
  emptyRegionState,
  type EmulatorConfig,
  type Operation,
  type OperationContext,
  type TaggableResourceType,
  type World,
} from "./types";
import { Router, decodePath, parseQuery, sendError, sendJson, toJson } from "./wire";
import { AuthError, parseAuthorization, verifySignature } from "./sigv4";
import { FaultEngine, FaultSettingsError } from "./faults";
import { Observer } from "./observe";
import { Holds, MAX_WAIT_MS } from "./holds";
import { HostGuard, MAX_JSON_DEPTH, isJsonMediaType, limitsOf, mediaType, nestsDeeperThan, readBody } from "./guard";
import { emptyWorld, loadWorld, saveWorld } from "./store";
import { handleSts, isStsRequest } from "../sts";
import { pauseJobAtQuota } from "../operations/jobs";
import { own } from "./records";

/** The account of callers whose access key is neither an account id nor mapped in the config. */
export const DEFAULT_ACCOUNT_ID = "000000000000";
export const ADMIN_PREFIX = "/_macie-local/";

export interface ServerOptions {
  config: EmulatorConfig;
  operations: Operation[];
  /** Optional state file: loaded at start, written atomically after each successful change. */
  statePath?: string;
  /** Print one line per request to stderr. */
  log?: boolean;
}

/** A non-mutating operation whose name says so; used for catalog entries that are not implemented. */
const READ_PREFIXES = ["Get", "List", "Describe", "BatchGet", "Search", "Test"];

export class MacieLocalServer {
  world: World;
  readonly faults: FaultEngine;
  readonly observer = new Observer();
  /** Held responses, requests in flight and the admin endpoint's long polls. */
  readonly holds = new Holds();
  private readonly router: Router;
  private readonly server: http.Server;
  /** Added to the real clock for `ctx.now` (POST /_macie-local/time), so jobs can be moved on. */
  private clockOffsetMs = 0;
  private dirty = false;
  /** The names the emulator answers for; set once it listens. */
  private guard = new HostGuard("127.0.0.1", 0);
  private flushTimer?: NodeJS.Timeout;

  constructor(private readonly options: ServerOptions) {
    this.world = (options.statePath && loadWorld(options.statePath)) || emptyWorld();
    this.faults = new FaultEngine(options.config.faults);
    this.router = new Router(options.operations);
    const limits = limitsOf(options.config);
    const httpOptions: http.ServerOptions = {
      // A client that never finishes its headers or its body (slow loris) is answered 408 and
      // closed. Node checks these every connectionsCheckingInterval, 30 s by default: far too
      // coarse for short limits.
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    };
    this.server = http.createServer(httpOptions, (req, res) => {
      this.onRequest(req, res).catch((e) => {
        // A client that goes away mid-request needs no answer.
        if (req.destroyed || e?.code === "ECONNRESET" || e?.message === "aborted") return;
        // Last resort: a bug in the wire layer itself.
        console.error("macie-local: unexpected error", e);
        if (!res.headersSent) sendError(res, 500, "InternalServerException", `macie-local internal error: ${e?.message ?? e}`);
      });
    });
    this.server.keepAliveTimeout = 5000;
  }

  get config(): EmulatorConfig {
    return this.options.config;
  }

  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        const address = this.server.address() as AddressInfo;
        this.guard = new HostGuard(host, address.port, this.config.allowedHosts);
        resolve(address);
      });
    });
  }

  async close(): Promise<void> {
    this.flush();
    this.holds.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.flush();
  }

  /** Writes the state file now if anything changed. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.dirty && this.options.statePath) {
      this.dirty = false;
      saveWorld(this.options.statePath, this.world);
    }
  }

  private markDirty(): void {
    if (!this.options.statePath) return;
    this.dirty = true;
    // Coalesce bursts of changes; close() flushes whatever is pending.
    this.flushTimer ??= setTimeout(() => this.flush(), 10);
  }

  /** Clears state, counters and the request log (or only counters and log); releases held responses. */
  reset(countersOnly = false): void {
    this.observer.reset();
    this.holds.release();
    if (!countersOnly) {
      this.world = emptyWorld();
      this.faults.resetState();
      this.clockOffsetMs = 0;
      this.markDirty();
    }
    this.holds.notify();
  }

  private onSts(req: http.IncomingMessage, rawBody: Buffer, res: http.ServerResponse): void {
    let answer;
    try {
      const cred = parseAuthorization(req.headers.authorization, "sts");
      answer = handleSts(rawBody.toString("utf8"), this.accountOf(cred.accessKeyId), cred.accessKeyId);
    } catch (e) {
      if (!(e instanceof AuthError)) throw e;
      answer = { status: e.status, body: `<ErrorResponse><Error><Type>Sender</Type><Code>${e.type}</Code><Message>${e.message.replace(/[<>&]/g, "")}</Message></Error></ErrorResponse>` };
    }
    res.writeHead(answer.status, { "content-type": "text/xml", "content-length": Buffer.byteLength(answer.body) });
    res.end(answer.body);
    if (this.options.log) console.error(`macie-local STS -> ${answer.status}`);
  }

  /** Why a request is refused before anything else (a foreign Host, or a web page at the admin endpoint), if it is. */
  private refusal(req: http.IncomingMessage, method: string, admin: boolean): string | undefined {
    const host = req.headers.host;
    if (!this.guard.hostAllowed(host)) {
      return (
        `macie-local does not answer requests for Host ${JSON.stringify(host)}: it answers for ${this.guard.describe()}. ` +
        'A name or port mapping in front of it (Docker, a proxy) goes in the config\'s "allowedHosts".'
      );
    }
    if (!admin) return undefined;
    if (!this.guard.sameOrigin(req.headers)) {
      return `The macie-local admin endpoint does not answer web pages of other origins (Origin ${JSON.stringify(req.headers.origin ?? null)}, Sec-Fetch-Site ${JSON.stringify(req.headers["sec-fetch-site"] ?? null)}).`;
    }
    const type = mediaType(req.headers["content-type"]);
    if (method !== "GET" && method !== "HEAD" && type !== undefined && type !== "application/json") {
      return `The macie-local admin endpoint takes JSON bodies only (content-type: application/json), not ${type}.`;
    }
    return undefined;
  }

  private accountOf(accessKeyId: string): string {
    if (/^\d{12}$/.test(accessKeyId)) return accessKeyId;
    return own(this.config.accessKeys, accessKeyId) ?? DEFAULT_ACCOUNT_ID;
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? "" : url.slice(q + 1);
    const method = (req.method ?? "GET").toUpperCase();
    const admin = rawPath.startsWith(ADMIN_PREFIX) || rawPath === ADMIN_PREFIX.slice(0, -1);

    // Who is asking comes first, before the body is read (see guard.ts).
    const refusal = this.refusal(req, method, admin);
    if (refusal) {
      if (this.options.log) console.error(`macie-local ${method} ${rawPath} refused: ${refusal}`);
      return sendError(res, 403, "AccessDeniedException", refusal);
    }

    const maxBodyBytes = limitsOf(this.config).maxBodyBytes;
    const read = await readBody(req, maxBodyBytes);
    const tooLarge = read === "tooLarge";
    const rawBody = tooLarge ? Buffer.alloc(0) : read;
    const tooLargeMessage = `The request body is larger than macie-local's limit of ${maxBodyBytes} bytes (limits.maxBodyBytes).`;

    if (admin) {
      if (tooLarge) return sendError(res, 413, "RequestEntityTooLargeException", tooLargeMessage);
      return this.onAdmin(method, rawPath, rawQuery, rawBody, res);
    }

    // STS at the same endpoint, so that AWS_ENDPOINT_URL can point a whole tool at macie-local.
    // STS calls are not Macie operations: they are not counted.
    if (isStsRequest(method, req.headers["content-type"], rawBody.toString("utf8"))) {
      return this.onSts(req, rawBody, res);
    }

    // Everything below is recorded in the request log and counters.
    let operation = "UnknownOperation";
    let mutating = method !== "GET";
    let accountId: string | null = null;
    let region: string | null = null;
    let labels: Record<string, string> = {};
    let body: unknown = undefined;
    const finish = (status: number, errorType?: string): number => {
      const seq = this.observer.record({
        time: new Date(started).toISOString(),
        operation,
        accountId,
        region,
        status,
        errorType,
        mutating,
        durationMs: Date.now() - started,
        labels,
        body,
      });
      if (this.options.log) {
        console.error(`macie-local ${method} ${rawPath} ${operation} ${accountId ?? "-"} ${region ?? "-"} -> ${status}${errorType ? ` ${errorType}` : ""}`);
      }
      this.holds.notify();
      return seq;
    };
    const fail = (status: number, type: string, message: string) => {
      sendError(res, status, type, message);
      finish(status, type);
    };

    // Route.
    let segments: string[];
    try {
      segments = decodePath(rawPath);
    } catch {
      return fail(400, "ValidationException", `The request path ${rawPath} is not valid percent-encoding.`);
    }
    const found = this.router.match(method, segments);
    if (tooLarge) {
      if ("route" in found) operation = found.route.name;
      return fail(413, "RequestEntityTooLargeException", tooLargeMessage);
    }
    if (!("route" in found)) {
      const hint = found.allowed.length ? ` That path accepts ${found.allowed.join(", ")}.` : "";
      return fail(404, "UnknownOperationException", `No Macie operation matches ${method} ${rawPath}.${hint}`);
    }
    const { route } = found;
    labels = found.labels;
    operation = route.name;
    const op = route.operation;
    mutating = op ? op.mutating : !READ_PREFIXES.some((p) => route.name.startsWith(p));
    const flight = { operation, accountId: null as string | null, region: null as string | null, since: new Date(started).toISOString() };
    this.holds.track(flight, res);

    // Authenticate: account and Region from SigV4.
    try {
      const cred = parseAuthorization(req.headers.authorization);
      accountId = this.accountOf(cred.accessKeyId);
      region = cred.region;
      flight.accountId = accountId;
      flight.region = region;
      const secret = own(this.config.secretKeys, cred.accessKeyId);
      if (secret !== undefined) {
        verifySignature({ method, rawPath, rawQuery, headers: req.headers, body: rawBody }, cred, secret);
      }
    } catch (e) {
      if (e instanceof AuthError) return fail(e.status, e.type, e.message);
      throw e;
    }

    // Decode the input. A body is JSON, as restJson1 services demand (415 otherwise).
    if (rawBody.length > 0) {
      const type = mediaType(req.headers["content-type"]);
      if (!isJsonMediaType(type)) {
        return fail(
          415,
          "UnsupportedMediaTypeException",
          `The request body must be JSON (content-type: application/json), not ${type ?? "a body without a content-type"}.`,
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody.toString("utf8"));
      } catch (e: any) {
        return fail(400, "ValidationException", `The request body is not valid JSON: ${e.message}`);
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        return fail(400, "ValidationException", "The request body must be a JSON object.");
      }
      if (nestsDeeperThan(parsed, MAX_JSON_DEPTH)) {
        return fail(400, "ValidationException", `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
      }
      body = parsed;
    }
    let query: Record<string, string[]>;
    try {
      query = parseQuery(rawQuery);
    } catch {
      return fail(400, "ValidationException", "The query string is not valid percent-encoding.");
    }

    if (!op) {
      return fail(
        501,
        "UnsupportedOperationException",
        `macie-local does not implement ${route.name} (${route.method} ${route.path}). See docs/emulator.md for the operations it implements.`,
      );
    }

    // Faults before the handler.
    const latency = this.faults.latencyMs(op.name);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    const nowMs = this.now().getTime();
    const throttle = this.faults.throttled(op.name, accountId, region, nowMs);
    if (throttle) {
      return fail(
        429,
        "ThrottlingException",
        `Rate exceeded for ${op.name}: ${throttle.ratePerSecond} requests per second (burst ${throttle.burst ?? 1}) in account ${accountId}, ${region}.`,
      );
    }
    const injected = this.faults.injectedError(op.name);
    if (injected) {
      const err = new MacieError(injected, `macie-local injected fault: ${injected} on ${op.name}.`);
      return fail(err.status, err.type, err.message);
    }

    // Looked up without creating: a refused call leaves no empty account or Region behind.
    if (op.requiresMacie !== false && own(own(this.world.accounts, accountId), region)?.session === undefined) {
      return fail(403, "AccessDeniedException", `Macie is not enabled in account ${accountId} in ${region}. Call EnableMacie first.`);
    }
    const ctx = this.context(accountId, region);
    const caller = ctx.scope();

    const input = { labels, query, body: (body ?? {}) as any };
    const token = op.idempotent && typeof input.body.clientToken === "string" && input.body.clientToken !== "" ? `${op.name}:${input.body.clientToken}` : undefined;
    if (token && token in caller.clientTokens) {
      sendJson(res, op.successStatus ?? 200, caller.clientTokens[token]);
      finish(op.successStatus ?? 200);
      return;
    }

    if (!op.mutating) {
      const lag = this.faults.notYetVisible(op.name, accountId, region, labels, nowMs);
      if (lag) {
        return fail(404, "ResourceNotFoundException", `The resource ${lag.id} was not found (macie-local eventual consistency: created ${lag.ageMs} ms ago).`);
      }
    }

    let result: unknown;
    try {
      result = await op.handle(ctx, input);
    } catch (e: any) {
      if (e instanceof MacieError) return fail(e.status, e.type, e.message);
      console.error(`macie-local: ${op.name} failed`, e);
      return fail(500, "InternalServerException", `macie-local internal error in ${op.name}: ${e?.message ?? e}`);
    }
    // Normalize once (Dates become RFC 3339 strings), for the token store and the answer alike.
    const response = result === undefined ? {} : JSON.parse(toJson(result));
    if (token) {
      // DisableMacie may have replaced the caller's state; store in the current one.
      ctx.scope().clientTokens[token] = response;
    }
    if (op.mutating) {
      this.faults.recordCreated(accountId, region, response, nowMs);
      this.markDirty();
    }
    const status = op.successStatus ?? 200;
    if (op.mutating && this.faults.dropAfterCommit(op.name)) {
      this.flush(); // the change is durable before the client sees the failure
      req.socket.destroy();
      finish(0, "ConnectionDropped");
      return;
    }
    if (op.mutating && this.faults.holdAfterCommit(op.name)) {
      this.flush();
      // Logged now, when committed: a test waiting on the request log sees the call while it is held.
      const seq = finish(status);
      this.holds.hold({ seq, operation, accountId, region }, res, () => sendJson(res, status, response));
      return;
    }
    sendJson(res, status, response);
    finish(status);
  }

  /** The handler's view of one call. */
  context(accountId: string, region: string): OperationContext {
    const now = this.now();
    const world = this.world;
    return {
      accountId,
      region,
      now,
      nowIso: now.toISOString(),
      world,
      config: this.config,
      scope: (a = accountId, r = region) => {
        const regions = (world.accounts[a] ??= dict());
        return (regions[r] ??= emptyRegionState());
      },
      arn: (type: TaggableResourceType, id: string) => `arn:aws:macie2:${region}:${accountId}:${type}/${id}`,
      newId: () => randomBytes(16).toString("hex"),
    };
  }

  private onAdmin(method: string, rawPath: string, rawQuery: string, rawBody: Buffer, res: http.ServerResponse): void {
    const what = rawPath.slice(ADMIN_PREFIX.length).replace(/\/$/, "");
    let body: any = {};
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody.toString("utf8"));
      } catch (e: any) {
        return sendError(res, 400, "ValidationException", `The admin request body is not valid JSON: ${e.message}`);
      }
      if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
        return sendError(res, 400, "ValidationException", `The admin request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
      }
    }
    let query: Record<string, string[]>;
    try {
      query = parseQuery(rawQuery);
    } catch {
      return sendError(res, 400, "ValidationException", "The admin query string is not valid percent-encoding.");
    }
    const route = `${method} ${what}`;
    // Long polls: `wait` (ms) answers as soon as at least `min` (default 1) items are there.
    const number = (name: string, fallback: number, max = Number.MAX_SAFE_INTEGER) => {
      const n = Number(query[name]?.[0] ?? fallback);
      return Number.isFinite(n) ? Math.min(Math.max(0, Math.floor(n)), max) : fallback;
    };
    const wait = number("wait", 0, MAX_WAIT_MS);
    const min = number("min", 1);
    const onlyOperation = query.operation?.[0];
    switch (route) {
      case "GET health":
        return sendJson(res, 200, { ok: true });
      case "GET calls":
        return sendJson(res, 200, this.observer.calls());
      case "GET requests": {
        const since = number("since", 0);
        const current = () => this.observer.requests(since, onlyOperation);
        return this.holds.longPoll(res, wait, () => current().requests.length >= min, () => sendJson(res, 200, current()));
      }
      case "GET holds": {
        const current = () => this.holds.list().filter((h) => onlyOperation === undefined || h.operation === onlyOperation);
        return this.holds.longPoll(res, wait, () => current().length >= min, () => sendJson(res, 200, { holds: current() }));
      }
      case "POST holds/release": {
        const seq = body?.seq;
        if (seq !== undefined && !Number.isInteger(seq)) {
          return sendError(res, 400, "ValidationException", 'POST /_macie-local/holds/release takes {} (all) or {"seq": n}');
        }
        const released = this.holds.release(seq);
        if (seq !== undefined && released.length === 0) {
          return sendError(res, 404, "ResourceNotFoundException", `No response with seq ${seq} is held.`);
        }
        return sendJson(res, 200, { released });
      }
      case "GET inflight": {
        const current = () => this.holds.inFlight().filter((r) => onlyOperation === undefined || r.operation === onlyOperation);
        return this.holds.longPoll(res, wait, () => current().length >= min, () => sendJson(res, 200, { requests: current() }));
      }
      case "GET state":
        return sendJson(res, 200, this.world);
      case "POST reset":
        this.reset(body?.counters === true);
        return sendJson(res, 200, { reset: body?.counters === true ? "counters" : "all" });
      case "GET faults":
        return sendJson(res, 200, this.faults.get());
      case "PUT faults":
        try {
          this.faults.set(body);
        } catch (e) {
          if (e instanceof FaultSettingsError) return sendError(res, 400, "ValidationException", e.message);
          throw e;
        }
        // New settings start from a clean slate: nothing stays held by the old ones.
        this.holds.release();
        return sendJson(res, 200, this.faults.get());
      case "GET time":
        return sendJson(res, 200, { now: this.now().toISOString(), offsetMs: this.clockOffsetMs });
      case "POST time": {
        const { advanceMs, offsetMs } = body ?? {};
        if (typeof advanceMs === "number" && Number.isFinite(advanceMs)) this.clockOffsetMs += advanceMs;
        else if (typeof offsetMs === "number" && Number.isFinite(offsetMs)) this.clockOffsetMs = offsetMs;
        else return sendError(res, 400, "ValidationException", 'POST /_macie-local/time takes {"advanceMs": n} or {"offsetMs": n}');
        return sendJson(res, 200, { now: this.now().toISOString(), offsetMs: this.clockOffsetMs });
      }
      case "POST jobs/pause": {
        // Macie pauses a job when a run would exceed a quota; only the service reaches PAUSED.
        const { accountId, region, jobId } = body ?? {};
        if (![accountId, region, jobId].every((v) => typeof v === "string" && v !== "")) {
          return sendError(res, 400, "ValidationException", 'POST /_macie-local/jobs/pause takes {"accountId", "region", "jobId"}');
        }
        try {
          const job = pauseJobAtQuota(this.world, accountId, region, jobId, this.now(), this.config);
          this.markDirty();
          return sendJson(res, 200, job);
        } catch (e) {
          if (e instanceof MacieError) return sendError(res, e.status, e.type, e.message);
          throw e;
        }
      }
      default:
        return sendError(
          res,
          404,
          "UnknownOperationException",
          `No macie-local admin endpoint ${method} ${rawPath}. Known: GET calls, GET requests?since=&wait=&min=&operation=, GET holds, POST holds/release, GET inflight, GET state, POST reset, GET|PUT faults, GET|POST time, POST jobs/pause, GET health (under ${ADMIN_PREFIX}).`,
        );
    }
  }
}
