#!/usr/bin/env node
/**
 * Benchmarks that print figures (no assertions): how fast macie-local answers the real SDK, how
 * much memory it holds per resource, and what the provider's pure steps (check, diff) cost.
 *
 *   npm run bench            (builds first)
 *   BENCH_N=2000 npm run bench
 *
 * Loopback only; every loop is bounded by BENCH_N.
 */
const { performance } = require("node:perf_hooks");
const path = require("node:path");
const {
  Macie2Client,
  EnableMacieCommand,
  GetMacieSessionCommand,
  CreateCustomDataIdentifierCommand,
  ListCustomDataIdentifiersCommand,
  CreateFindingsFilterCommand,
} = require("@aws-sdk/client-macie2");

const dist = path.join(__dirname, "..", "dist");
const { startMacieLocal } = require(path.join(dist, "emulator"));
const runtime = require(path.join(dist, "provider", "core", "runtime.js"));

const N = Number(process.env.BENCH_N || 500);
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);

function report(name, count, ms, extra = "") {
  const perSecond = (count / (ms / 1000)).toFixed(0);
  const perCall = ((ms * 1000) / count).toFixed(0);
  console.log(`${name.padEnd(46)} ${String(count).padStart(6)} in ${ms.toFixed(0).padStart(6)} ms  ${perSecond.padStart(7)}/s  ${perCall.padStart(6)} µs each${extra}`);
}

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main() {
  const em = await startMacieLocal({ port: 0, config: { faults: { realRateLimits: false } } });
  const macie = new Macie2Client({
    endpoint: em.url,
    region: "us-east-1",
    credentials: { accessKeyId: "111111111111", secretAccessKey: "bench" },
  });
  console.log(`macie-local at ${em.url}, N=${N}, node ${process.version}\n`);
  console.log("Emulator, real SDK over loopback HTTP (sequential calls):");
  try {
    await macie.send(new EnableMacieCommand({}));
    report("GetMacieSession", N, await timed(async () => {
      for (let i = 0; i < N; i++) await macie.send(new GetMacieSessionCommand({}));
    }));
    const rssBefore = process.memoryUsage().rss;
    report("CreateCustomDataIdentifier", N, await timed(async () => {
      for (let i = 0; i < N; i++) {
        await macie.send(new CreateCustomDataIdentifierCommand({ name: `cdi-${i}`, regex: "\\d{4}-\\d{4}", keywords: ["employee"] }));
      }
    }));
    report("CreateFindingsFilter", N, await timed(async () => {
      for (let i = 0; i < N; i++) {
        await macie.send(new CreateFindingsFilterCommand({ name: `filter-${i}`, action: "ARCHIVE", findingCriteria: { criterion: { "severity.description": { eq: ["Low"] } } } }));
      }
    }));
    let pages = 0;
    report("ListCustomDataIdentifiers (pages of 25)", Math.ceil(N / 25), await timed(async () => {
      let nextToken;
      do {
        const page = await macie.send(new ListCustomDataIdentifiersCommand({ maxResults: 25, nextToken }));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken);
    }), `  (${pages} pages)`);
    const stateBytes = JSON.stringify(await em.admin.state()).length;
    console.log(`state after ${2 * N} resources: ${mb(stateBytes)} MiB of JSON, ${(stateBytes / (2 * N)).toFixed(0)} bytes per resource; process RSS ${mb(process.memoryUsage().rss)} MiB (+${mb(process.memoryUsage().rss - rssBefore)} MiB)`);

    console.log("\nProvider, pure steps (no API call):");
    const job = {
      __resourceName: "bench",
      jobType: "SCHEDULED",
      scheduleFrequency: { weeklySchedule: { dayOfWeek: "MONDAY" } },
      s3JobDefinition: { bucketDefinitions: [{ accountId: "111111111111", buckets: Array.from({ length: 100 }, (_, i) => `bucket-${i}`) }] },
      customDataIdentifierIds: ["a", "b", "c"],
      tags: { team: "security" },
    };
    let checked;
    report("check(ClassificationJob, 100 buckets)", N, await timed(async () => {
      for (let i = 0; i < N; i++) checked = await runtime.check("ClassificationJob", {}, job);
    }));
    const state = { ...checked.inputs, jobId: "x", status: "RUNNING", accountId: "111111111111", region: "us-east-1" };
    const changedTags = { ...checked.inputs, tags: { team: "platform" } };
    report("diff(ClassificationJob), tag change", N, await timed(async () => {
      for (let i = 0; i < N; i++) await runtime.diff("ClassificationJob", "x", state, changedTags);
    }));
    const calls = (await em.admin.calls()).totals.calls;
    console.log(`Macie calls recorded by the emulator in total: ${calls} (all from the emulator section)`);
  } finally {
    macie.destroy();
    await em.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
