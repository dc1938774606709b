import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { accountIdSchema, cidrRange, logicalNameSchema, regionSchema } from "./schema/common";
import { organizationSchema, OrganizationalUnitConfig } from "./schema/organization";
import { egressDomainProblems, managedDomainListProblems, networkSchema } from "./schema/network";
import { builtInPermissionSets, identitySchema } from "./schema/identity";
import { accountsInOu, assignableAccounts, targetProblem } from "../components/identity/assignments";
import { effectiveConditions } from "../components/identity/catalog";
import { organizationPolicyProblems } from "../components/organization/policy-plan";
import { dataSchema, endpointProblems, endpointSchema, responseSchema, securitySchema, settingsSchema } from "./schema/services";
import { deploymentSchema, pipelineModeSchema } from "./schema/deployment";
import { formatPolicyConfigProblem } from "../policypack/config";
import { partitionOf, regionCode } from "../components/organization/naming";
import { naclAdminPortsOf, PolicyPackSettings, PolicyPackSource, policyPackProblems, projectDirectory, readPolicyPackConfig } from "./policy-pack";
import { internetReturnRanges } from "../components/network/segment-rules";

/** The config namespace: every key in Pulumi.<stack>.yaml is `landing-zone:<key>`. */
export const CONFIG_NAMESPACE = "landing-zone";

/** The reserved logical name of the organization's management account. */
export const MANAGEMENT_ACCOUNT = "management";

/** Where each partition delivers events of its global services (IAM, Organizations, sign-in). */
const GLOBAL_EVENTS_REGIONS: Readonly<Record<string, string>> = { aws: "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1" };

/** AWS Organizations allows five levels of OUs below the root. */
export const MAX_OU_DEPTH = 5;

const baseSchema = z.strictObject({
    /** Stack environment name (dev, prod, ...); tags and names carry it. */
    environment: logicalNameSchema,
    managementAccountId: accountIdSchema,
    regions: z.strictObject({
        home: regionSchema,
        allowed: z.array(regionSchema).min(1),
    }),
    organization: organizationSchema,
    network: networkSchema,
    identity: identitySchema,
    security: securitySchema.prefault({}),
    data: dataSchema.prefault({}),
    endpoint: endpointSchema.prefault({}),
    response: responseSchema.prefault({}),
    settings: settingsSchema,
    deployment: deploymentSchema.optional(),
    pipelineMode: pipelineModeSchema,
});

export const CONFIG_KEYS = Object.keys(baseSchema.shape) as readonly (keyof typeof baseSchema.shape)[];

/**
 * A validated stack config, with the stack's policy pack config (policypack/config/<stack>.json, the
 * file the engine gets as --policy-pack-config; `{}` when validated without it).
 */
export type LandingZoneConfig = z.infer<typeof baseSchema> & { readonly policyPack: PolicyPackSettings };

/** One problem in a stack's config, with the key it concerns. */
export interface ConfigProblem {
    readonly path: readonly (string | number)[];
    readonly message: string;
}

