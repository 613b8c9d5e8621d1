/**
 * The plugin's watch on the engine that started it (provider/core/engine.ts), against a real TCP
 * listener standing in for the engine's gRPC address. No timing is asserted: only that the watch
 * notices a closed address, and never an open one.
 */
import * as net from "node:net";
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";

const nodeRequire = createRequire(import.meta.url);
const engine: typeof import("../../provider/core/engine") = nodeRequire("../../dist/provider/core/engine.js");

function listen(): Promise<{ server: net.Server; address: string }> {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => socket.destroy());
    server.listen(0, "127.0.0.1", () => resolve({ server, address: `127.0.0.1:${(server.address() as net.AddressInfo).port}` }));
  });
}

describe("engine address", () => {
  test("is the first argument of the dynamic-provider plugin, and nothing elsewhere", () => {
    const plugin = ["/usr/bin/node", "/app/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js", "127.0.0.1:43121"];
    expect(engine.engineAddress(plugin)).toBe("127.0.0.1:43121");
    expect(engine.engineAddress(["/usr/bin/node", "/app/node_modules/vitest/vitest.mjs", "run"])).toBeUndefined();
    expect(engine.engineAddress(["/usr/bin/node", "/app/node_modules/@pulumi/pulumi/cmd/dynamic-provider"])).toBeUndefined();
  });
});

describe("watchEngine", () => {
  test("a listening engine is alive; once it stops listening, the watch calls onGone with its address", async () => {
    const { server, address } = await listen();
    expect(await engine.probe(address)).toBe("alive");
    const gone = new Promise<string>((resolve) => engine.watchEngine(resolve, address));
    let goneYet = false;
    void gone.then(() => (goneYet = true));
    // While the engine listens, several probes pass without calling onGone.
    for (let i = 0; i < 3; i++) expect(await engine.probe(address)).toBe("alive");
    expect(goneYet).toBe(false);
    await new Promise((r) => server.close(r));
    expect(await engine.probe(address)).toBe("refused");
    expect(await gone).toBe(address);
  });
});
