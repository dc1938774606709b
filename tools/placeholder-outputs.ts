import { autonamedInput, typeProperties } from "./aws-properties";
import { UNKNOWN } from "./wire";
import { alnum, arnFor, hex, partitionOf, Placement } from "./placeholders";

/** A resource's outputs as the provider returns them, at preview (unknowns) and once AWS has created it. */

/** Outputs AWS computes that components read back (ids of defaults, status blocks, ...). */
export function computedOutputs(type: string, name: string, inputs: Record<string, unknown>, at: Placement, id: string): Record<string, unknown> {
    const seed = `${type}|${name}|${at.account}|${at.region}`;
    const partition = partitionOf(at.region);
    switch (type) {
        case "aws:organizations/organization:Organization": {
            const rootId = `r-${alnum(`root|${at.account}`, 4)}`;
            return {
                masterAccountId: at.account,
                masterAccountArn: `arn:${partition}:organizations::${at.account}:account/${id}/${at.account}`,
                roots: [{ id: rootId, arn: `arn:${partition}:organizations::${at.account}:root/${id}/${rootId}`, name: "Root", policyTypes: [] }],
            };
        }
        case "aws:route53/zone:Zone":
            return { zoneId: `Z${alnum(seed, 13).toUpperCase()}`, nameServers: [] };
        case "aws:ec2/vpcEndpoint:VpcEndpoint": {
            const service = String(inputs.serviceName ?? "")
                .split(".")
                .slice(3)
                .join(".");
            return {
                dnsEntries: [
                    {
                        dnsName: `${id}-${alnum(seed, 8)}.${service}.${at.region}.vpce.amazonaws.com`,
                        hostedZoneId: `Z${alnum(`${seed}|zone`, 13).toUpperCase()}`,
                    },
                ],
                networkInterfaceIds: [],
                ownerId: at.account,
            };
        }
        case "aws:ec2/vpcIpam:VpcIpam":
            return {
                privateDefaultScopeId: `ipam-scope-${hex(`${seed}|private`, 17)}`,
                publicDefaultScopeId: `ipam-scope-${hex(`${seed}|public`, 17)}`,
                defaultResourceDiscoveryId: `ipam-res-disco-${hex(`${seed}|discovery`, 17)}`,
            };
        case "aws:ec2/vpc:Vpc":
            return {
                defaultSecurityGroupId: `sg-${hex(`${seed}|default-sg`, 17)}`,
                defaultNetworkAclId: `acl-${hex(`${seed}|default-acl`, 17)}`,
                defaultRouteTableId: `rtb-${hex(`${seed}|default-rtb`, 17)}`,
                mainRouteTableId: `rtb-${hex(`${seed}|main-rtb`, 17)}`,
                ownerId: at.account,
            };
        case "aws:ec2transitgateway/transitGateway:TransitGateway":
            return {
                associationDefaultRouteTableId: `tgw-rtb-${hex(`${seed}|assoc`, 17)}`,
                propagationDefaultRouteTableId: `tgw-rtb-${hex(`${seed}|prop`, 17)}`,
                ownerId: at.account,
            };
        case "aws:networkfirewall/firewall:Firewall": {
            const mappings = Array.isArray(inputs.subnetMappings) ? (inputs.subnetMappings as { subnetId?: string }[]) : [];
            return {
                updateToken: hex(`${seed}|token`, 36),
                firewallStatuses: [
                    {
                        syncStates: mappings.map((m, i) => ({
                            availabilityZone: `${at.region}${"abcdef"[i]}`,
                            attachments: [{ endpointId: `vpce-${hex(`${seed}|${m.subnetId ?? i}`, 17)}`, subnetId: m.subnetId ?? "" }],
                        })),
                    },
                ],
            };
        }
        case "aws:kms/key:Key":
            return { keyId: id };
        case "aws:iam/role:Role":
            return { uniqueId: `AROA${hex(seed, 17).toUpperCase()}` };
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2":
            return { bucketDomainName: `${id}.s3.amazonaws.com`, bucketRegionalDomainName: `${id}.s3.${at.region}.amazonaws.com`, region: at.region };
        case "aws:guardduty/detector:Detector":
            return { accountId: at.account };
        case "aws:lambda/function:Function":
            return {
                invokeArn: `arn:${partition}:apigateway:${at.region}:lambda:path/2015-03-31/functions/${arnFor(type, name, inputs, at, id)}/invocations`,
                version: "$LATEST",
            };
    }
    return {};
}

/**
 * A resource's inputs as the real provider's Check returns them: `name` (or `bucket`) autonamed as
 * `<logical name>-<7 characters>` when neither it nor its prefix is given.
 */
export function checkedInputs<T extends Record<string, unknown>>(type: string, name: string, inputs: T): T {
    const key = autonamedInput(type);
    if (!key || inputs[key] !== undefined || inputs[`${key}Prefix`] !== undefined) return inputs;
    return { ...inputs, [key]: `${name}-${hex(`autoname|${type}|${name}`, 7)}` };
}

/** Output-only properties the program reads that follow from the resource's own values. */
function derivedOutput(type: string, key: string, inputs: Record<string, unknown>, at: Placement, arn: unknown): unknown {
    if (key === "tagsAll") return inputs.tags ?? {};
    if (key.endsWith("Arn") && typeof arn === "string" && !key.startsWith("kms")) return arn;
    if (type === "aws:sqs/queue:Queue" && key === "url") return `https://sqs.${at.region}.amazonaws.com/${at.account}/${String(inputs.name)}`;
    return null;
}

/**
 * A resource's outputs once AWS has created it: its inputs, the id, the ARN, what AWS computes, and
 * every other property of the type (null when AWS leaves it unset), as the real provider returns them.
 */
export function deployedOutputs(type: string, name: string, inputs: Record<string, unknown>, at: Placement, id: string): Record<string, unknown> {
    const arn = inputs.arn ?? arnFor(type, name, inputs, at, id);
    const computed = computedOutputs(type, name, inputs, at, id);
    const rest: Record<string, unknown> = {};
    for (const key of typeProperties(type).outputOnly) if (!(key in computed)) rest[key] = derivedOutput(type, key, inputs, at, arn);
    return { ...inputs, ...rest, ...computed, id, arn };
}

/**
 * A create's outputs as a preview shows them (the provider's preview of Create): the inputs, with
 * everything AWS computes unknown.
 */
export function previewOutputs(type: string, name: string, inputs: Record<string, unknown>, at: Placement): Record<string, unknown> {
    const computed: Record<string, unknown> = {};
    for (const key of ["id", "arn", ...typeProperties(type).outputOnly, ...Object.keys(computedOutputs(type, name, inputs, at, ""))])
        if (!(key in inputs)) computed[key] = UNKNOWN;
    return { ...inputs, ...computed };
}