/** Thrown when config is invalid; `message` lists every problem, one per line. */
export class ConfigError extends Error {
    constructor(
        readonly problems: readonly string[],
        readonly source: string,
    ) {
        super(
            `Invalid landing-zone config in ${source} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
        );
        this.name = "ConfigError";
    }
}

/** Flattens the OU tree into "A/B" paths with their depth. */
export function ouPaths(units: readonly OrganizationalUnitConfig[], prefix = ""): { path: string; depth: number; index: (string | number)[] }[] {
    const out: { path: string; depth: number; index: (string | number)[] }[] = [];
    const walk = (list: readonly OrganizationalUnitConfig[], parent: string, depth: number, index: (string | number)[]) => {
        list.forEach((ou, i) => {
            const path = parent ? `${parent}/${ou.name}` : ou.name;
            const here = [...index, i];
            out.push({ path, depth, index: here });
            if (ou.children) walk(ou.children, path, depth + 1, [...here, "children"]);
        });
    };
    walk(units, prefix, 1, ["organization", "organizationalUnits"]);
    return out;
}

/**
 * Cross-field rules no single field can check: references, uniqueness, CIDR plan, quotas.
 * Also run on config that failed the schema, so every problem is reported at once: each group of
 * rules that trips over a malformed value is skipped, since the schema has already named it.
 */
function crossFieldProblems(c: LandingZoneConfig): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const add = (path: (string | number)[], message: string) => problems.push({ path, message });
    const group = (rules: () => void) => {
        try {
            rules();
        } catch {
            // malformed input: the schema issues already describe it
        }
    };

    group(() => {
        // The member preview roles exist only where the program creates the pipeline's roles.
        if (c.pipelineMode === "preview" && !c.deployment)
            add(
                ["pipelineMode"],
                "preview mode reads member accounts through the preview roles landing-zone:deployment creates (expected deploy, or landing-zone:deployment set)",
            );
    });

    group(() => {
        if (!c.regions.allowed.includes(c.regions.home)) {
            add(["regions", "home"], `home region is not in regions.allowed (expected one of ${c.regions.allowed.join(", ")})`);
        }
        duplicates(c.regions.allowed).forEach((i) => add(["regions", "allowed", i], "region listed twice (expected each region once)"));
    });

    group(() => {
        // AWS Config records CloudFront distributions only in us-east-1, and Firewall Manager sees resources
        // only through each member account's recorder; the landing zone records in the allowed regions.
        if (c.endpoint.waf.enabled && c.endpoint.waf.cloudFront && !c.regions.allowed.includes("us-east-1"))
            add(
                ["endpoint", "waf", "cloudFront"],
                "Firewall Manager's CloudFront policy needs a Config recorder in us-east-1 of every member account, and recorders exist only in regions.allowed (got true; expected false, or us-east-1 in regions.allowed)",
            );
    });

    // OU tree. References are checked only once the tree itself could be read.
    let ouSet: Set<string> | undefined;
    group(() => {
        const ous = ouPaths(c.organization.organizationalUnits);
        const seen = new Set<string>();
        for (const ou of ous) {
            if (seen.has(ou.path)) add([...ou.index, "name"], "OU defined twice at the same level (expected unique names among siblings)");
            seen.add(ou.path);
            if (ou.depth > MAX_OU_DEPTH)
                add([...ou.index, "name"], `OU nested ${ou.depth} levels deep (expected at most ${MAX_OU_DEPTH}, the AWS Organizations limit)`);
        }
        ouSet = seen;
    });
    const ouRef = (path: (string | number)[], value: string) => {
        if (ouSet && !ouSet.has(value)) add(path, `unknown OU (expected one of ${[...ouSet].join(", ")})`);
    };
    group(() => ouRef(["organization", "quarantineOu"], c.organization.quarantineOu));

    // Accounts: names and emails unique, OUs exist.
    let names: Set<string> | undefined;
    group(() => {
        const seenNames = new Set<string>();
        const emails = new Set<string>();
        for (const a of allAccounts(c)) {
            ouRef([...a.path, "ou"], a.ou);
            if (a.name === MANAGEMENT_ACCOUNT)
                add([...a.path, "name"], `"${MANAGEMENT_ACCOUNT}" is reserved for the management account (expected another name)`);
            if (seenNames.has(a.name)) add([...a.path, "name"], "account name used twice (expected unique account names)");
            seenNames.add(a.name);
            const email = String(a.email).toLowerCase();
            if (emails.has(email)) add([...a.path, "email"], "account email used twice (expected a unique email per account)");
            emails.add(email);
        }
        names = seenNames;
    });
    const accountRef = (path: (string | number)[], value: string, allowManagement: boolean) => {
        if (names && !(names.has(value) || (allowManagement && value === MANAGEMENT_ACCOUNT))) {
            add(path, `unknown account (expected one of ${[...(allowManagement ? [MANAGEMENT_ACCOUNT] : []), ...names].join(", ")})`);
        }
    };

    // Network: region entries, pools, VPC CIDRs.
    group(() => {
        const net = c.network;
        for (const region of Object.keys(net.regions)) {
            if (!c.regions.allowed.includes(region))
                add(["network", "regions", region], "network configured for a region outside regions.allowed (expected an allowed region)");
        }
        // Malformed entries are already named by the schema; only real region codes need a plan.
        for (const region of c.regions.allowed.filter((r) => typeof r === "string")) {
            if (!net.regions[region])
                add(
                    ["network", "regions", region],
                    "allowed region has no network plan (expected cidr, pools, inspectionCidr, endpointsCidr, transitGatewayAsn)",
                );
        }
        const regionBlocks = Object.entries(net.regions).map(([region, r]) => ({ path: ["network", "regions", region, "cidr"], cidr: r.cidr }));
        overlaps(regionBlocks).forEach(([a, b]) => add(b.path, `CIDR overlaps ${a.cidr} at ${keyPath(a.path)} (expected non-overlapping region CIDRs)`));
        const vpcBlocks: { path: (string | number)[]; cidr: string }[] = [];
        const asns = new Map<number, string>();
        for (const [region, r] of Object.entries(net.regions)) {
            const base = ["network", "regions", region];
            for (const [segment, pool] of Object.entries(r.pools)) {
                if (!contains(r.cidr, pool)) add([...base, "pools", segment], `pool is outside the region CIDR ${r.cidr} (expected a block inside it)`);
            }
            if (r.availabilityZoneIds) {
                const ids = r.availabilityZoneIds;
                if (ids.length !== r.availabilityZones)
                    add([...base, "availabilityZoneIds"], `${ids.length} AZ ids (expected availabilityZones, ${r.availabilityZones}, of them)`);
                ids.forEach((id, i) => {
                    if (!id.startsWith(`${regionCode(region)}-az`))
                        add([...base, "availabilityZoneIds", i], `AZ id of another region (expected ${regionCode(region)}-az<n>)`);
                });
                duplicates(ids).forEach((i) => add([...base, "availabilityZoneIds", i], "AZ id listed twice (expected each AZ once)"));
            }
            const poolBlocks = Object.entries(r.pools).map(([segment, cidr]) => ({ path: [...base, "pools", segment], cidr }));
            overlaps(poolBlocks).forEach(([a, b]) => add(b.path, `pool overlaps ${a.cidr} at ${keyPath(a.path)} (expected non-overlapping segment pools)`));
            for (const key of ["inspectionCidr", "endpointsCidr"] as const) {
                if (!contains(r.pools.shared, r[key]))
                    add([...base, key], `hub VPC CIDR is outside the shared pool ${r.pools.shared} (expected a block inside it)`);
                vpcBlocks.push({ path: [...base, key], cidr: r[key] });
            }
            if (asns.has(r.transitGatewayAsn))
                add([...base, "transitGatewayAsn"], `ASN already used in ${asns.get(r.transitGatewayAsn)} (expected a unique ASN per region for TGW peering)`);
            asns.set(r.transitGatewayAsn, region);
        }
        const workloadEnv = new Map(c.organization.workloadAccounts.map((a) => [a.name, a.environment]));
        const spokeNames = new Set<string>();
        net.spokes.forEach((s, i) => {
            const p = ["network", "spokes", i];
            if (spokeNames.has(s.name)) add([...p, "name"], "spoke name used twice (expected unique spoke names)");
            spokeNames.add(s.name);
            accountRef([...p, "account"], s.account, false);
            const region = net.regions[s.region];
            if (!region) {
                add([...p, "region"], `no network plan for this region (expected one of ${Object.keys(net.regions).join(", ")})`);
            } else if (!contains(region.pools[s.segment], s.cidr)) {
                add([...p, "cidr"], `spoke CIDR is outside the ${s.segment} pool ${region.pools[s.segment]} of ${s.region} (expected a block inside it)`);
            }
            const env = workloadEnv.get(s.account);
            const expectedSegment = env === undefined ? "shared" : env === "prod" ? "prod" : "nonprod";
            if (names?.has(s.account) && s.segment !== expectedSegment) {
                add([...p, "segment"], `segment does not match the account's environment (expected ${expectedSegment})`);
            }
            const subnetPrefix = s.subnetPrefixLength ?? 24;
            const prefix = tryRange(s.cidr)?.prefix ?? subnetPrefix;
            const azs = region?.availabilityZones ?? 3;
            const needed = (s.tiers?.length ?? 2) * azs + 1; // +1 block for the TGW attachment subnets
            const available = subnetPrefix >= prefix ? 2 ** (subnetPrefix - prefix) : 0;
            if (needed > available) {
                add(
                    [...p, "cidr"],
                    `too small for ${s.tiers?.length ?? 2} tiers x ${azs} AZs of /${subnetPrefix} subnets plus TGW attachment subnets (expected a prefix of /${subnetPrefix - Math.ceil(Math.log2(needed))} or shorter)`,
                );
            }
            // The block after the tiers holds one /28 TGW attachment subnet per AZ.
            if (subnetPrefix + Math.ceil(Math.log2(azs)) > 28)
                add(
                    [...p, "subnetPrefixLength"],
                    `too long to hold ${azs} /28 TGW attachment subnets in one block (expected /${28 - Math.ceil(Math.log2(azs))} or shorter)`,
                );
            duplicates(s.tiers ?? []).forEach((t) => add([...p, "tiers", t], "tier listed twice (expected unique tiers)"));
            vpcBlocks.push({ path: [...p, "cidr"], cidr: s.cidr });
        });
        overlaps(vpcBlocks).forEach(([a, b]) =>
            add(b.path, `CIDR overlaps ${a.cidr} at ${keyPath(a.path)} (expected non-overlapping VPC CIDRs across the organization)`),
        );
        net.blockPublicAccessExclusions.forEach((e, i) => accountRef(["network", "blockPublicAccessExclusions", i, "account"], e.account, false));
        net.blockPublicAccessExclusions.forEach((e, i) => {
            if (e.region !== undefined && !c.regions.allowed.includes(e.region))
                add(
                    ["network", "blockPublicAccessExclusions", i, "region"],
                    `region is not in regions.allowed (expected one of ${c.regions.allowed.join(", ")})`,
                );
        });
        duplicates(net.crossRegionSegments).forEach((i) => add(["network", "crossRegionSegments", i], "segment listed twice (expected each segment once)"));
        net.spokes.forEach((s, i) => {
            // One NACL rule per eastWest port and pool must fit the 20-rule NACL quota (see spokeNaclRules). A
            // same-segment rule (valid: segment tables send spoke-to-spoke flows within a segment through
            // inspection too) adds both its directions.
            const rules = net.eastWest.reduce(
                (n, r) => n + (r.ports.length + 1) * Object.keys(net.regions).length * ((r.from === s.segment ? 1 : 0) + (r.to === s.segment ? 1 : 0)),
                0,
            );
            // Own VPC, endpoints, a deny per region, internet return ranges around the administration ports.
            const fixed = 2 + Object.keys(net.regions).length + internetReturnRanges(naclAdminPorts(c)).length;
            if (rules + fixed > 20)
                add(
                    ["network", "spokes", i, "segment"],
                    `network.eastWest needs ${rules + fixed} NACL rules for this segment (expected at most 20, the AWS NACL quota)`,
                );
        });
    });

    // Identity: groups, permission sets, targets.
    group(() => {
        const groups = new Set(c.identity.groups);
        duplicates(c.identity.groups).forEach((i) => add(["identity", "groups", i], "group listed twice (expected unique groups)"));
        const permissionSets = new Set<string>(builtInPermissionSets);
        for (const name of Object.keys(c.identity.permissionSets)) {
            if (!permissionSets.has(name))
                add(["identity", "permissionSets", name], `unknown permission set (expected one of ${builtInPermissionSets.join(", ")})`);
        }
        c.identity.assignments.forEach((a, i) => {
            const p = ["identity", "assignments", i];
            if (!groups.has(a.group)) add([...p, "group"], `unknown group (expected one of identity.groups: ${[...groups].join(", ")})`);
            if (!permissionSets.has(a.permissionSet))
                add([...p, "permissionSet"], `unknown permission set (expected one of ${[...permissionSets].join(", ")})`);
            a.accounts.forEach((acct, j) => accountRef([...p, "accounts", j], acct, true));
            a.ous.forEach((ou, j) => ouRef([...p, "ous", j], ou));
        });
        for (const [name, g] of Object.entries(c.endpoint.verifiedAccess.groups))
            if (!groups.has(g.identityCenterGroup))
                add(
                    ["endpoint", "verifiedAccess", "groups", name, "identityCenterGroup"],
                    `unknown group (expected one of identity.groups: ${[...groups].join(", ")})`,
                );
        if (c.identity.breakGlass && !c.identity.breakGlass.trustedAccountIds.includes(c.managementAccountId)) {
            add(
                ["identity", "breakGlass", "trustedAccountIds"],
                `break-glass is not trusted from the management account (expected it to include ${c.managementAccountId})`,
            );
        }
    });
    // Data: backup retention must fit the vault lock, or every recovery point is rejected.
    group(() => {
        const b = c.data.backup;
        const lock = b.vaultLock;
        if (lock.minRetentionDays > lock.maxRetentionDays)
            add(["data", "backup", "vaultLock", "minRetentionDays"], `exceeds maxRetentionDays ${lock.maxRetentionDays} (expected at most it)`);
        if (b.retentionDays < lock.minRetentionDays || b.retentionDays > lock.maxRetentionDays)
            add(
                ["data", "backup", "retentionDays"],
                `outside the vault lock range (expected ${lock.minRetentionDays}-${lock.maxRetentionDays} days, data.backup.vaultLock)`,
            );
    });

    // Identity: where each permission set may go, and what its access conditions need.
    group(() => {
        const id = c.identity;
        const accounts = assignableAccounts(c.organization);
        const byName = new Map(accounts.map((a) => [a.name, a]));
        id.assignments.forEach((a, i) => {
            const p = ["identity", "assignments", i];
            a.accounts.forEach((name, j) => {
                const account = byName.get(name);
                const problem = account && targetProblem(a.permissionSet, account);
                if (problem) add([...p, "accounts", j], problem);
            });
            a.ous.forEach((ou, j) => {
                for (const account of accountsInOu(accounts, ou)) {
                    const problem = targetProblem(a.permissionSet, account);
                    if (problem) add([...p, "ous", j], `OU contains ${account.name}: ${problem}`);
                }
            });
        });
    });
    // Separate groups, so one malformed identity value does not hide the other rules' findings.
    group(() => {
        const id = c.identity;
        const attributeKeys = id.accessControlAttributes.map((a) => a.key);
        duplicates(attributeKeys).forEach((i) => add(["identity", "accessControlAttributes", i, "key"], "attribute key listed twice (expected unique keys)"));
        // Identity Center replaces a SAML AccessControl value with the identity store's for every key the instance maps, and
        // the identity store holds no device verdict: the key must come only from the IdP's sign-in assertion.
        const mapped = attributeKeys.indexOf(id.deviceComplianceAttribute);
        if (mapped >= 0)
            add(
                ["identity", "accessControlAttributes", mapped, "key"],
                `maps the device-compliance attribute from the identity store, which replaces the identity provider's sign-in verdict with a stored value (got ${id.deviceComplianceAttribute} = ${id.accessControlAttributes[mapped].source}; expected no entry for it: the identity provider sends https://aws.amazon.com/SAML/Attributes/AccessControl:${id.deviceComplianceAttribute})`,
            );
    });
    group(() => {
        const id = c.identity;
        const needNetwork = builtInPermissionSets.filter((set) => effectiveConditions(id, set).requireTrustedNetwork);
        if (needNetwork.length > 0 && id.trustedNetworks.cidrs.length + id.trustedNetworks.vpcEndpointIds.length === 0) {
            add(
                ["identity", "trustedNetworks"],
                `${needNetwork.join(", ")} require a trusted network for sensitive actions but none is configured (expected cidrs or vpcEndpointIds, or requireTrustedNetwork: false on those sets)`,
            );
        }
    });
    group(() => {
        const bg = c.identity.breakGlass;
        if (bg) {
            duplicates(bg.roleNames).forEach((i) => add(["identity", "breakGlass", "roleNames", i], "role listed twice (expected unique role names)"));
            bg.readOnlyRoleNames.forEach((r, i) => {
                if (!bg.roleNames.includes(r))
                    add(["identity", "breakGlass", "readOnlyRoleNames", i], `not a break-glass role (expected one of ${bg.roleNames.join(", ")})`);
            });
        }
    });
    group(() => {
        duplicates(c.identity.accessAnalyzer.archiveRules.map((r) => `${r.analyzer}/${r.name}`)).forEach((i) =>
            add(["identity", "accessAnalyzer", "archiveRules", i, "name"], "archive rule name used twice for the same analyzer (expected unique names)"),
        );
    });
    // Response: global-service events arrive in one region of the organization's own partition.
    group(() => {
        const partition = partitionOf(c.regions.home);
        if (partitionOf(c.response.globalEventsRegion) !== partition)
            add(
                ["response", "globalEventsRegion"],
                `region is outside the ${partition} partition of the home region (expected ${GLOBAL_EVENTS_REGIONS[partition] ?? "a region of that partition"})`,
            );
    });

    // Organization policies: SCP/RCP and management-policy sizes and per-target attachment counts.
    group(() => organizationPolicyProblems(c).forEach((p) => add([...p.path], p.message)));
    group(() => endpointProblems(c.endpoint).forEach((p) => add(p.path, p.message)));
    group(() => managedDomainListProblems(c.network.regions).forEach((p) => add(p.path, p.message)));
    group(() => egressDomainProblems(c.network).forEach((p) => add(p.path, p.message)));

    return problems;
}

