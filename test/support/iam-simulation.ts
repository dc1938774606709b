/**
 * Offline IAM policy simulation for tests, over the cloud-copilot IAM model (AGPL, so tests only).
 *
 * `simulateTable(policies, requests)` runs a table of requests through `@cloud-copilot/iam-simulate`
 * against one set of documents (identity policies, SCPs, RCPs, a resource policy, a permission
 * boundary) and returns each request's decision and the Sids that decided it. `expectDecisions` does
 * the same and throws one error listing every request whose decision differs from the table. The
 * document checks (`expectValidDocuments`, iam-documents.ts) are re-exported here, as tests use both.
 *
 * Usage (an SCP, with FullAWSAccess added for you; identity policies default to allow-all):
 * ```ts
 * const scp = identityGuardrailsScp(inputs);
 * await expectValidDocuments({ scp });
 * const outcomes = await expectDecisions({ scps: { scp } }, [
 *   { description: "root user lists buckets", principal: "arn:aws:iam::111111111111:root",
 *     action: "s3:ListAllMyBuckets", resource: "*", expected: "ExplicitlyDenied", statement: "DenyRootUser" },
 *   { description: "root-access session unlocks a bucket policy", principal: "arn:aws:iam::111111111111:root",
 *     action: "s3:DeleteBucketPolicy", resource: "arn:aws:s3:::b", context: { "aws:AssumedRoot": "true" },
 *     expected: "Allowed", statement: "DenyRootUser" },
 * ], { defaultContext: { "aws:RequestedRegion": "eu-west-1" } });
 * assert.deepEqual(uncoveredStatements([scp], outcomes), []);
 * ```
 * For a permission set or role, pass `identity` (and `permissionBoundary`); for a bucket or key
 * policy, `resourcePolicy` and the request's `resourceAccount`. aws:PrincipalArn,
 * aws:PrincipalAccount and aws:PrincipalIsAWSService are filled in from the principal; every other
 * key a row depends on goes in `context` (or `defaultContext`), as iam-simulate infers nothing.
 */
import { getDenialReasons, runSimulation, type Simulation, type SimulationOrgPolicies } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../components/policies/document";
import { arnAccount } from "../../tools/runtime-call-model";
import { wildcardPattern } from "./iam-documents";

/** The three outcomes of an IAM authorization decision. */
export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** Policies by name; the name shows up in failure messages. */
export type NamedPolicies = Readonly<Record<string, PolicyDocument>>;

/** SCPs or RCPs attached at one level of the organization (root, an OU, or the account). */
export interface OrgPolicyLevel {
    /** Identifier of the level, e.g. "r-root", "ou-workloads", "111111111111". */
    readonly target: string;
    readonly policies: NamedPolicies;
}

/** The documents a request is evaluated against. Omitted kinds do not take part. */
export interface PolicySet {
    /**
     * Identity policies of the principal. When omitted, an allow-all identity policy is used, so the
     * simulation shows what the other documents (SCPs, RCPs, boundary) let through.
     */
    readonly identity?: NamedPolicies;
    /**
     * SCPs. A flat record is one level (as if attached to the account); an array gives the levels
     * from the root down to the account. The AWS-managed FullAWSAccess is added to every level unless
     * `fullAwsAccess` is false, as in AWS where it is attached everywhere by default.
     */
    readonly scps?: NamedPolicies | readonly OrgPolicyLevel[];
    /** RCPs, same shapes as `scps`. RCPFullAWSAccess is always implied (iam-simulate adds it). */
    readonly rcps?: NamedPolicies | readonly OrgPolicyLevel[];
    /** Attach FullAWSAccess at each SCP level (default true). */
    readonly fullAwsAccess?: boolean;
    /** Resource-based policy of the target resource (bucket policy, key policy, trust policy...). */
    readonly resourcePolicy?: PolicyDocument;
    /** Permission boundary of the principal. */
    readonly permissionBoundary?: PolicyDocument;
}

