import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson, type PolicyDocument } from "../policies/document";
import { breakGlassTrustPolicy } from "../policies/break-glass";
import { DEVELOPER_BOUNDARY_POLICY_NAME, LANDING_ZONE_IAM_PATH } from "../policies/developer-boundary";

/** Tag on break-glass roles; the unused-access analyzer excludes it (these roles are unused by design). */
export const BREAK_GLASS_TAG = { key: "landing-zone:break-glass", value: "true" } as const;

/** The IAM password policy of every account (CIS AWS Foundations 1.8-1.9), for any IAM user that still exists. */
export const PASSWORD_POLICY = {
    minimumPasswordLength: 14,
    requireLowercaseCharacters: true,
    requireUppercaseCharacters: true,
    requireNumbers: true,
    requireSymbols: true,
    allowUsersToChangePassword: true,
    passwordReusePrevention: 24,
    maxPasswordAge: 90,
    hardExpiry: false,
} as const;

/** Break-glass settings for one account. */
export interface BreakGlassArgs {
    /** Emergency role names. */
    readonly roleNames: readonly string[];
    /** Roles among roleNames that get ReadOnlyAccess instead of AdministratorAccess. */
    readonly readOnlyRoleNames: readonly string[];
    /** Accounts whose MFA-authenticated principals may assume the roles. */
    readonly trustedAccountIds: readonly string[];
    /** Oldest MFA authentication, in seconds, that may still assume a role. */
    readonly mfaMaxAgeSeconds: number;
}

/** A break-glass role, as the alarms that watch it need it. */
export interface BreakGlassRole {
    readonly account: string;
    readonly roleName: string;
    readonly arn: pulumi.Output<string>;
}

export interface AccountIdentityBaselineArgs {
    /** Logical account name, for outputs and errors. */
    readonly account: string;
    /** Partition of the account's provider region. */
    readonly partition: string;
    /** Emergency roles; undefined when the stack has none. */
    readonly breakGlass?: BreakGlassArgs;
    /** The developer permissions boundary to create in this account (every member account gets it). */
    readonly developerBoundary?: PolicyDocument;
    /** Protect the break-glass roles from deletion. */
    readonly protect: boolean;
}

/**
 * What every account gets for identity: the IAM password policy, the break-glass roles, and in
 * member accounts the developer permissions boundary that the developer and platform-engineer permission sets refer to.
 * IAM is global, so one instance per account (with the home-region provider) is enough.
 */
export class AccountIdentityBaseline extends pulumi.ComponentResource {
    readonly breakGlassRoles: readonly BreakGlassRole[];
    readonly developerBoundary?: aws.iam.Policy;

    constructor(name: string, args: AccountIdentityBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:identity:AccountIdentityBaseline", name, {}, opts);
        const bg = args.breakGlass;
        if (bg) {
            if (bg.roleNames.length === 0)
                throw new Error(`AccountIdentityBaseline ${name}: breakGlass.roleNames is empty; name at least one role or omit breakGlass`);
            const unknown = bg.readOnlyRoleNames.filter((r) => !bg.roleNames.includes(r));
            if (unknown.length > 0)
                throw new Error(
                    `AccountIdentityBaseline ${name}: breakGlass.readOnlyRoleNames ${unknown.join(", ")} are not in roleNames; add them there or remove them`,
                );
            if (bg.trustedAccountIds.length === 0)
                throw new Error(`AccountIdentityBaseline ${name}: breakGlass.trustedAccountIds is empty; trust at least the management account`);
        }
        const child = { parent: this };

        new aws.iam.AccountPasswordPolicy(`${name}-password-policy`, { ...PASSWORD_POLICY }, child);

        const trust = bg
            ? toJson(breakGlassTrustPolicy({ partition: args.partition, trustedAccountIds: bg.trustedAccountIds, mfaMaxAgeSeconds: bg.mfaMaxAgeSeconds }))
            : "";
        this.breakGlassRoles = (bg?.roleNames ?? []).map((roleName) => {
            const readOnly = bg!.readOnlyRoleNames.includes(roleName);
            const role = new aws.iam.Role(
                `${name}-${roleName}`,
                {
                    // At the root path: the organization's SCPs name these roles as role/<name>.
                    name: roleName,
                    description: `Emergency ${readOnly ? "read-only" : "administrator"} access when Identity Center is unavailable; every use raises an alarm`,
                    assumeRolePolicy: trust,
                    maxSessionDuration: 3600,
                    tags: { [BREAK_GLASS_TAG.key]: BREAK_GLASS_TAG.value },
                },
                // Emergency access must survive refactors of this program.
                { ...child, protect: args.protect, retainOnDelete: true },
            );
            new aws.iam.RolePolicyAttachment(
                `${name}-${roleName}-access`,
                { role: role.name, policyArn: `arn:${args.partition}:iam::aws:policy/${readOnly ? "ReadOnlyAccess" : "AdministratorAccess"}` },
                child,
            );
            return { account: args.account, roleName, arn: role.arn };
        });

        if (args.developerBoundary) {
            this.developerBoundary = new aws.iam.Policy(
                `${name}-developer-boundary`,
                {
                    name: DEVELOPER_BOUNDARY_POLICY_NAME,
                    path: LANDING_ZONE_IAM_PATH,
                    description: "Permissions boundary of the developer permission set and of every role developers and platform engineers create",
                    policy: toJson(args.developerBoundary),
                },
                child,
            );
        }

        this.registerOutputs({
            breakGlassRoleArns: this.breakGlassRoles.map((r) => r.arn),
            developerBoundaryArn: this.developerBoundary?.arn,
        });
    }
}