/**
 * Administration ports the pack's NACL policy checks in this stack (its `ports` parameter, else the
 * default): spoke and inspection NACLs admit internet return traffic only around them.
 */
export function naclAdminPorts(c: LandingZoneConfig): number[] {
    return naclAdminPortsOf(c.policyPack ?? {});
}

interface ConfigAccount {
    readonly name: string;
    readonly email: string;
    readonly ou: string;
    readonly path: (string | number)[];
}

function allAccounts(c: LandingZoneConfig): ConfigAccount[] {
    return [
        ...Object.entries(c.organization.coreAccounts).map(([role, a]) => ({ ...a, path: ["organization", "coreAccounts", role] })),
        ...c.organization.workloadAccounts.map((a, i) => ({ ...a, path: ["organization", "workloadAccounts", i] })),
    ];
}

function duplicates(values: readonly string[]): number[] {
    const seen = new Set<string>();
    const out: number[] = [];
    values.forEach((v, i) => (seen.has(v) ? out.push(i) : seen.add(v)));
    return out;
}

/** The range of a CIDR, or undefined for a malformed one (which the schema reports). */
function tryRange(cidr: string): { start: bigint; end: bigint; prefix: number } | undefined {
    try {
        return cidrRange(cidr);
    } catch {
        return undefined;
    }
}