/** One row of a simulation table. */
export interface SimulationRequest {
    /** What the row shows, in words; it names the row in failure messages. */
    readonly description: string;
    /** Principal ARN making the request (role, assumed-role session, user, root) or a service principal. */
    readonly principal: string;
    /** IAM action, e.g. "s3:GetObject". */
    readonly action: string;
    /** Resource ARN, or "*" for actions that take no resource. */
    readonly resource: string;
    /** Account owning the resource; defaults to the account in the resource ARN, else the principal's. */
    readonly resourceAccount?: string;
    /** Request context keys (aws:RequestedRegion, ec2:MetadataHttpTokens, ...). */
    readonly context?: Readonly<Record<string, string | readonly string[]>>;
    /** The decision the request must get. */
    readonly expected: Decision;
    /**
     * Sid of the statement the row exercises. For an ExplicitlyDenied row the denial must come from a
     * statement with this Sid; an Allowed row with a Sid is the "nearby request it still allows".
     * `uncoveredStatements` counts both.
     */
    readonly statement?: string;
}

/** A row builder for one principal: description, action, resource, expected decision, then any field to override. */
export function requestsBy(
    principal: string,
    context: Readonly<Record<string, string>>,
): (description: string, action: string, resource: string, expected: Decision, extra?: Partial<SimulationRequest>) => SimulationRequest {
    return (description, action, resource, expected, extra = {}) => ({ description, principal, action, resource, context: { ...context }, expected, ...extra });
}

/** The outcome of one simulated request. */
export interface SimulationOutcome {
    readonly request: SimulationRequest;
    /** The decision iam-simulate reached, or "Error" when it rejected the input. */
    readonly decision: Decision | "Error";
    /** Sids of the statements that explicitly denied the request. */
    readonly deniedBy: readonly string[];
    /** Context keys the request supplied that do not apply to the action (iam-simulate drops them). */
    readonly ignoredContextKeys: readonly string[];
    /** Input errors, when decision is "Error". */
    readonly error?: string;
}

/** Options for a table run. */
export interface TableOptions {
    /** Context merged under every request's own context (e.g. aws:RequestedRegion for a whole table). */
    readonly defaultContext?: Readonly<Record<string, string | readonly string[]>>;
    /**
     * Fail a request that supplies context keys the action does not support (default true): such a
     * key never reaches evaluation, so a row relying on it would prove nothing.
     */
    readonly strictContext?: boolean;
}

/** The AWS-managed SCP attached to every root, OU and account by default. */
export const FULL_AWS_ACCESS: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Sid: "FullAWSAccess", Effect: "Allow", Action: "*", Resource: "*" }],
};

const ALLOW_ALL_IDENTITY: NamedPolicies = {
    AllowAll: { Version: "2012-10-17", Statement: [{ Sid: "AllowAll", Effect: "Allow", Action: "*", Resource: "*" }] },
};

/** Runs one request against a policy set. */
export async function simulate(policies: PolicySet, request: SimulationRequest, options: TableOptions = {}): Promise<SimulationOutcome> {
    const context: Record<string, string | string[]> = {
        ...implicitContext(request.principal),
        ...mutable(options.defaultContext ?? {}),
        ...mutable(request.context ?? {}),
    };
    const simulation: Simulation = {
        request: {
            principal: request.principal,
            action: request.action,
            resource: { resource: request.resource, accountId: request.resourceAccount ?? arnAccount(request.resource) ?? arnAccount(request.principal) ?? "" },
            contextVariables: context,
        },
        identityPolicies: named(policies.identity ?? ALLOW_ALL_IDENTITY),
        serviceControlPolicies: levels(policies.scps, policies.fullAwsAccess ?? true),
        resourceControlPolicies: levels(policies.rcps, false),
        resourcePolicy: policies.resourcePolicy,
        permissionBoundaryPolicies: policies.permissionBoundary ? [{ name: "PermissionBoundary", policy: policies.permissionBoundary }] : undefined,
    };
    const response = await runSimulation(simulation, {});
    if (response.resultType === "error") {
        return { request, decision: "Error", deniedBy: [], ignoredContextKeys: [], error: `${response.errors.message}: ${JSON.stringify(response.errors)}` };
    }
    const results = response.resultType === "single" ? [response.result] : response.results;
    const deniedBy = new Set<string>();
    const ignored = new Set<string>();
    for (const result of results) {
        for (const reason of getDenialReasons(result.analysis)) {
            if (reason.denialType === "Explicit") deniedBy.add(reason.statementId ?? `#${reason.statementIndex}`);
        }
        for (const key of result.ignoredContextKeys ?? []) ignored.add(key);
    }
    // Keys the helper fills in for every request are not the row's doing.
    for (const key of Object.keys(implicitContext(request.principal))) if (!(request.context && key in request.context)) ignored.delete(key);
    return { request, decision: response.overallResult, deniedBy: [...deniedBy].sort(), ignoredContextKeys: [...ignored].sort() };
}

