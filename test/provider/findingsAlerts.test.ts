/**
 * pulumi-macie/aws's FindingsAlerts under Pulumi mocks (the AWS provider plugin cannot run
 * offline): the EventBridge pattern matches Macie's findings events from the chosen severity up,
 * the SNS topic policy lets EventBridge publish from this rule only, and every child has the
 * component as parent. Loaded with Node's require, from dist/, sharing the mocked @pulumi/pulumi.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "../..");
const nodeRequire = createRequire(path.join(REPO, "package.json"));

const ACCOUNT = "111111111111";
const TOPIC_ARN = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts-topic-1a2b3c`;
const RULE_ARN = `arn:aws:events:eu-west-1:${ACCOUNT}:rule/alerts-rule-4d5e6f`;

const registered: { type: string; name: string; inputs: Record<string, any> }[] = [];
let alerts: any;
let lib: any;
const valueOf = <T>(o: { apply(f: (v: T) => void): unknown }) => new Promise<T>((resolve) => o.apply((v) => resolve(v)));

beforeAll(async () => {
  const pulumi = nodeRequire("@pulumi/pulumi");
  await pulumi.runtime.setMocks(
    {
      newResource(args: { type: string; name: string; inputs: Record<string, any> }) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        const state: Record<string, any> = { ...args.inputs };
        if (args.type === "aws:sns/topic:Topic") state.arn = TOPIC_ARN;
        if (args.type === "aws:cloudwatch/eventRule:EventRule") Object.assign(state, { arn: RULE_ARN, name: "alerts-rule-4d5e6f" });
        return { id: `${args.name}-id`, state };
      },
      call(args: { token: string }) {
        if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userId: "AIDA" };
        if (args.token === "aws:index/getPartition:getPartition") return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        throw new Error(`unexpected call ${args.token}`);
      },
    },
    "findings-alerts",
    "test",
    false,
  );
  lib = nodeRequire("pulumi-macie/aws");
  alerts = new lib.FindingsAlerts("alerts", { region: "eu-west-1", minimumSeverity: "Medium", emails: ["soc@example.com"] });
  // Every child registered with the mocks.
  await Promise.all([alerts.topic, alerts.rule, alerts.target, ...Object.values(alerts.subscriptions)].map((c: any) => valueOf(c.id)));
  await valueOf(alerts.topicArn);
}, 60_000);

const one = (type: string) => {
  const found = registered.filter((r) => r.type === type);
  expect(found, type).toHaveLength(1);
  return found[0];
};

describe("FindingsAlerts (pulumi-macie/aws) under Pulumi mocks", () => {
  it("matches Macie's findings events from the minimum severity up", () => {
    const rule = one("aws:cloudwatch/eventRule:EventRule");
    expect(rule.inputs.region).toBe("eu-west-1");
    expect(JSON.parse(rule.inputs.eventPattern)).toEqual({
      source: ["aws.macie"],
      "detail-type": ["Macie Finding"],
      detail: { severity: { description: ["Medium", "High"] } },
    });
    expect(lib.findingsEventPattern("High", ["SensitiveData:", "Policy:IAMUser/S3BucketPublic"]).detail).toEqual({
      severity: { description: ["High"] },
      type: [{ prefix: "SensitiveData:" }, { prefix: "Policy:IAMUser/S3BucketPublic" }],
    });
    expect(lib.findingsEventPattern("Low").detail.severity.description).toEqual(["Low", "Medium", "High"]);
  });

  it("lets EventBridge publish to the topic from this rule only", () => {
    const policy = JSON.parse(one("aws:sns/topicPolicy:TopicPolicy").inputs.policy);
    const events = policy.Statement.filter((s: any) => s.Principal?.Service === "events.amazonaws.com");
    expect(events).toEqual([
      {
        Sid: "AllowEventBridgeToPublishMacieFindings",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: TOPIC_ARN,
        Condition: { ArnEquals: { "aws:SourceArn": RULE_ARN } },
      },
    ]);
    // Only the account itself otherwise.
    expect(policy.Statement.filter((s: any) => !s.Principal?.Service).map((s: any) => s.Principal)).toEqual([{ AWS: `arn:aws:iam::${ACCOUNT}:root` }]);
  });

  it("targets the topic from the rule and subscribes the emails, all children of the component", async () => {
    expect(one("aws:cloudwatch/eventTarget:EventTarget").inputs).toMatchObject({ rule: "alerts-rule-4d5e6f", arn: TOPIC_ARN, region: "eu-west-1" });
    expect(one("aws:sns/topicSubscription:TopicSubscription")).toMatchObject({
      name: "alerts-email-soc@example.com",
      inputs: { protocol: "email", endpoint: "soc@example.com", topic: TOPIC_ARN },
    });
    for (const child of [alerts.topic, alerts.rule]) {
      expect(await valueOf<string>(child.urn)).toContain("pulumi-macie:aws:FindingsAlerts$aws:");
    }
    expect(registered.filter((r) => r.type.startsWith("aws:")).every((r) => r.name.startsWith("alerts-"))).toBe(true);
  });

  it("refuses an unknown severity", () => {
    expect(() => new lib.FindingsAlerts("bad", { minimumSeverity: "Critical" })).toThrow(/minimumSeverity: must be one of Low, Medium, High/);
  });
});
