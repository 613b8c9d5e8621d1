/**
 * The member account: enables Macie and accepts the administrator's invitation.
 * Run with the member account's credentials. Config: `administratorAccountId`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as macie from "pulumi-macie";

const config = new pulumi.Config();

const account = new macie.Account("macie", {});

const accepter = new macie.InvitationAccepter(
  "administrator",
  { administratorAccountId: config.require("administratorAccountId") },
  { dependsOn: [account] },
);

export const memberAccountId = account.accountId;
export const invitationId = accepter.invitationId;