/** Runs every request of a table against one policy set, in order. */
export async function simulateTable(policies: PolicySet, requests: readonly SimulationRequest[], options: TableOptions = {}): Promise<SimulationOutcome[]> {
    const out: SimulationOutcome[] = [];
    for (const request of requests) out.push(await simulate(policies, request, options));
    return out;
}

/** Problems of one outcome against its row: wrong decision, wrong deciding statement, dropped context. */
export function outcomeProblems(outcome: SimulationOutcome, options: TableOptions = {}): string[] {
    const { request } = outcome;
    const problems: string[] = [];
    if (outcome.decision === "Error") problems.push(`simulation rejected the request: ${outcome.error}`);
    else if (outcome.decision !== request.expected)
        problems.push(`got ${outcome.decision}${outcome.deniedBy.length ? ` (denied by ${outcome.deniedBy.join(", ")})` : ""}, expected ${request.expected}`);
    else if (request.expected === "ExplicitlyDenied" && request.statement && !outcome.deniedBy.includes(request.statement))
        problems.push(`denied by ${outcome.deniedBy.join(", ")}, expected statement ${request.statement} to deny it`);
    if ((options.strictContext ?? true) && outcome.ignoredContextKeys.length > 0)
        problems.push(`context keys ${outcome.ignoredContextKeys.join(", ")} do not apply to ${request.action} and were ignored`);
    return problems.map((p) => `${request.description} [${request.action} on ${request.resource} by ${request.principal}]: ${p}`);
}

/**
 * Runs a table and throws one error listing every row whose outcome differs from what it expects.
 * Returns the outcomes for coverage checks and counting.
 */
export async function expectDecisions(policies: PolicySet, requests: readonly SimulationRequest[], options: TableOptions = {}): Promise<SimulationOutcome[]> {
    const outcomes = await simulateTable(policies, requests, options);
    const problems = outcomes.flatMap((o) => outcomeProblems(o, options));
    if (problems.length > 0) throw new Error(`${problems.length} of ${requests.length} simulated requests are wrong:\n  - ${problems.join("\n  - ")}`);
    return outcomes;
}

/**
 * Statements of the documents not proven by the outcomes: every Deny statement needs a request it
 * denied (by Sid) and a request tagged with its Sid that was allowed; every Allow statement needs a
 * request tagged with its Sid that was allowed. Returns "Sid: missing ..." lines; empty when covered.
 */
export function uncoveredStatements(documents: readonly PolicyDocument[], outcomes: readonly SimulationOutcome[]): string[] {
    const out: string[] = [];
    for (const doc of documents) {
        for (const s of doc.Statement) {
            const denied = outcomes.some((o) => o.decision === "ExplicitlyDenied" && o.request.expected === "ExplicitlyDenied" && o.deniedBy.includes(s.Sid));
            const allowed = outcomes.some((o) => o.decision === "Allowed" && o.request.expected === "Allowed" && o.request.statement === s.Sid);
            if (s.Effect === "Deny" && !denied) out.push(`${s.Sid}: no simulated request is denied by it`);
            if (!allowed) out.push(`${s.Sid}: no nearby simulated request is shown to be allowed`);
        }
    }
    return out;
}

/**
 * A policy as IAM stores it once a role it names as Principal is deleted: IAM resolves a role
 * principal to the role's unique id (AROA...) when the policy is saved and shows that id once the role
 * is gone, so a new role of the same name does not match. Strings in conditions stay as written.
 * Simulating the re-created role (same ARN) against the result shows whether the trust survives.
 */
