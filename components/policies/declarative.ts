/**
 * Declarative policy for EC2: account attributes AWS enforces itself, whatever the account's own
 * API calls try (no IAM statement involved, so no principal can be exempted by mistake).
 */

/** `{ "@@assign": value }`: the management-policy operator that sets a value. */
export type Assign<T> = { readonly "@@assign": T };
const assign = <T>(value: T): Assign<T> => ({ "@@assign": value });

export interface Ec2DeclarativePolicy {
    readonly ec2_attributes: {
        readonly exception_message: Assign<string>;
        readonly vpc_block_public_access: {
            readonly internet_gateway_block: {
                readonly mode: Assign<"off" | "block_ingress" | "block_bidirectional">;
                readonly exclusions_allowed: Assign<"enabled" | "disabled">;
            };
        };
        readonly serial_console_access: { readonly status: Assign<"enabled" | "disabled"> };
        readonly image_block_public_access: { readonly state: Assign<"unblocked" | "block_new_sharing"> };
        readonly snapshot_block_public_access: { readonly state: Assign<"unblocked" | "block_new_sharing" | "block_all_sharing"> };
        readonly instance_metadata_defaults: {
            readonly http_tokens: Assign<"no_preference" | "required" | "optional">;
            readonly http_put_response_hop_limit: Assign<string>;
            readonly http_endpoint: Assign<"no_preference" | "enabled" | "disabled">;
            readonly instance_metadata_tags: Assign<"no_preference" | "enabled" | "disabled">;
        };
    };
}

export interface DeclarativeInputs {
    /**
     * Whether accounts may create VPC BPA exclusions: the inspection VPCs' central NAT egress needs its
     * allow-egress exclusion under block_bidirectional, and AWS rejects CreateVpcBlockPublicAccessExclusion
     * while the effective policy says disabled.
     */
    readonly allowBlockPublicAccessExclusions: boolean;
    /** Where a denied engineer reads why. */
    readonly exceptionMessage: string;
}

/**
 * VPC Block Public Access blocks internet gateway traffic in both directions in every account and region
 * (only the VPCs the landing zone excludes reach the internet: the inspection VPCs' central NAT, egress
 * only). This policy is the one owner of the mode: once it applies, accounts can no longer change it.
 * Serial console off; no public AMI or snapshot sharing; new instances default to IMDSv2 with a hop limit of 2 (containers).
 */
export function ec2DeclarativePolicy(i: DeclarativeInputs): Ec2DeclarativePolicy {
    return {
        ec2_attributes: {
            exception_message: assign(i.exceptionMessage),
            vpc_block_public_access: {
                internet_gateway_block: {
                    mode: assign("block_bidirectional"),
                    exclusions_allowed: assign(i.allowBlockPublicAccessExclusions ? "enabled" : "disabled"),
                },
            },
            serial_console_access: { status: assign("disabled") },
            image_block_public_access: { state: assign("block_new_sharing") },
            snapshot_block_public_access: { state: assign("block_all_sharing") },
            instance_metadata_defaults: {
                http_tokens: assign("required"),
                http_put_response_hop_limit: assign("2"),
                http_endpoint: assign("enabled"),
                instance_metadata_tags: assign("disabled"),
            },
        },
    };
}
