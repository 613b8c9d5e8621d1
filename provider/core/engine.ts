/**
 * Nothing after death: the dynamic-provider plugin stops when the engine that started it is gone.
 *
 * When the `pulumi` CLI is killed (a cancelled CI job), its plugins are not: the plugin process is
 * started through a shell script, so it is not even reparented, and its retries and waits would go
 * on creating things nobody records. The engine passes the plugin its own gRPC address as the first
 * argument. While the plugin serves, that address accepts connections; once the CLI is gone, it
 * refuses them. A probe every second notices, and the plugin exits: every retry, wait and pending
 * call ends with it, and no Macie call is made more than about two seconds after the engine died.
 *
 * Outside the plugin (unit tests, the Automation API's own process) nothing is watched.
 */
import * as net from "node:net";

const PROBE_EVERY_MS = 1000;
/** Refusals in a row before the engine counts as gone (one could be a blip under load). */
const REFUSALS_TO_STOP = 2;

/** The engine's address when this process is the dynamic-provider plugin, else undefined. */
export function engineAddress(argv: readonly string[] = process.argv): string | undefined {
  const [, script, address] = argv;
  if (!script || !/dynamic-provider/.test(script)) return undefined;
  return address && /^[^\s]+:\d+$/.test(address) ? address : undefined;
}

/** Splits `host:port` (IPv6 hosts in brackets). */
function hostAndPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(":");
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ""), port: Number(address.slice(i + 1)) };
}

/** Resolves "refused" when nothing listens at the address any more, else "alive" (errors other than a refusal count as alive). */
export function probe(address: string, timeoutMs = 2000): Promise<"alive" | "refused"> {
  const { host, port } = hostAndPort(address);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: "alive" | "refused") => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done("alive")); // a slow answer is not a dead engine
    socket.once("connect", () => done("alive"));
    socket.once("error", (e: NodeJS.ErrnoException) => done(e.code === "ECONNREFUSED" ? "refused" : "alive"));
  });
}

let watching = false;

/**
 * Starts watching the engine, once per process, when this process is the plugin. `onGone`
 * defaults to exiting the process.
 */
export function watchEngine(onGone: (address: string) => void = defaultOnGone, address = engineAddress()): void {
  if (watching || !address) return;
  watching = true;
  let refusals = 0;
  const timer = setInterval(async () => {
    refusals = (await probe(address)) === "refused" ? refusals + 1 : 0;
    if (refusals >= REFUSALS_TO_STOP) {
      clearInterval(timer);
      onGone(address);
    }
  }, PROBE_EVERY_MS);
  timer.unref(); // never keeps the plugin alive on its own
}

function defaultOnGone(address: string): void {
  console.error(`pulumi-macie: the Pulumi engine at ${address} is gone; stopping this provider plugin so that no Macie call outlives it`);
  process.exit(1);
}
