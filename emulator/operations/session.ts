/**
 * The Macie session (Account Administration resource, `/macie`): EnableMacie, GetMacieSession,
 * UpdateMacieSession, DisableMacie.
 */
import { conflict, emptyRegionState, type Operation } from "../core/types";
import { optionalEnum, optionalString } from "../core/validate";
import { own } from "../core/records";
import {
  enableSession,
  hasAdministrator,
  hasAssociatedMembers,
  isOrganizationAdminAnywhere,
  pauseSession,
  resumeSession,
} from "./relationships";

export const MACIE_STATUS = ["ENABLED", "PAUSED"] as const;
const FINDING_PUBLISHING_FREQUENCY = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"] as const;

export const operations: Operation[] = [
  {
    name: "EnableMacie",
    method: "POST",
    path: "/macie",
    mutating: true,
    requiresMacie: false,
    idempotent: true,
    handle(ctx, { body }) {
      optionalString(body.clientToken, "clientToken");
      const findingPublishingFrequency = optionalEnum(body.findingPublishingFrequency, "findingPublishingFrequency", FINDING_PUBLISHING_FREQUENCY);
      const status = optionalEnum(body.status, "status", MACIE_STATUS);
      const state = ctx.scope();
      if (state.session) {
        throw conflict(`Macie is already enabled for account ${ctx.accountId} in ${ctx.region}.`);
      }
      enableSession(ctx, state, ctx.accountId, { status, findingPublishingFrequency });
      return {};
    },
  },
  {
    name: "GetMacieSession",
    method: "GET",
    path: "/macie",
    mutating: false,
    handle(ctx) {
      const s = ctx.scope().session!;
      return {
        createdAt: s.createdAt,
        findingPublishingFrequency: s.findingPublishingFrequency,
        serviceRole: s.serviceRole,
        status: s.status,
        updatedAt: s.updatedAt,
      };
    },
  },
  {
    name: "UpdateMacieSession",
    method: "PATCH",
    path: "/macie",
    mutating: true,
    handle(ctx, { body }) {
      const findingPublishingFrequency = optionalEnum(body.findingPublishingFrequency, "findingPublishingFrequency", FINDING_PUBLISHING_FREQUENCY);
      const status = optionalEnum(body.status, "status", MACIE_STATUS);
      const state = ctx.scope();
      if (status === "PAUSED" && state.session!.status !== "PAUSED" && hasAssociatedMembers(state)) {
        throw conflict(
          `Cannot suspend Macie for account ${ctx.accountId} in ${ctx.region}: it is the administrator of member accounts. ` +
            "Disassociate all member accounts first.",
        );
      }
      if (findingPublishingFrequency) state.session!.findingPublishingFrequency = findingPublishingFrequency;
      if (status === "PAUSED") pauseSession(ctx, state);
      if (status === "ENABLED") resumeSession(ctx, state);
      return {};
    },
  },
  {
    name: "DisableMacie",
    method: "DELETE",
    path: "/macie",
    mutating: true,
    handle(ctx) {
      const state = ctx.scope();
      if (hasAdministrator(state)) {
        throw conflict(
          `Cannot disable Macie while associated with an administrator account (${state.administrator!.accountId}). ` +
            "Disassociate from the administrator account first.",
        );
      }
      if (hasAssociatedMembers(state)) {
        throw conflict(
          `Cannot disable Macie for account ${ctx.accountId} in ${ctx.region} while it is the administrator of member accounts. ` +
            "Disassociate all member accounts first.",
        );
      }
      if (isOrganizationAdminAnywhere(ctx, ctx.accountId)) {
        throw conflict(
          `Cannot disable Macie for account ${ctx.accountId}: it is the delegated Macie administrator of its organization. ` +
            "The management account must remove the designation first (DisableOrganizationAdminAccount).",
        );
      }
      // Pending invitations this account sent are withdrawn; its members' records go with it.
      for (const memberId of Object.keys(state.members)) {
        const memberState = own(own(ctx.world.accounts, memberId), ctx.region);
        if (!memberState) continue;
        for (const [id, inv] of Object.entries(memberState.invitations)) if (inv.accountId === ctx.accountId) delete memberState.invitations[id];
      }
      // Everything Macie keeps for the account goes; invitations it received survive (they are the senders').
      const fresh = emptyRegionState();
      fresh.invitations = state.invitations;
      ctx.world.accounts[ctx.accountId][ctx.region] = fresh;
      return {};
    },
  },
];