/** True when inner lies in outer; a malformed side is the schema's to report, not a containment problem. */
function contains(outer: string, inner: string): boolean {
    const o = tryRange(outer);
    const i = tryRange(inner);
    return !o || !i || (i.start >= o.start && i.end <= o.end);
}

/** Every overlapping pair, reported once against the later entry. */
function overlaps<T extends { cidr: string }>(blocks: readonly T[]): [T, T][] {
    const ranges = blocks.flatMap((b) => {
        const r = tryRange(b.cidr);
        return r ? [{ b, ...r }] : [];
    });
    const out: [T, T][] = [];
    for (let i = 0; i < ranges.length; i++) {
        for (let j = i + 1; j < ranges.length; j++) {
            if (ranges[i].start <= ranges[j].end && ranges[j].start <= ranges[i].end) out.push([ranges[i].b, ranges[j].b]);
        }
    }
    return out;
}

/** `landing-zone:network.spokes[2].cidr` for ["network", "spokes", 2, "cidr"]. */
export function keyPath(path: readonly (string | number | symbol)[]): string {
    const [head, ...rest] = path;
    let out = head === undefined ? CONFIG_NAMESPACE : `${CONFIG_NAMESPACE}:${String(head)}`;
    for (const p of rest) out += typeof p === "number" ? `[${p}]` : /^[A-Za-z_][\w]*$/.test(String(p)) ? `.${String(p)}` : `["${String(p)}"]`;
    return out;
}