export function storedAfterRoleDeleted(policy: PolicyDocument, roleArn: string, uniqueId: string): PolicyDocument {
    if (!/^AROA[A-Z0-9]{16,}$/.test(uniqueId)) throw new Error(`storedAfterRoleDeleted: "${uniqueId}" is not a role's unique id (AROA...)`);
    const swap = (v: string | readonly string[]) => (typeof v === "string" ? (v === roleArn ? uniqueId : v) : v.map((x) => (x === roleArn ? uniqueId : x)));
    return {
        ...policy,
        Statement: policy.Statement.map((st) =>
            st.Principal && st.Principal !== "*" && st.Principal.AWS !== undefined
                ? { ...st, Principal: { ...st.Principal, AWS: swap(st.Principal.AWS) } }
                : st,
        ),
    };
}

// ---------------------------------------------------------------------------------------------

function mutable(context: Readonly<Record<string, string | readonly string[]>>): Record<string, string | string[]> {
    return Object.fromEntries(Object.entries(context).map(([k, v]) => [k, typeof v === "string" ? v : [...v]]));
}

function named(policies: NamedPolicies): { name: string; policy: PolicyDocument }[] {
    return Object.entries(policies).map(([name, policy]) => ({ name, policy }));
}

function levels(input: NamedPolicies | readonly OrgPolicyLevel[] | undefined, fullAwsAccess: boolean): SimulationOrgPolicies[] {
    if (input === undefined) return [];
    const list: readonly OrgPolicyLevel[] = Array.isArray(input)
        ? (input as readonly OrgPolicyLevel[])
        : [{ target: "account", policies: input as NamedPolicies }];
    return list.map((level) => ({
        orgIdentifier: level.target,
        policies: [...(fullAwsAccess ? [{ name: "FullAWSAccess", policy: FULL_AWS_ACCESS }] : []), ...named(level.policies)],
    }));
}

/**
 * Keys AWS sets on every signed request: for an IAM principal its ARN (for an assumed-role session
 * the role's ARN, as in AWS), its account, and aws:PrincipalIsAWSService false; for a service
 * principal aws:PrincipalIsAWSService true and aws:PrincipalServiceName.
 */
function implicitContext(principal: string): Record<string, string> {
    if (/^[a-z0-9.-]+\.amazonaws\.com$/.test(principal)) return { "aws:PrincipalIsAWSService": "true", "aws:PrincipalServiceName": principal };
    const account = arnAccount(principal);
    if (!principal.startsWith("arn:") || !account) return {};
    const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(principal);
    const principalArn = session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : principal;
    return { "aws:PrincipalArn": principalArn, "aws:PrincipalAccount": account, "aws:PrincipalIsAWSService": "false" };
}

/**
 * iam-simulate drops kms:EncryptionContext:<key> when <key> has colons (aws:logs:arn), so a statement
 * conditioned on it would never match. The test decides those conditions itself (ArnLike/StringLike/
 * StringEquals against the request's value) and hands the simulator the statement without them, or
 * without the statement when they do not hold.
 */
export function resolveEncryptionContext(policy: PolicyDocument | undefined, context: Readonly<Record<string, string>>): PolicyDocument | undefined {
    if (!policy) return policy;
    const like = (pattern: string, value: string) => wildcardPattern(pattern).test(value);
    const statements = policy.Statement.flatMap((st) => {
        if (!st.Condition) return [st];
        const condition: Record<string, Record<string, unknown>> = {};
        let holds = true;
        for (const [operator, keys] of Object.entries(st.Condition as Record<string, Record<string, unknown>>)) {
            for (const [key, expected] of Object.entries(keys)) {
                if (!key.startsWith("kms:EncryptionContext:") || !["ArnLike", "StringLike", "StringEquals", "ArnEquals"].includes(operator)) {
                    condition[operator] = { ...(condition[operator] ?? {}), [key]: expected };
                    continue;
                }
                const value = context[key];
                const patterns = (Array.isArray(expected) ? expected : [expected]).map(String);
                holds &&= value !== undefined && patterns.some((p) => (operator.endsWith("Like") ? like(p, value) : p === value));
            }
        }
        if (!holds) return st.Effect === "Allow" ? [] : [st];
        return [{ ...st, ...(Object.keys(condition).length > 0 ? { Condition: condition } : { Condition: undefined }) }];
    });
    return {
        ...policy,
        Statement: statements.map((st) => (st.Condition === undefined ? (({ Condition: _c, ...rest }) => rest)(st) : st)) as PolicyDocument["Statement"],
    };
}
