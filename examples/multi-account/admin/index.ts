/**
 * The administrator account: enables Macie and invites the member account.
 * Run with the administrator's credentials. Config: `memberAccountId`, `memberEmail`, and
 * optionally `memberTags` (an object).
 */
import * as pulumi from "@pulumi/pulumi";
import * as macie from "pulumi-macie";

const config = new pulumi.Config();

const account = new macie.Account("macie", { findingPublishingFrequency: "ONE_HOUR" });

const member = new macie.Member(
  "member",
  {
    accountId: config.require("memberAccountId"),
    email: config.require("memberEmail"),
    invite: true,
    invitationMessage: "Please accept: our security team manages Macie for the organization.",
    disableEmailNotification: true,
    tags: config.getObject<Record<string, string>>("memberTags") ?? { team: "security" },
  },
  { dependsOn: [account] },
);

export const administratorAccountId = account.accountId;
export const memberAccountId = member.accountId;
export const memberRelationshipStatus = member.relationshipStatus;