function valueAt(raw: unknown, path: readonly (string | number | symbol)[]): unknown {
    let v: unknown = raw;
    for (const p of path) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<string | number | symbol, unknown>)[p as string];
    }
    return v;
}

function show(value: unknown): string {
    if (value === undefined) return "nothing";
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Turns a zod issue into "<what is wrong> (expected <what>)". */
function describeIssue(issue: z.core.$ZodIssue): string {
    switch (issue.code) {
        case "invalid_type":
            // A schema's own message (ending "(expected ...)") says more than the type it wanted.
            if (/\(expected .*\)$/s.test(issue.message)) return issue.message;
            return issue.input === undefined ? `missing required value (expected ${issue.expected})` : `wrong type (expected ${issue.expected})`;
        case "invalid_value":
            return `not an allowed value (expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")})`;
        case "too_small":
            return issue.origin === "array" ? `too few entries (expected at least ${issue.minimum})` : `too small (expected at least ${issue.minimum})`;
        case "too_big":
            return issue.origin === "array" ? `too many entries (expected at most ${issue.maximum})` : `too big (expected at most ${issue.maximum})`;
        case "invalid_union":
            return `does not match any allowed shape (expected ${issue.errors.map((e) => e.map((x) => describeIssue(x)).join(" and ")).join(", or ")})`;
        case "invalid_key":
            return `invalid key: ${issue.issues.map(describeIssue).join("; ")}`;
        default:
            return /\(expected .*\)$/.test(issue.message) ? issue.message : `${issue.message} (expected a valid value)`;
    }
}

/** A network plan's messages say `--region <region>` for the command that looks a value up: name the plan's region. */
function inRegion(path: readonly PropertyKey[], message: string): string {
    return path[0] === "network" && path[1] === "regions" && typeof path[2] === "string" ? message.split("<region>").join(path[2]) : message;
}

/** "<key path>: <what is wrong> (got <value>; expected <what>)". */
function formatProblem(raw: unknown, path: readonly (string | number | symbol)[], message: string): string {
    const got = show(valueAt(raw, path));
    const m = /^(.*) \(expected (.*)\)$/s.exec(message);
    return m ? `${keyPath(path)}: ${m[1]} (got ${got}; expected ${m[2]})` : `${keyPath(path)}: ${message} (got ${got})`;
}

/** Top-level keys that no longer belong in the stack file, and where their content went. */
const MOVED_KEYS: Readonly<Record<string, string>> = {
    policyPack: "the policy pack's config is policypack/config/<stack>.json, the file the engine gets as --policy-pack-config (policypack/README.md)",
};

/**
 * Validates a whole stack config (the `landing-zone:*` keys, namespace stripped) and returns it typed.
 * `pack` is the stack's policy pack config file (readPolicyPackConfig): its policies' parameters are
 * checked against their schemas and against the stack config, and its problems are reported as
 * `<file>: <key path>: <what is wrong> (got <value>; expected <what>)` with the stack config's. Only
 * tests that build resources from the stack config alone leave it out (the pack config is then `{}`).
 * Throws ConfigError listing every problem at once; nothing is registered before this returns.
 */
export function parseLandingZoneConfig(raw: Record<string, unknown>, source = "stack config", pack?: PolicyPackSource): LandingZoneConfig {
    // reportInput: an issue carries the value it concerns, so a wrong-typed value is not called missing.
    const parsed = baseSchema.safeParse(raw, { reportInput: true });
    const schemaProblems = parsed.success
        ? []
        : parsed.error.issues.flatMap((issue): ConfigProblem[] =>
              issue.code === "unrecognized_keys"
                  ? issue.keys.map((k) => ({
                        path: [...(issue.path as (string | number)[]), k],
                        message:
                            issue.path.length === 0 && MOVED_KEYS[k]
                                ? `no longer a stack config key (expected it removed: ${MOVED_KEYS[k]})`
                                : "unknown key (expected one of the keys documented in README's config reference)",
                    }))
                  : [{ path: issue.path as (string | number)[], message: inRegion(issue.path, describeIssue(issue)) }],
          );
    const settings: PolicyPackSettings = pack?.config ?? {};
    const config = { ...(parsed.success ? parsed.data : bestEffort(raw)), policyPack: settings };
    const reported = new Set(schemaProblems.map((p) => keyPath(p.path)));
    const crossProblems = crossFieldProblems(config).filter((p) => !reported.has(keyPath(p.path)));
    const problems = [...schemaProblems, ...crossProblems].map((p) => formatProblem(raw, p.path, p.message));
    if (pack?.problem) problems.push(`${pack.file}: ${pack.problem}`);
    if (pack?.config) problems.push(...policyPackProblems(settings, config.identity).map((p) => `${pack.file}: ${formatPolicyConfigProblem(settings, p)}`));
    if (problems.length > 0 || !parsed.success) throw new ConfigError(problems, source);
    return config;
}

/** Each section parsed on its own (defaults applied) where it is valid, raw where it is not. */
function bestEffort(raw: Record<string, unknown>): LandingZoneConfig {
    const out: Record<string, unknown> = { ...raw };
    for (const [key, schema] of Object.entries(baseSchema.shape)) {
        const section = (schema as z.ZodType).safeParse(raw[key]);
        if (section.success) out[key] = section.data;
    }
    return out as LandingZoneConfig;
}

/** Splits `landing-zone:<key>` entries of a Pulumi config map into the raw object the schema reads. */
export function namespacedConfig(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
        if (key.startsWith(`${CONFIG_NAMESPACE}:`)) out[key.slice(CONFIG_NAMESPACE.length + 1)] = value;
    }
    return out;
}

