import * as aws from "@pulumi/aws";
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
    /** Protect stateful resources (from settings.protectStatefulResources). */
    readonly protect: boolean;
}
