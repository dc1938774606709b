import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { KeyPurpose, LogBucketKind } from "../components/shared/names";
import type { AccountBaseline } from "../components/data/account-baseline";
import type { Organization } from "../components/organization/organization";
import type { AccountProviders } from "../components/organization/account-providers";
import type { LandingZoneConfig } from "./config";

/** What every area's wiring function receives from the composition root. */
export interface LandingZoneContext {
    readonly config: LandingZoneConfig;
    readonly organization: Organization;
    /** Provider for a member account (logical name) in a region. */
    readonly member: AccountProviders;
    /** Provider for the management account in a region. */
    readonly management: AccountProviders;
    /** The management account's provider in the home region. */
    readonly managementHome: aws.Provider;
    /**
     * Providers for the global-events region, where AWS delivers global services' events: the member and
     * management providers when the region is allowed, else providers made for that region only.
     */
    readonly globalEvents: { readonly region: string; readonly member: AccountProviders; readonly management: AccountProviders };
    /** Protect stateful resources (from settings.protectStatefulResources). */
    readonly protect: boolean;
}

/**
 * What the data layer (wired first) gives every other area: the per-account KMS keys and the central
 * log archive. Areas take it as their second argument: `wireNetwork(ctx, data)`.
 */
export interface DataLayer {
    /** ARN of an account's customer-managed key for a purpose, in a region. */
    keyArn(account: string, region: string, purpose: KeyPurpose): pulumi.Output<string>;
    /** ARN of a central log bucket in the log-archive account. */
    logBucketArn(kind: LogBucketKind): string;
    /** Name of a central log bucket in the log-archive account. */
    logBucketName(kind: LogBucketKind): string;
    /**
     * The bucket policy of a central log bucket: depend on it (`dependsOn`) before configuring a
     * delivery (flow logs, Config, firewall logs...) so the service is admitted when AWS checks.
     */
    logBucketPolicy(kind: LogBucketKind): pulumi.Resource;
    /** ARN of the organization trail (management account, home region). */
    readonly organizationTrailArn: pulumi.Output<string>;
    /** Name of the trail's central log group (security tooling, home region), from the log group: metric filters on it wait for it. */
    readonly organizationTrailLogGroupName: pulumi.Output<string>;
    /**
     * An account's data baseline. Account-wide settings owned by other areas (the IAM password
     * policy) attach to it: `{ parent: baseline, provider: baseline.homeProvider }`.
     */
    accountBaseline(account: string): AccountBaseline;
    /** What the organization backup policy names: vaults, the service role, the central vault for copies. */
    readonly backup: {
        /** Vault in every member account and allowed region. */
        readonly vaultName: string;
        /** Vault in the backup account's home region receiving cross-account copies. */
        readonly centralVaultName: string;
        /** Role AWS Backup assumes in every member account (`arn:aws:iam::$account:role/<name>` in the policy). */
        readonly serviceRoleName: string;
        /** ARN of the central vault (copy target); throws when copies are off. */
        centralVaultArn(): pulumi.Output<string>;
    };
}

/** What the organization area gives the areas whose organization-wide settings only a delegate may make. */
export interface OrganizationDelegations {
    /** A service's delegated administrator registration (per region for GuardDuty, Security Hub, Macie, Detective, Inspector). */
    delegation(service: string, region?: string): pulumi.Resource;
}

/** What the organization area gives the areas that share resources through AWS RAM. */
export interface OrganizationSharing {
    /** RAM sharing with the organization (management account); every principal association depends on it. */
    readonly ramSharing: aws.ram.SharingWithOrganization;
}