/**
 * Reads the running stack's config through pulumi.Config. On invalid config it logs every problem
 * and stops the program with a RunError, which the CLI reports without a stack trace.
 */
export function loadStackConfig(): LandingZoneConfig {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    const raw: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const key of CONFIG_KEYS) {
        // The CLI passes strings as-is and structured values as JSON; every top-level key is one or the other.
        const text = config.get(key);
        if (text === undefined) continue;
        try {
            const parsed = JSON.parse(text) as unknown;
            raw[key] = parsed !== null && typeof parsed === "object" ? parsed : text;
        } catch {
            raw[key] = text;
        }
    }
    const declared = Object.keys(pulumi.runtime.allConfig()).filter((k) => k.startsWith(`${CONFIG_NAMESPACE}:`));
    for (const key of declared) {
        const short = key.slice(CONFIG_NAMESPACE.length + 1);
        if (!(CONFIG_KEYS as readonly string[]).includes(short))
            problems.push(
                MOVED_KEYS[short]
                    ? `${key}: no longer a stack config key (got it set; expected it removed: ${MOVED_KEYS[short]})`
                    : `${key}: unknown key (got it set; expected one of ${CONFIG_KEYS.join(", ")})`,
            );
    }
    const stack = pulumi.getStack();
    // The same file the engine gets as --policy-pack-config: one source of truth for the pack's config.
    const pack = readPolicyPackConfig(projectDirectory(pulumi.runtime.getRootDirectory()), stack);
    let parsed: LandingZoneConfig | undefined;
    try {
        parsed = parseLandingZoneConfig(raw, `stack ${stack}`, pack);
    } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        problems.push(...err.problems);
    }
    if (problems.length > 0 || !parsed) throw new pulumi.RunError(new ConfigError(problems, `stack ${stack}`).message);
    return parsed;
}
