/**
 * The live drill's two AWS sessions, from the standard SDK credential chain (an IAM Identity Center
 * profile, environment credentials, ...): one in the member account, one in GuardDuty's delegated
 * administrator. Each is checked to be in the account it is for before anything is created.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { GuardDutyClient } from "@aws-sdk/client-guardduty";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { LiveClients } from "./live";

export interface SessionRequest {
    readonly region: string;
    /** Named profiles (~/.aws/config); without one, the default chain (AWS_PROFILE, environment, SSO cache...). */
    readonly memberProfile?: string;
    readonly adminProfile?: string;
    readonly member: { readonly name: string; readonly id: string };
    readonly admin: { readonly name: string; readonly id: string };
}

/** Why a session cannot be used, for the operator to fix (no stack trace). */
export class SessionError extends Error {}

const chain = (profile: string | undefined) =>
    profile ? `profile ${profile}` : "the default credential chain (AWS_PROFILE, environment, IAM Identity Center cache)";

/** The account a profile's credentials act in, or the reason there are none. */
async function accountOf(region: string, profile: string | undefined): Promise<string> {
    try {
        const id = (await new STSClient({ region, ...(profile ? { profile } : {}) }).send(new GetCallerIdentityCommand({}))).Account;
        if (!id) throw new Error("GetCallerIdentity returned no account");
        return id;
    } catch (err) {
        const text = err instanceof Error ? err.message.split("\n")[0] : String(err);
        throw new SessionError(`no usable AWS credentials from ${chain(profile)}: ${text}`);
    }
}

/** Clients of both sessions, after checking each acts in its account. */
export async function liveSessions(r: SessionRequest): Promise<LiveClients> {
    const problems: string[] = [];
    for (const [who, account, profile, flag] of [
        ["member", r.member, r.memberProfile, "--member-profile"],
        ["administrator", r.admin, r.adminProfile, "--admin-profile"],
    ] as const) {
        try {
            const id = await accountOf(r.region, profile);
            if (id !== account.id)
                problems.push(
                    `${flag}: ${chain(profile)} acts in account ${id}, not in ${account.name} (${account.id}), the ${who === "member" ? "member account" : "GuardDuty delegated administrator"}`,
                );
        } catch (err) {
            problems.push(`${flag}: ${(err as Error).message}`);
        }
    }
    if (problems.length > 0)
        throw new SessionError(
            `${problems.join("\n")}\nThe live drill needs a session in each account, e.g. the security-auditor permission set through IAM Identity Center: aws sso login --profile <profile>, then --member-profile <profile in ${r.member.name}> --admin-profile <profile in ${r.admin.name}>`,
        );
    const member = { region: r.region, ...(r.memberProfile ? { profile: r.memberProfile } : {}) };
    const admin = { region: r.region, ...(r.adminProfile ? { profile: r.adminProfile } : {}) };
    return {
        memberGuardDuty: new GuardDutyClient(member),
        adminGuardDuty: new GuardDutyClient(admin),
        cloudWatch: new CloudWatchClient(admin),
        logs: new CloudWatchLogsClient(admin),
    };
}
